import Foundation
import Yams

/// Reads `privacy: retention:` and `privacy: erasure:`.
struct PrivacyRetentionReader {
    let reader: YAMLReader
    /// The configuration file's folder, for relative paths.
    let base: String

    private func period(_ node: Node, key: String) throws -> RetentionPeriod {
        let text = try reader.string(node, key: key)
        guard let period = RetentionPeriod(parsing: text) else {
            throw reader.fail(node, key, "'\(text)' is not a period such as 3 months, 6 months, 10 years or 90 days")
        }
        return period
    }

    private func seconds(_ node: Node, key: String) throws -> Int {
        let text = try reader.string(node, key: key)
        let parts = text.split(separator: " ")
        let units: [String: Int] = ["second": 1, "minute": 60, "hour": 3600, "day": 86_400]
        guard parts.count == 2, let amount = Int(parts[0]), amount >= 1 else {
            throw reader.fail(node, key, "'\(text)' is not a duration such as 24 hours, 30 minutes or 5 seconds")
        }
        var word = parts[1].lowercased()
        if word.hasSuffix("s") { word.removeLast() }
        guard let unit = units[word] else {
            throw reader.fail(node, key, "'\(text)' is not a duration such as 24 hours, 30 minutes or 5 seconds")
        }
        return amount * unit
    }

    private func checked(_ value: RetentionPeriod, _ dataClass: RetentionDataClass, node: Node, key: String) throws -> RetentionPeriod {
        guard value.approximateDays <= dataClass.maximum.approximateDays else {
            throw reader.fail(node, key, "\(value) is longer than \(dataClass.rawValue) data may be kept (at most \(dataClass.maximum))")
        }
        return value
    }

    private func perCategory(_ node: Node, key: String, _ dataClass: RetentionDataClass) throws -> [String: RetentionPeriod] {
        let fields = try reader.mapping(node, key: key, allowed: Set(RetentionCategories.all))
        var result: [String: RetentionPeriod] = [:]
        for (category, value) in fields {
            result[category] = try checked(try period(value, key: "\(key).\(category)"), dataClass, node: value,
                                           key: "\(key).\(category)")
        }
        return result
    }

    private func rule(_ fields: [String: Node], key: String) throws -> RetentionRule {
        RetentionRule(detail: try fields["detail"].map { try perCategory($0, key: "\(key).detail", .detail) } ?? [:],
                      aggregates: try fields["aggregates"].map { try perCategory($0, key: "\(key).aggregates", .aggregates) } ?? [:])
    }

