import Foundation
import Privacy
import TollbookCore
import Yams

/// Reads the policy sub-keys of `privacy:` — `packages`, `default_package`, `assignments` and
/// `protected` — into a ``PrivacyPolicy`` (see `docs/privacy.md`, "Categories, packages and
/// protected numbers").
struct PrivacyPolicyReader {
    let reader: YAMLReader
    /// The configuration file's folder, for relative `numbers_file` paths.
    let base: String
    /// The zone `from:` dates are read in (UTC).
    let timeZone: TimeZone

    /// The keys this reader handles.
    static let keys: Set<String> = ["packages", "default_package", "assignments", "protected"]

    /// The policy of the `privacy:` mapping's `fields` (the section's key is `key`).
    func policy(_ fields: [String: Node], key: String) throws -> PrivacyPolicy {
        var packages: [PrivacyPackage] = [.evn3]
        if let node = fields["packages"] {
            for (index, item) in try reader.sequence(node, key: "\(key).packages").enumerated() {
                let package = try self.package(item, key: "\(key).packages[\(index)]")
                if package.name == PrivacyPackage.standardName || packages.contains(where: { $0.name == package.name }) {
                    throw reader.fail(item, "\(key).packages[\(index)].name",
                                      "the package \(package.name) is built in or given twice")
                }
                packages.append(package)
            }
        }
        let known = Set(packages.map(\.name) + [PrivacyPackage.standardName])
        var defaultName = PrivacyPackage.standardName
        if let node = fields["default_package"] {
            defaultName = try reader.string(node, key: "\(key).default_package")
            guard known.contains(defaultName) else {
                throw reader.fail(node, "\(key).default_package", "no package is named \(defaultName) (known: \(known.sorted().joined(separator: ", ")))")
            }
        }
        var assignments: [Privacy.PackageAssignment] = []
        if let node = fields["assignments"] {
            for (index, item) in try reader.sequence(node, key: "\(key).assignments").enumerated() {
                assignments.append(try assignment(item, key: "\(key).assignments[\(index)]", known: known))
            }
        }
        var classes = ProtectedClass.builtIn
        if let node = fields["protected"] {
            for (index, item) in try reader.sequence(node, key: "\(key).protected").enumerated() {
                try protectedClass(item, key: "\(key).protected[\(index)]", into: &classes)
            }
        }
        return PrivacyPolicy(packages: packages, defaultPackage: defaultName, assignments: assignments,
                             protectedClasses: classes)
    }

    private func package(_ node: Node, key: String) throws -> PrivacyPackage {
        let categories = CallCategory.allCases.map(\.rawValue)
        let fields = try reader.mapping(node, key: key, allowed: Set(["name"] + categories))
        guard let nameNode = fields["name"] else { throw reader.fail(node, "\(key).name", "missing: every package needs a name") }
        let name = try reader.string(nameNode, key: "\(key).name")
        guard !name.isEmpty else { throw reader.fail(nameNode, "\(key).name", "must not be empty") }
        var package = PrivacyPackage(name: name)
        for category in CallCategory.allCases {
            guard let categoryNode = fields[category.rawValue] else { continue }
            let categoryKey = "\(key).\(category.rawValue)"
            let actions = try reader.mapping(categoryNode, key: categoryKey, allowed: Set(PrivacyField.allCases.map(\.rawValue)))
            for field in PrivacyField.allCases {
                guard let actionNode = actions[field.rawValue] else { continue }
                package.actions[category, default: [:]][field] = try action(actionNode, key: "\(categoryKey).\(field.rawValue)",
                                                                            field: field)
            }
        }
        return package
    }

    /// `show`, `hide`, `delete` or (numbers only) `mask N`.
    private func action(_ node: Node, key: String, field: PrivacyField) throws -> FieldAction {
        let text = try reader.string(node, key: key).trimmingCharacters(in: .whitespaces)
        switch text {
        case "show": return .show
        case "hide": return .hide
        case "delete": return .delete
        default:
            let parts = text.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2, parts[0] == "mask", let digits = Int(parts[1]), (1...15).contains(digits) else {
                throw reader.fail(node, key, "must be show, hide, delete or mask N (N from 1 to 15)")
            }
            guard field == .number else { throw reader.fail(node, key, "only a number can be masked (use show, hide or delete)") }
            return .mask(digits: digits)
        }
    }

