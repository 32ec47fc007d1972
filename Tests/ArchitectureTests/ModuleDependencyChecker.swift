import Foundation

/// Checks the module graph against the dependency table of `ARCHITECTURE.md`: every target of
/// `Package.swift` (test targets aside) must have a row, and every dependency it declares there
/// or imports in its Swift sources must be allowed by that row (or by its "pending" column, an
/// allowance for a dependency that is still there but due to go).
///
/// It reads only files of the checked tree (`root`), so a test can run it on a temporary copy
/// with a planted violation.
struct ModuleDependencyChecker {
    /// The repository (or a copy of it).
    let root: URL

    /// A target as `Package.swift` declares it.
    struct Target: Equatable {
        /// Target name.
        var name: String
        /// `target`, `executableTarget`, `systemLibrary`, `testTarget`, …
        var kind: String
        /// Target and product names in its `dependencies`.
        var dependencies: [String]
        /// Its sources, relative to the root.
        var path: String
    }

    /// A row of the module table.
    struct Rule: Equatable {
        /// Modules it may depend on.
        var allowed: Set<String>
        /// Dependencies still there that are due to go (allowed until then).
        var pending: Set<String>
    }

    /// Errors reading the files.
    enum CheckError: Error, CustomStringConvertible, Equatable {
        /// A file could not be read.
        case unreadable(String)
        /// `ARCHITECTURE.md` has no module table between the markers.
        case noTable(String)
        /// A row of the table is malformed.
        case badRow(file: String, line: Int, text: String)

        var description: String {
            switch self {
            case let .unreadable(path): return "cannot read \(path)"
            case let .noTable(path): return "\(path): no module table between \(ModuleDependencyChecker.tableBegin) and \(ModuleDependencyChecker.tableEnd)"
            case let .badRow(file, line, text): return "\(file):\(line): a table row needs | module | may depend on | pending |, found: \(text)"
            }
        }
    }

    static let tableBegin = "<!-- module-dependencies:begin -->"
    static let tableEnd = "<!-- module-dependencies:end -->"

    // MARK: Checking

    /// Every violation, in a stable order: targets without a row, then undeclared dependencies in
    /// `Package.swift`, then imports, each sorted.
    func violations() throws -> [String] {
        let targets = try packageTargets()
        let rules = try moduleRules()
        let known = Set(targets.map(\.name)).union(try packageProducts())
        var missing: [String] = []
        var declared: [String] = []
        var imported: [String] = []
        for target in targets where target.kind != "testTarget" {
            guard let rule = rules[target.name] else {
                missing.append("Package.swift: target \(target.name) has no row in ARCHITECTURE.md's module table")
                continue
            }
            for dependency in target.dependencies where !rule.allows(dependency) {
                declared.append("Package.swift: \(target.name) depends on \(dependency), which ARCHITECTURE.md does not allow")
            }
            for use in try imports(of: target) where known.contains(use.module) && use.module != target.name && !rule.allows(use.module) {
                imported.append("\(use.file):\(use.line): \(target.name) imports \(use.module), which ARCHITECTURE.md does not allow")
            }
        }
        return missing.sorted() + declared.sorted() + imported.sorted()
    }

    /// The dependencies that are allowed only as pending, as `Module → Dependency`, sorted: what
    /// is still to go.
    func pendingInUse() throws -> [String] {
        let rules = try moduleRules()
        var result: Set<String> = []
        for target in try packageTargets() where target.kind != "testTarget" {
            guard let rule = rules[target.name] else { continue }
            let used = Set(target.dependencies).union(try imports(of: target).map(\.module))
            for module in used where rule.pending.contains(module) && !rule.allowed.contains(module) {
                result.insert("\(target.name) → \(module)")
            }
        }
        return result.sorted()
    }

    /// The module that owns the schema and issues all SQL (ARCHITECTURE.md, "Only Store issues SQL").
    static let sqlOwner = "Store"

