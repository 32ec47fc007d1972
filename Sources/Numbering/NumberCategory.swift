/// What kind of destination or origin a number is. The raw values are a contract: they are stored
/// and printed, so they never change.
public enum NumberCategory: String, Sendable, CaseIterable {
    /// An extension, device or feature code of the organisation's own PBX.
    case `internal`
    /// A fixed-line number in the site's own area code (or dialled without area code).
    case local
    /// A fixed-line number of the same country outside the site's area code.
    case national
    /// A mobile number of the same country.
    case mobile
    /// A number in another country.
    case international
    /// A service number: freephone, shared-cost, personal, authority or social-value numbers.
    case special
    /// An emergency number (Germany: 110, 112).
    case emergency
    /// A premium-rate or directory number whose price the number does not reveal.
    case premium
    /// Empty, withheld, too heavily masked or otherwise not classifiable.
    case unknown
}
