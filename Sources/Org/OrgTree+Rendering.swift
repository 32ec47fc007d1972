import TollbookCore

extension OrgTree {
    /// The tree as indented text, two spaces per level, down to `depth` levels (participants and
    /// the classifiers under "Other" count as one level below their node).
    ///
    /// ```
    /// Berlin (site)
    ///   Sales (cost_centre)
    ///     Anna Schmidt (E1001) <anna@example.com>: extension berlin/2001, pin 4711
    /// Other (other)
    ///   extension berlin/2999
    /// ```
    public func text(depth: Int = OrgPath.maxDepth + 1) -> String {
        var lines: [String] = []
        func walk(_ node: Node, level: Int) {
            guard level <= depth else { return }
            let indent = String(repeating: "  ", count: level - 1)
            lines.append(indent + "\(node.node.name) (\(node.node.type.rawValue))")
            if level + 1 <= depth {
                for member in node.participants {
                    let fields = member.participant.fields
                    var line = indent + "  " + fields.label + (fields.email.isEmpty ? "" : " <\(fields.email)>")
                    if !member.classifiers.isEmpty {
                        line += ": " + member.classifiers.map { "\($0.0.kind.rawValue) \($0.0.value)" }.joined(separator: ", ")
                    }
                    lines.append(line)
                }
                for classifier in node.unowned {
                    lines.append(indent + "  \(classifier.kind.rawValue) \(classifier.value)")
                }
            }
            for child in node.children { walk(child, level: level + 1) }
        }
        for root in roots { walk(root, level: 1) }
        return lines.map { $0 + "\n" }.joined()
    }

    /// The tree as JSON (stable field names, see `docs/org.md`), down to `depth` levels.
    public func json(depth: Int = OrgPath.maxDepth + 1) -> String {
        func text(_ value: String) -> String { value.isEmpty ? "null" : JSONText.quote(value) }
        func date(_ ms: Int64?) -> String { ms.map { JSONText.quote(clock.text($0)) } ?? "null" }
        func render(_ node: Node, level: Int) -> String {
            let showMembers = level + 1 <= depth
            let members = showMembers ? node.participants.map { member -> String in
                let fields = member.participant.fields
                let classifiers = member.classifiers.map { classifier, period in
                    "{\"kind\":\(JSONText.quote(classifier.kind.rawValue)),\"value\":\(JSONText.quote(classifier.value)),"
                        + "\"from\":\(date(period.fromMs)),\"to\":\(date(period.toMs))}"
                }
                return "{\"id\":\(member.participant.id),\"name\":\(JSONText.quote(fields.name)),\"email\":\(text(fields.email)),"
                    + "\"employee_id\":\(text(fields.employeeID)),\"person_group\":\(text(fields.personGroup)),"
                    + "\"external_id\":\(text(fields.externalID)),\"since\":\(date(member.sinceMs)),"
                    + "\"classifiers\":[\(classifiers.joined(separator: ","))]}"
            } : []
            let unowned = showMembers ? node.unowned.map {
                "{\"kind\":\(JSONText.quote($0.kind.rawValue)),\"value\":\(JSONText.quote($0.value))}"
            } : []
            let children = level + 1 <= depth ? node.children.map { render($0, level: level + 1) } : []
            return "{\"id\":\(node.node.id),\"name\":\(JSONText.quote(node.node.name)),\"type\":\(JSONText.quote(node.node.type.rawValue)),"
                + "\"path\":\(JSONText.quote(node.path.description)),\"level\":\(level),"
                + "\"participants\":[\(members.joined(separator: ","))],"
                + (node.node.isSystem ? "\"unowned_classifiers\":[\(unowned.joined(separator: ","))]," : "")
                + "\"children\":[\(children.joined(separator: ","))]}"
        }
        let rendered = roots.map { render($0, level: 1) }
        return "{\"at\":\(date(atMs)),\"nodes\":[\(rendered.joined(separator: ","))]}\n"
    }
}