    /// SQL statements in the Swift sources of any target but ``sqlOwner`` (test targets aside),
    /// as `file:line: SQL outside Store`, sorted.
    func sqlOutsideStore() throws -> [String] {
        let pattern = try NSRegularExpression(pattern: #"\b(SELECT\s.+\sFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TEMP\s+)?(TABLE|INDEX|VIEW|TRIGGER)|DROP\s+(TABLE|VIEW|INDEX)|ALTER\s+TABLE|PRAGMA\s+\w+|BEGIN\s+(IMMEDIATE|EXCLUSIVE|TRANSACTION)|SAVEPOINT\s+\w+)\b"#)
        var found: [String] = []
        for target in try packageTargets() where target.kind != "testTarget" && target.name != Self.sqlOwner {
            let folder = root.appendingPathComponent(target.path)
            guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in walker where url.pathExtension == "swift" {
                let relative = target.path + "/" + url.path.dropFirst(folder.path.count + 1)
                guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw CheckError.unreadable(relative) }
                for (offset, line) in text.components(separatedBy: "\n").enumerated() {
                    let range = NSRange(line.startIndex..., in: line)
                    if pattern.firstMatch(in: line, range: range) != nil {
                        found.append("\(relative):\(offset + 1): SQL outside \(Self.sqlOwner)")
                    }
                }
            }
        }
        return found.sorted()
    }

    // MARK: Package.swift

    /// The targets of `Package.swift`, in declaration order.
    func packageTargets() throws -> [Target] {
        let text = Self.strippingComments(try read("Package.swift"))
        let kinds = ["target", "executableTarget", "systemLibrary", "testTarget", "binaryTarget", "plugin", "macro"]
        var targets: [Target] = []
        var position = text.startIndex
        while let (kind, open) = Self.nextCall(in: text, from: position, kinds: kinds) {
            guard let body = Self.balanced(text, from: open) else { break }
            position = body.upperBound
            let arguments = String(text[body])
            guard let name = Self.stringArgument("name", in: arguments) else { continue }
            var dependencies: [String] = []
            if let label = arguments.range(of: "dependencies:"),
               let bracket = arguments[label.upperBound...].firstIndex(of: "["),
               let list = Self.balanced(arguments, from: bracket) {
                dependencies = Self.dependencyNames(String(arguments[list]))
            }
            let defaultFolder = kind == "testTarget" ? "Tests" : "Sources"
            targets.append(Target(name: name, kind: kind, dependencies: dependencies,
                                  path: Self.stringArgument("path", in: arguments) ?? "\(defaultFolder)/\(name)"))
        }
        return targets
    }

    /// Product names used in `.product(name:package:)` dependencies (modules of other packages).
    func packageProducts() throws -> Set<String> {
        let text = Self.strippingComments(try read("Package.swift"))
        var names: Set<String> = []
        var rest = text[...]
        while let range = rest.range(of: ".product(") {
            if let close = rest[range.upperBound...].firstIndex(of: ")"),
               let name = Self.stringArgument("name", in: String(rest[range.upperBound..<close])) {
                names.insert(name)
            }
            rest = rest[range.upperBound...]
        }
        return names
    }

    // MARK: ARCHITECTURE.md

    /// The module table: module → what it may depend on.
    func moduleRules() throws -> [String: Rule] {
        let file = "ARCHITECTURE.md"
        let lines = try read(file).components(separatedBy: "\n")
        guard let begin = lines.firstIndex(where: { $0.contains(Self.tableBegin) }),
              let end = lines[begin...].firstIndex(where: { $0.contains(Self.tableEnd) })
        else { throw CheckError.noTable(file) }
        var rules: [String: Rule] = [:]
        for index in (begin + 1)..<end {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            guard line.hasPrefix("|") else { continue }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 3 else { throw CheckError.badRow(file: file, line: index + 1, text: line) }
            let module = Self.names(cells[0]).first ?? ""
            if module.isEmpty || module == "Module" || cells[0].hasPrefix("-") { continue }
            rules[module] = Rule(allowed: Set(Self.names(cells[1])), pending: Set(Self.names(cells[2])))
        }
        return rules
    }

    /// The module names of a table cell: comma-separated, backticks removed; a remark after an
    /// em dash or in parentheses, and a lone dash (nothing), are not names.
    static func names(_ cell: String) -> [String] {
        var text = cell
        if let dash = text.range(of: " — ") { text = String(text[..<dash.lowerBound]) }
        while let open = text.firstIndex(of: "("), let close = text[open...].firstIndex(of: ")") {
            text.removeSubrange(open...close)
        }
        return text.replacingOccurrences(of: "`", with: "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && $0 != "—" && $0 != "-" }
    }

    // MARK: Imports

    /// An `import` of a Swift source.
    struct Import: Equatable {
        /// The file, relative to the root.
        var file: String
        /// 1-based line.
        var line: Int
        /// The imported module (top-level name).
        var module: String
    }

    /// The `import` lines of the target's Swift sources (none when its folder is missing).
    func imports(of target: Target) throws -> [Import] {
        let folder = root.appendingPathComponent(target.path)
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        var result: [Import] = []
        let files = walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
            .sorted { $0.path < $1.path }
        for url in files {
            let relative = target.path + "/" + url.path.dropFirst(folder.path.count + 1)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw CheckError.unreadable(relative) }
            for (offset, line) in text.components(separatedBy: "\n").enumerated() {
                if let module = Self.importedModule(line) {
                    result.append(Import(file: relative, line: offset + 1, module: module))
                }
            }
        }
        return result
    }