    /// The `retention:` mapping, checked against `holds` (aggregates of held categories must be
    /// kept at least as long as the hold).
    func retention(_ node: Node, key: String, holds: [LegalHold]) throws -> RetentionConfiguration {
        let fields = try reader.mapping(node, key: key, allowed: [
            "default", "groups", "journal", "rejects", "audit", "unlock", "interval", "first_run_after",
        ])
        var section = RetentionConfiguration()
        if let value = fields["default"] {
            let own = try rule(try reader.mapping(value, key: "\(key).default", allowed: ["detail", "aggregates"]),
                               key: "\(key).default")
            section.defaultRule.detail.merge(own.detail) { $1 }
            section.defaultRule.aggregates.merge(own.aggregates) { $1 }
        }
        if let value = fields["groups"] {
            for (index, item) in try reader.sequence(value, key: "\(key).groups").enumerated() {
                let itemKey = "\(key).groups[\(index)]"
                let group = try reader.mapping(item, key: itemKey, allowed: ["node", "detail", "aggregates"])
                guard let nodeField = group["node"] else { throw reader.fail(item, itemKey, "missing node: the org path of the group") }
                let path = try reader.string(nodeField, key: "\(itemKey).node")
                guard !path.isEmpty else { throw reader.fail(nodeField, "\(itemKey).node", "must not be empty") }
                if section.groups.contains(where: { $0.node == path }) {
                    throw reader.fail(nodeField, "\(itemKey).node", "group '\(path)' is given twice")
                }
                section.groups.append(RetentionGroupRule(node: path, rule: try rule(group, key: itemKey), line: reader.line(item)))
            }
        }
        if let value = fields["journal"] { section.journal = try checked(try period(value, key: "\(key).journal"), .journal, node: value, key: "\(key).journal") }
        if let value = fields["rejects"] { section.rejects = try checked(try period(value, key: "\(key).rejects"), .rejects, node: value, key: "\(key).rejects") }
        if let value = fields["audit"] { section.audit = try checked(try period(value, key: "\(key).audit"), .audit, node: value, key: "\(key).audit") }
        if let value = fields["unlock"] { section.unlock = try checked(try period(value, key: "\(key).unlock"), .unlock, node: value, key: "\(key).unlock") }
        if let value = fields["interval"] { section.intervalSeconds = try seconds(value, key: "\(key).interval") }
        if let value = fields["first_run_after"] { section.firstRunAfterSeconds = try seconds(value, key: "\(key).first_run_after") }
        // The journal holds every category's raw bytes: it must not outlive the shortest detail period
        // (when not set, it follows it).
        let shortest = section.shortestDetail
        if fields["journal"] == nil, section.journal.approximateDays > shortest.approximateDays { section.journal = shortest }
        if section.journal.approximateDays > shortest.approximateDays {
            throw reader.fail(fields["journal"] ?? node, "\(key).journal",
                              "\(section.journal) outlives the shortest detail retention (\(shortest)): the journal's raw bytes hold every call's numbers")
        }
        // Sums of held categories must be kept as long as the hold.
        for hold in holds {
            let rules = [("default", section.defaultRule, fields["default"] ?? node)]
                + section.groups.map { ($0.node, $0.rule, fields["groups"] ?? node) }
            for (name, rule, at) in rules {
                for category in hold.categories {
                    if let period = rule.aggregates[category], period.approximateDays < hold.period.approximateDays {
                        throw reader.fail(at, "\(key).\(name == "default" ? "default" : "groups").aggregates.\(category)",
                                          "\(period) for \(name) is shorter than the legal hold '\(hold.name)' (\(hold.period), \(hold.basis))")
                    }
                }
            }
        }
        return section
    }

    /// Reads `erasure:` (first: its legal holds bound retention) and `retention:` of the `privacy:` section.
    func read(_ fields: [String: Node], key: String, into section: inout PrivacyConfiguration) throws {
        if let node = fields["erasure"] { section.erasure = try erasure(node, key: "\(key).erasure") }
        if let node = fields["retention"] {
            section.retention = try retention(node, key: "\(key).retention", holds: section.erasure.legalHolds)
        }
    }

    /// The `erasure:` mapping.
    func erasure(_ node: Node, key: String) throws -> ErasureConfiguration {
        let fields = try reader.mapping(node, key: key, allowed: ["signing_key_file", "legal_holds"])
        var section = ErasureConfiguration()
        if let value = fields["signing_key_file"] {
            let path = try reader.string(value, key: "\(key).signing_key_file")
            guard !path.isEmpty else { throw reader.fail(value, "\(key).signing_key_file", "must not be empty") }
            section.signingKeyFile = path.hasPrefix("/") || base.isEmpty ? path : (base as NSString).appendingPathComponent(path)
        }
        if let value = fields["legal_holds"] {
            section.legalHolds = []
            for (index, item) in try reader.sequence(value, key: "\(key).legal_holds").enumerated() {
                let itemKey = "\(key).legal_holds[\(index)]"
                let hold = try reader.mapping(item, key: itemKey, allowed: ["name", "categories", "basis", "period"])
                func required(_ name: String) throws -> Node {
                    guard let value = hold[name] else { throw reader.fail(item, itemKey, "missing \(name)") }
                    return value
                }
                let name = try reader.string(try required("name"), key: "\(itemKey).name")
                let categoriesNode = try required("categories")
                let categories = try reader.strings(categoriesNode, key: "\(itemKey).categories")
                for category in categories where !RetentionCategories.all.contains(category) {
                    throw reader.fail(categoriesNode, "\(itemKey).categories",
                                      "unknown category '\(category)' (known: \(RetentionCategories.all.joined(separator: ", ")))")
                }
                let basis = try reader.string(try required("basis"), key: "\(itemKey).basis")
                guard !basis.isEmpty, !name.isEmpty else { throw reader.fail(item, itemKey, "name and basis must not be empty") }
                section.legalHolds.append(LegalHold(name: name, categories: categories, basis: basis,
                                                    period: try period(try required("period"), key: "\(itemKey).period")))
            }
        }
        return section
    }
}
