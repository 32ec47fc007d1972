import Yams

extension YAMLReader {
    /// `true` or `false` (YAML 1.2's spelling; `yes` / `no` are refused as ambiguous).
    func boolean(_ node: Node, key: String) throws -> Bool {
        switch try string(node, key: key).lowercased() {
        case "true": return true
        case "false": return false
        default: throw fail(node, key, "must be true or false")
        }
    }

    /// A whole number within `range`.
    func integer(_ node: Node, key: String, in range: ClosedRange<Int>) throws -> Int {
        guard let value = Int(try string(node, key: key)), range.contains(value) else {
            throw fail(node, key, "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }
}
