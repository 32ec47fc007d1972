import Yams

/// Reads typed values out of YAML nodes, turning every mismatch into a ``ConfigurationError``
/// with the node's line and the key's dotted path.
struct YAMLReader {
    let file: String

    func line(_ node: Node) -> Int {
        node.mark?.line ?? 1
    }

    static func line(of error: YamlError) -> Int {
        switch error {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _):
            return mark.line
        default:
            return 1
        }
    }

    func fail(_ node: Node, _ key: String, _ message: String) -> ConfigurationError {
        ConfigurationError(file: file, line: line(node), key: key, message: message)
    }

    /// A mapping with string keys; keys outside `allowed` are errors (typos must not pass silently).
    func mapping(_ node: Node, key: String, allowed: Set<String>) throws -> [String: Node] {
        guard let mapping = node.mapping else { throw fail(node, key, "must be a mapping of keys and values") }
        var result: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard let name = keyNode.string else { throw fail(keyNode, key, "keys must be text") }
            let path = key.isEmpty ? name : "\(key).\(name)"
            guard allowed.contains(name) else {
                throw fail(keyNode, path, "unknown key (known: \(allowed.sorted().joined(separator: ", ")))")
            }
            guard result[name] == nil else { throw fail(keyNode, path, "given twice") }
            result[name] = value
        }
        return result
    }

    func sequence(_ node: Node, key: String) throws -> [Node] {
        guard let sequence = node.sequence else { throw fail(node, key, "must be a list") }
        return Array(sequence)
    }

    func string(_ node: Node, key: String) throws -> String {
        guard let scalar = node.scalar else { throw fail(node, key, "must be a single value") }
        return scalar.string
    }

    /// A string of digits (numbers in YAML are accepted: `49` and `"49"` mean the same).
    func digits(_ node: Node, key: String, allowEmpty: Bool = false) throws -> String {
        let text = try string(node, key: key)
        guard allowEmpty || !text.isEmpty else { throw fail(node, key, "must not be empty") }
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw fail(node, key, "must be digits only") }
        return text
    }

    func strings(_ node: Node, key: String) throws -> [String] {
        if node.scalar != nil { return [try string(node, key: key)] }
        return try sequence(node, key: key).enumerated().map { try string($1, key: "\(key)[\($0)]") }
    }

    /// `2000-2999` or a single number `2000`: digits, both ends of the same length, in order.
    func range(_ node: Node, key: String) throws -> DigitRange {
        let text = try string(node, key: key)
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let digitsOnly = parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
        guard (1...2).contains(parts.count), digitsOnly, let low = parts.first, let high = parts.last,
              low.count == high.count, low <= high
        else { throw fail(node, key, "must be a number or a range of equal-length numbers such as 2000-2999") }
        return DigitRange(low, high)
    }
}

import Foundation
