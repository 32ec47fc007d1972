/// A problem ``NumberingPlan/validate()`` found. The cases carry configuration values and indexes
/// into the plan's arrays, never numbers of calls.
public enum NumberingPlanProblem: Sendable, Equatable {
    /// The site id is empty.
    case emptySiteID
    /// The site id contains `/`, which separates site and extension in internal keys.
    case siteIDContainsSlash
    /// The country code is empty, not digits, starts with 0 or is longer than 3 digits.
    case invalidCountryCode(String)
    /// The area code is not digits or starts with the national prefix (write `30`, not `030`).
    case invalidAreaCode(String)
    /// The international prefix is empty or not digits.
    case invalidInternationalPrefix(String)
    /// The national prefix is not digits (it may be empty for countries without one).
    case invalidNationalPrefix(String)
    /// National and international prefix are equal.
    case nationalPrefixEqualsInternationalPrefix
    /// An outside-line prefix is empty or not digits.
    case invalidOutsideLinePrefix(String)
    /// An extension length is below 1 or above 15.
    case invalidExtensionLength(Int)
    /// Two extension ranges (indexes into ``NumberingPlan/extensionRanges``) overlap.
    case overlappingExtensionRanges(Int, Int)
    /// Extensions of a range (index) start with an outside-line prefix: dialled numbers are ambiguous.
    case extensionRangeStartsWithOutsideLinePrefix(range: Int, prefix: String)
    /// Two DID blocks (indexes into ``NumberingPlan/didBlocks``) share numbers or extensions.
    case overlappingDIDBlocks(Int, Int)
    /// A DID block (index) does not start with `+` and the plan's country code.
    case didBlockInOtherCountry(Int)
}
