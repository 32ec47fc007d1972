/// The path of a node from the top of the org chart, such as `Berlin/Sales/Inside sales`.
///
/// Components are separated by `/` and trimmed of surrounding spaces; a component cannot be empty
/// and cannot contain `/`. Names compare exactly (case matters).
public struct OrgPath: Sendable, Hashable, CustomStringConvertible, Comparable {
    /// The deepest a node can be: seven levels.
    public static let maxDepth = 7

    /// The node names from the top level down.
    public let components: [String]

    /// Creates a path from names (not checked: use ``init(parsing:)`` for input).
    public init(components: [String]) {
        self.components = components
    }

    /// Reads `A/B/C`.
    /// - Throws: ``OrgError/invalidPath(_:reason:)`` or ``OrgError/tooDeep(path:depth:)``.
    public init(parsing text: String) throws(OrgError) {
        let trimmed = text.trimmingSpaces
        guard !trimmed.isEmpty else { throw .invalidPath(text, reason: "it is empty") }
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
        guard !parts.contains(where: \.isEmpty) else {
            throw .invalidPath(text, reason: "a level has no name (leading, trailing or double '/')")
        }
        guard parts.count <= Self.maxDepth else { throw .tooDeep(path: text, depth: parts.count) }
        components = parts
    }

    /// Number of levels (1 for a top-level node).
    public var depth: Int { components.count }
    /// The node's own name.
    public var name: String { components.last ?? "" }
    /// The parent's path, `nil` for a top-level node.
    public var parent: OrgPath? { components.count > 1 ? OrgPath(components: Array(components.dropLast())) : nil }
    /// The path of every ancestor and the node itself, top first.
    public var prefixes: [OrgPath] { (1...max(1, components.count)).map { OrgPath(components: Array(components.prefix($0))) } }
    /// This path with `name` appended.
    public func appending(_ name: String) -> OrgPath { OrgPath(components: components + [name]) }
    /// Whether `self` is `other` or lies below it.
    public func isWithin(_ other: OrgPath) -> Bool {
        components.count >= other.components.count && Array(components.prefix(other.components.count)) == other.components
    }

    /// `A/B/C`.
    public var description: String { components.joined(separator: "/") }

    /// Orders component by component.
    public static func < (lhs: OrgPath, rhs: OrgPath) -> Bool { lhs.components.lexicographicallyPrecedes(rhs.components) }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" || last == "\r" { slice.removeLast() }
        return String(slice)
    }
}
