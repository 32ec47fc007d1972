import TollbookCore

/// Builds a connector's options object from `--set KEY=VALUE` arguments.
public enum ConnectorOptions {
    /// A JSON object with one string member per `KEY=VALUE` (later keys win).
    /// - Throws: ``HostError/malformedOption(_:)`` for an argument without `=` or with an empty key.
    public static func json(fromAssignments assignments: [String]) throws -> String {
        var pairs: [(String, String)] = []
        for assignment in assignments {
            guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
                throw HostError.malformedOption(assignment)
            }
            let key = String(assignment[..<equals])
            let value = String(assignment[assignment.index(after: equals)...])
            pairs.removeAll { $0.0 == key }
            pairs.append((key, value))
        }
        return JSONText.object(pairs)
    }
}
