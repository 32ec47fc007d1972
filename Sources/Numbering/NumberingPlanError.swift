/// Why a part of a numbering plan could not be created. The cases carry configuration values only,
/// never numbers of calls.
public enum NumberingPlanError: Error, Sendable, Equatable {
    /// An extension range bound is empty or contains something other than the digits 0–9.
    case extensionNotDigits(String)
    /// The two bounds of an extension range have different lengths.
    case extensionRangeLengthMismatch(first: String, last: String)
    /// The first bound of an extension range is greater than the last.
    case extensionRangeReversed(first: String, last: String)
    /// A DID block prefix is not `+` followed by at least one digit.
    case didPrefixInvalid(String)
    /// A DID block would produce numbers longer than the 15 digits E.164 allows.
    case didNumbersTooLong(prefix: String, extensionLength: Int)
    /// A call-by-call pattern is empty or not made of digits and `[a-b]` / `[abc]` classes.
    case callByCallPatternInvalid(String)
}