    /// The module an `import` line names (`@testable import X`, `internal import X`,
    /// `import struct X.Y`), or `nil` for any other line.
    static func importedModule(_ line: String) -> String? {
        var words = line.trimmingCharacters(in: .whitespaces).split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let modifiers: Set<String> = ["public", "internal", "package", "private", "fileprivate", "open"]
        while let first = words.first, first.hasPrefix("@") || modifiers.contains(first) { words.removeFirst() }
        guard words.first == "import", words.count >= 2 else { return nil }
        let kinds: Set<String> = ["struct", "class", "enum", "protocol", "typealias", "func", "var", "let"]
        let path = words.count >= 3 && kinds.contains(words[1]) ? words[2] : words[1]
        return path.split(separator: ".").first.map(String.init)
    }

    // MARK: Small parsers

    private func read(_ relative: String) throws -> String {
        guard let text = try? String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8) else {
            throw CheckError.unreadable(relative)
        }
        return text
    }

    /// The text without `//` comments (outside string literals).
    static func strippingComments(_ text: String) -> String {
        text.components(separatedBy: "\n").map { line -> String in
            var inString = false
            var previous: Character = " "
            for index in line.indices {
                let character = line[index]
                if character == "\"" { inString.toggle() }
                if !inString, character == "/", previous == "/" {
                    return String(line[..<line.index(before: index)])
                }
                previous = character
            }
            return line
        }.joined(separator: "\n")
    }

    /// The next `.<kind>(` call from `position`: its kind and the index of its `(`.
    static func nextCall(in text: String, from position: String.Index, kinds: [String]) -> (String, String.Index)? {
        var best: (String, Range<String.Index>)?
        for kind in kinds {
            if let range = text.range(of: ".\(kind)(", range: position..<text.endIndex),
               best.map({ range.lowerBound < $0.1.lowerBound }) ?? true {
                best = (kind, range)
            }
        }
        guard let (kind, range) = best else { return nil }
        return (kind, text.index(before: range.upperBound))
    }

    /// The text inside the bracket at `open` (`(` or `[`) up to its matching closer.
    static func balanced(_ text: String, from open: String.Index) -> Range<String.Index>? {
        let opener = text[open]
        let closer: Character = opener == "(" ? ")" : "]"
        var depth = 0
        var inString = false
        var index = open
        while index < text.endIndex {
            let character = text[index]
            if character == "\"" { inString.toggle() }
            if !inString {
                if character == opener { depth += 1 }
                if character == closer {
                    depth -= 1
                    if depth == 0 { return text.index(after: open)..<index }
                }
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// The string value of `label: "…"` in an argument list.
    static func stringArgument(_ label: String, in arguments: String) -> String? {
        guard let range = arguments.range(of: "\(label):") else { return nil }
        let rest = arguments[range.upperBound...].drop { $0 == " " || $0 == "\n" }
        guard rest.first == "\"", let close = rest.dropFirst().firstIndex(of: "\"") else { return nil }
        return String(rest[rest.index(after: rest.startIndex)..<close])
    }

    /// The names in a `dependencies: [...]` list: plain strings, `.product(name:)`, `.target(name:)`
    /// and `.byName(name:)` (the `package:` of a product is not a dependency name).
    static func dependencyNames(_ list: String) -> [String] {
        var names: [String] = []
        var rest = list[...]
        while let quote = rest.firstIndex(of: "\"") {
            let before = rest[..<quote]
            guard let close = rest[rest.index(after: quote)...].firstIndex(of: "\"") else { break }
            let value = String(rest[rest.index(after: quote)..<close])
            let label = before.reversed().drop { $0 == " " }.prefix { $0 != " " && $0 != "(" && $0 != "," && $0 != "[" }
            if String(label.reversed()) != "package:" && String(label.reversed()) != "condition:" { names.append(value) }
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}

extension ModuleDependencyChecker.Rule {
    /// Whether the row lets its module depend on `module`.
    func allows(_ module: String) -> Bool { allowed.contains(module) || pending.contains(module) }
}
