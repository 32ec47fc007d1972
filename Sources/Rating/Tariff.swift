import Foundation

/// One provider's tariff as read from `tariffs/<provider>.ini`: zones and bands defined once,
/// rates per version. Build one with ``TariffFile/parse(contents:fileName:)``.
public struct Tariff: Sendable {
    /// Provider id (`[provider] id`), used by ``ProviderSelection``.
    public let provider: String
    /// Display name of the provider.
    public let name: String
    /// ISO 4217 currency code.
    public let currency: String
    /// Digits of the currency's minor unit (2 for EUR).
    public let minorUnitDigits: Int
    /// Whether prices are net (`net`) or gross (`gross`); informational, VAT is applied in reports only.
    public let prices: String
    /// Rounding precision in ten-thousandths of the currency unit (100 = 0.01).
    public let precision: Int64
    /// Rounding mode applied once to the exact call cost.
    public let roundingMode: RoundingMode
    /// Band-split rule for calls that cross a band boundary.
    public let bandSplit: BandSplit
    /// What happens to unanswered calls.
    public let unanswered: UnansweredPolicy
    /// Call-by-call access codes (e.g. `01077`) that select this provider.
    public let accessCodes: [String]
    /// Tariff holidays.
    public let holidays: HolidayCalendar
    /// Zones, in file order.
    public let zones: [Zone]
    /// Versions ordered by `valid_from`.
    public let versions: [TariffVersion]
    /// Band names, in file order (`all` when the file has no `[bands]`).
    public var bandNames: [String] { bands.names }

    let bands: BandTable
    let trie: PrefixTrie

    init(provider: String, name: String, currency: String, minorUnitDigits: Int, prices: String, precision: Int64,
         roundingMode: RoundingMode, bandSplit: BandSplit, unanswered: UnansweredPolicy, accessCodes: [String],
         holidays: HolidayCalendar, zones: [Zone], versions: [TariffVersion], bands: BandTable, trie: PrefixTrie) {
        self.provider = provider
        self.name = name
        self.currency = currency
        self.minorUnitDigits = minorUnitDigits
        self.prices = prices
        self.precision = precision
        self.roundingMode = roundingMode
        self.bandSplit = bandSplit
        self.unanswered = unanswered
        self.accessCodes = accessCodes
        self.holidays = holidays
        self.zones = zones
        self.versions = versions
        self.bands = bands
        self.trie = trie
    }

    /// The version in force at a UTC instant (milliseconds), or `nil`.
    public func version(atUTC milliseconds: Int64) -> TariffVersion? {
        var found: TariffVersion?
        for version in versions where version.validFromUTC <= milliseconds { found = version }
        guard let found else { return nil }
        if let end = found.validToUTC, milliseconds >= end { return nil }
        return found
    }

    /// The zone of the longest prefix matching a destination (E.164 `+…` or a short code), with that prefix.
    public func zone(for destination: String) -> (zone: Zone, prefix: String)? {
        guard let match = trie.longestMatch(destination) else { return nil }
        return (zones[Int(match.value)], String(destination.utf8.prefix(match.length)) ?? "")
    }
}

/// How a call crossing a band boundary is priced.
public enum BandSplit: String, Sendable, Hashable {
    /// Each increment is priced at the band in force at the increment's start (default).
    case increment
    /// The whole call is priced at the band in force at the call's start.
    case start
}

/// What the tariff does with unanswered calls.
public enum UnansweredPolicy: String, Sendable, Hashable {
    /// Unanswered calls are not billable (default): outcome ``RatingOutcome/notBillable(_:)``.
    case notBillable = "not_billable"
    /// Unanswered calls are charged the setup fee of the rate at call start (billed time 0).
    case setupFee = "setup_fee"
}

/// A destination zone: a name, a class and the E.164 prefixes (or short codes) it owns.
public struct Zone: Sendable, Hashable {
    /// Zone id as written in `[zone ID]`.
    public let id: String
    /// Destination name (defaults to the id).
    public let name: String
    /// Class such as `national`, `mobile`, `international` (informational).
    public let zoneClass: String
    /// The prefixes, as written.
    public let prefixes: [String]
    let index: Int
}

/// One dated version of the rates.
public struct TariffVersion: Sendable {
    /// Version id as written in `[version ID]`.
    public let id: String
    /// `valid_from` as written (local to the file's `timezone`).
    public let validFromText: String
    /// First UTC millisecond this version applies to.
    public let validFromUTC: Int64
    /// First UTC millisecond it no longer applies to (`valid_to`), if any.
    public let validToUTC: Int64?
    /// Rates indexed by zone index × band count + band index.
    let rates: [Rate?]
    let bandCount: Int

    /// The rate of a zone in a band, if the version prices it.
    func rate(zone: Int, band: Int) -> Rate? { rates[zone * bandCount + band] }
}
