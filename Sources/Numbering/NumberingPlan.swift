/// The numbering plan of one source or site, from the configuration: where the PBX is, how its
/// users reach the outside, which extensions it has and which public numbers reach them.
///
/// Create it, call ``validate()`` and show the problems to the administrator; a
/// ``NumberNormaliser`` works with any plan, but a plan with problems classifies badly.
public struct NumberingPlan: Sendable, Equatable {
    /// The site or source id; part of every ``NormalisedNumber/internalKey`` (`<site>/<extension>`).
    public var siteID: String
    /// The country calling code without `+`, e.g. `49`.
    public var countryCode: String
    /// The site's area code without national prefix, e.g. `30` for Berlin; empty when the country
    /// has none.
    public var areaCode: String
    /// The international prefix, e.g. `00`.
    public var internationalPrefix: String
    /// The national prefix, e.g. `0`.
    public var nationalPrefix: String
    /// The outside-line (trunk access) prefixes the PBX writes in front of dialled external numbers,
    /// e.g. `["0"]`; empty when the PBX writes dialled numbers without one.
    public var outsideLinePrefixes: [String]
    /// Whether the PBX also writes the outside-line prefix in front of numbers presented for incoming
    /// calls (many do, so that users can call back); the normaliser then strips it there too.
    public var outsideLinePrefixInPresentedNumbers: Bool
    /// Extension ranges of the PBX.
    public var extensionRanges: [ExtensionRange]
    /// Extension lengths: any all-digit dialled number of one of these lengths is an extension,
    /// unless it starts with an outside-line prefix.
    public var extensionLengths: [Int]
    /// DID blocks mapping public numbers to extensions (their extensions count as extensions too).
    public var didBlocks: [DIDBlock]
    /// Call-by-call prefix patterns recognised and stripped in dialled numbers.
    public var callByCallPatterns: [CallByCallPattern]
    /// The country's classification table.
    public var profile: CountryProfile

    /// Creates a plan. Country code and prefixes default to the profile's, call-by-call patterns too.
    /// - Parameters:
    ///   - siteID: the site or source id, e.g. `berlin`.
    ///   - profile: the country's classification table (``CountryProfile/germany``).
    ///   - areaCode: the site's area code without national prefix, e.g. `30`.
    ///   - outsideLinePrefixes: trunk access prefixes in dialled numbers, e.g. `["0"]`.
    ///   - outsideLinePrefixInPresentedNumbers: whether presented numbers carry the outside-line prefix too.
    ///   - extensionRanges: extension ranges.
    ///   - extensionLengths: extension lengths.
    ///   - didBlocks: DID blocks.
    ///   - callByCallPatterns: call-by-call patterns; `nil` takes the profile's.
    public init(
        siteID: String, profile: CountryProfile = .germany, countryCode: String? = nil, areaCode: String,
        internationalPrefix: String? = nil, nationalPrefix: String? = nil, outsideLinePrefixes: [String] = [],
        outsideLinePrefixInPresentedNumbers: Bool = false, extensionRanges: [ExtensionRange] = [], extensionLengths: [Int] = [], didBlocks: [DIDBlock] = [],
        callByCallPatterns: [CallByCallPattern]? = nil
    ) {
        self.siteID = siteID
        self.profile = profile
        self.countryCode = countryCode ?? profile.countryCode
        self.areaCode = areaCode
        self.internationalPrefix = internationalPrefix ?? profile.internationalPrefix
        self.nationalPrefix = nationalPrefix ?? profile.nationalPrefix
        self.outsideLinePrefixes = outsideLinePrefixes
        self.outsideLinePrefixInPresentedNumbers = outsideLinePrefixInPresentedNumbers
        self.extensionRanges = extensionRanges
        self.extensionLengths = extensionLengths
        self.didBlocks = didBlocks
        self.callByCallPatterns = callByCallPatterns ?? profile.callByCallPatterns
    }
}
