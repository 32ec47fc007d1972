/// The classification table of one country: its prefixes and how national significant numbers and
/// short codes are classified. Plans refer to a profile; more countries are added as more profiles.
public struct CountryProfile: Sendable, Equatable {
    /// The country calling code without `+`, e.g. `49`.
    public var countryCode: String
    /// The national (trunk) prefix, e.g. `0`.
    public var nationalPrefix: String
    /// The international prefix, e.g. `00`.
    public var internationalPrefix: String
    /// Rules on the national significant number (the number after `+49` or `0`), longest prefix wins.
    public var nationalRules: [PrefixRule]
    /// What a national significant number that no rule matches is.
    public var unmatchedNational: PrefixClass
    /// Short codes dialled without any prefix (emergency, authority, directory numbers).
    public var shortCodes: [ShortCodeRule]
    /// The call-by-call prefix patterns used when a plan does not name its own.
    public var callByCallPatterns: [CallByCallPattern]

    /// Creates a profile.
    public init(
        countryCode: String, nationalPrefix: String, internationalPrefix: String, nationalRules: [PrefixRule],
        unmatchedNational: PrefixClass = .geographic, shortCodes: [ShortCodeRule] = [],
        callByCallPatterns: [CallByCallPattern] = []
    ) {
        self.countryCode = countryCode
        self.nationalPrefix = nationalPrefix
        self.internationalPrefix = internationalPrefix
        self.nationalRules = nationalRules
        self.unmatchedNational = unmatchedNational
        self.shortCodes = shortCodes
        self.callByCallPatterns = callByCallPatterns
    }
}

/// How a range of national significant numbers is classified.
public enum PrefixClass: Sendable, Equatable, Hashable {
    /// Geographic fixed-line numbers: local when they start with the site's area code, else national.
    case geographic
    /// Always this category (mobile, special, premium …).
    case category(NumberCategory)
}

/// One row of a country's national table: national significant numbers starting with `prefix`.
public struct PrefixRule: Sendable, Equatable, Hashable {
    /// The leading digits of the national significant number, e.g. `17` for German mobiles.
    public var prefix: String
    /// How such numbers are classified.
    public var classification: PrefixClass

    /// Creates a rule.
    public init(_ prefix: String, _ classification: PrefixClass) {
        self.prefix = prefix
        self.classification = classification
    }
}

/// A short code dialled without prefix, such as `112` or `116xyz`.
public struct ShortCodeRule: Sendable, Equatable, Hashable {
    /// The leading digits, e.g. `116`.
    public var prefix: String
    /// The allowed total lengths, e.g. `6...6` for 116xyz.
    public var lengths: ClosedRange<Int>
    /// The category of the code.
    public var category: NumberCategory

    /// Creates a rule.
    public init(_ prefix: String, lengths: ClosedRange<Int>, _ category: NumberCategory) {
        self.prefix = prefix
        self.lengths = lengths
        self.category = category
    }
}
