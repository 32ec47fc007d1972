/// A closed range of extensions of equal length, such as `1000`…`1999`. Extensions are compared as
/// digit strings of equal length, so leading zeros are significant (`0100`…`0199` is a valid range).
public struct ExtensionRange: Sendable, Equatable, Hashable {
    /// The first extension of the range.
    public let first: String
    /// The last extension of the range.
    public let last: String

    /// The number of digits of every extension in the range.
    public var length: Int { first.utf8.count }

    /// Creates a range.
    /// - Throws: ``NumberingPlanError/extensionNotDigits(_:)`` when a bound is empty or not all digits,
    ///   ``NumberingPlanError/extensionRangeLengthMismatch(first:last:)`` when the bounds differ in
    ///   length, ``NumberingPlanError/extensionRangeReversed(first:last:)`` when `first > last`.
    public init(_ first: String, _ last: String) throws(NumberingPlanError) {
        guard Digits.isAllDigits(first) else { throw .extensionNotDigits(first) }
        guard Digits.isAllDigits(last) else { throw .extensionNotDigits(last) }
        guard first.utf8.count == last.utf8.count else { throw .extensionRangeLengthMismatch(first: first, last: last) }
        guard first <= last else { throw .extensionRangeReversed(first: first, last: last) }
        self.first = first
        self.last = last
    }

    /// Whether `candidate` (an all-digit string) lies in the range.
    public func contains(_ candidate: String) -> Bool {
        candidate.utf8.count == length && Digits.isAllDigits(candidate) && first <= candidate && candidate <= last
    }

    /// Whether the two ranges share at least one extension.
    public func overlaps(_ other: ExtensionRange) -> Bool {
        length == other.length && first <= other.last && other.first <= last
    }
}

/// Small helpers on digit strings, shared by the plan types.
enum Digits {
    /// Whether `text` is non-empty and made of ASCII digits only.
    static func isAllDigits(_ text: String) -> Bool {
        var any = false
        for byte in text.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return false }
            any = true
        }
        return any
    }
}