    private func assignment(_ node: Node, key: String, known: Set<String>) throws -> Privacy.PackageAssignment {
        let fields = try reader.mapping(node, key: key, allowed: ["org", "participant", "package", "from"])
        let target: AssignmentTarget
        switch (fields["org"], fields["participant"]) {
        case let (org?, nil):
            let path = try reader.string(org, key: "\(key).org").split(separator: "/", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard !path.contains(where: \.isEmpty) else {
                throw reader.fail(org, "\(key).org", "must be an org path such as Berlin/Sales/T1")
            }
            target = .orgNode(path: path)
        case let (nil, participant?):
            let value = try reader.string(participant, key: "\(key).participant")
            guard !value.isEmpty else { throw reader.fail(participant, "\(key).participant", "must be an employee id") }
            target = .participant(key: value)
        default:
            throw reader.fail(node, key, "give exactly one of org (an org path) and participant (an employee id)")
        }
        guard let packageNode = fields["package"] else { throw reader.fail(node, "\(key).package", "missing") }
        let package = try reader.string(packageNode, key: "\(key).package")
        guard known.contains(package) else {
            throw reader.fail(packageNode, "\(key).package", "no package is named \(package) (known: \(known.sorted().joined(separator: ", ")))")
        }
        guard let fromNode = fields["from"] else { throw reader.fail(node, "\(key).from", "missing: the date the package applies from") }
        return Privacy.PackageAssignment(target: target, package: package, fromMs: try date(fromNode, key: "\(key).from"))
    }

    /// `YYYY-MM-DD`: midnight of that day in ``timeZone``, as UTC ms.
    private func date(_ node: Node, key: String) throws -> Int64 {
        let text = try reader.string(node, key: key)
        let parts = text.split(separator: "-").compactMap { Int($0) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        guard parts.count == 3, text.count == 10, (1...12).contains(parts[1]), (1...31).contains(parts[2]),
              let day = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
              calendar.component(.day, from: day) == parts[2]
        else { throw reader.fail(node, key, "must be a date YYYY-MM-DD") }
        return Int64((day.timeIntervalSince1970 * 1000).rounded())
    }

    /// A class: a built-in name (`works_council`, `dpo`, `company_doctor`, `counselling`) adds to
    /// that class, another name makes a new one.
    private func protectedClass(_ node: Node, key: String, into classes: inout [ProtectedClass]) throws {
        let fields = try reader.mapping(node, key: key, allowed: ["name", "label", "numbers", "numbers_file", "time", "duration"])
        guard let nameNode = fields["name"] else { throw reader.fail(node, "\(key).name", "missing: every class needs a name") }
        let name = try reader.string(nameNode, key: "\(key).name")
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
            throw reader.fail(nameNode, "\(key).name", "must be a name of letters, digits, _ and -")
        }
        if !classes.contains(where: { $0.name == name }) {
            classes.append(ProtectedClass(name: name, label: name.replacingOccurrences(of: "_", with: " "), numbers: []))
        }
        let position = classes.firstIndex { $0.name == name } ?? classes.count - 1
        if let label = fields["label"] {
            classes[position].label = try reader.string(label, key: "\(key).label")
            guard !classes[position].label.isEmpty else { throw reader.fail(label, "\(key).label", "must not be empty") }
        }
        if let numbers = fields["numbers"] {
            for (index, item) in try reader.sequence(numbers, key: "\(key).numbers").enumerated() {
                let text = try reader.string(item, key: "\(key).numbers[\(index)]")
                do {
                    classes[position].numbers.append(try ProtectedNumbers.normalise(text, line: reader.line(item)))
                } catch let error as ProtectedNumberError {
                    throw reader.fail(item, "\(key).numbers[\(index)]", error.message)
                }
            }
        }
        if let fileNode = fields["numbers_file"] {
            let path = try reader.string(fileNode, key: "\(key).numbers_file")
            let resolved = path.hasPrefix("/") || base.isEmpty ? path : (base as NSString).appendingPathComponent(path)
            guard let data = FileManager.default.contents(atPath: resolved) else {
                throw reader.fail(fileNode, "\(key).numbers_file", "cannot read \(resolved)")
            }
            do {
                classes[position].numbers += try ProtectedNumbers.parseList(String(decoding: data, as: UTF8.self))
            } catch let error as ProtectedNumberError {
                // The number list's own file and line: the entry itself is not repeated.
                throw ConfigurationError(file: resolved, line: error.line, key: "\(key).numbers_file", message: error.message)
            }
        }
        for (field, path) in [("time", \ProtectedClass.time), ("duration", \ProtectedClass.duration)] {
            guard let value = fields[field] else { continue }
            let text = try reader.string(value, key: "\(key).\(field)")
            guard let visibility = ProtectedVisibility(rawValue: text) else {
                throw reader.fail(value, "\(key).\(field)", "must be hidden, shown or long_distance_only")
            }
            classes[position][keyPath: path] = visibility
        }
    }
}

/// Reads a site's `categories:` (private prefixes, private PINs, project codes).
struct CategoryRulesReader {
    let reader: YAMLReader

    func rules(_ node: Node, key: String) throws -> CategoryRules {
        let fields = try reader.mapping(node, key: key, allowed: ["private_prefixes", "private_pins", "project_codes"])
        var rules = CategoryRules()
        if let value = fields["private_prefixes"] {
            rules.privatePrefixes = try reader.strings(value, key: "\(key).private_prefixes")
            for (index, prefix) in rules.privatePrefixes.enumerated()
            where prefix.isEmpty || !prefix.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "*" || $0 == "#") }) {
                throw reader.fail(value, "\(key).private_prefixes[\(index)]", "must be digits, * and # only")
            }
        }
        if let value = fields["private_pins"] {
            rules.privatePINs = try reader.strings(value, key: "\(key).private_pins")
            if let index = rules.privatePINs.firstIndex(where: \.isEmpty) {
                throw reader.fail(value, "\(key).private_pins[\(index)]", "must not be empty")
            }
        }
        if let value = fields["project_codes"] {
            rules.projectCodes = try reader.strings(value, key: "\(key).project_codes")
            if let index = rules.projectCodes.firstIndex(where: \.isEmpty) {
                throw reader.fail(value, "\(key).project_codes[\(index)]", "must not be empty")
            }
        }
        return rules
    }
}
