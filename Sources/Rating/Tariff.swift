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
    /// The file name the tariff was read from, and the lines of its `id` and `access_codes` keys
    /// (0 when absent), for problems between files (``TariffChecker/check(tariffs:)``).
    public internal(set) var origin = TariffOrigin()
    /// Band names, in file order (`all` when the file has no `[bands]`).
    public var bandNames: [String] { bands.names }

    let bands: BandTable
    let trie: PrefixTrie
    /// How costs are computed and rounded, for ``RatedCall/precision`` (built once, not per call).
    let precisionNote: String
    /// Holidays of 1970–2099 as a bit per day, so band lookups need no calendar arithmetic.
    private let holidayBits: [UInt64]
    private static let holidayBitDays: Int64 = 47_482

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
        self.precisionNote = "exact in 1/600000 \(currency) (prices in 1/10000), rounded once per call "
            + "\(roundingMode.rawValue) to \(AmountText.decimal(precision, scale: 4, minimumDecimals: 0)) \(currency)"
        var bits = [UInt64](repeating: 0, count: Int(Self.holidayBitDays / 64) + 1)
        if bands.hasHolidayRow && !holidays.isEmpty {
            for day in 0..<Self.holidayBitDays where holidays.contains(day: day) { bits[Int(day / 64)] |= 1 << UInt64(day % 64) }
        }
        self.holidayBits = bits
    }

    /// Whether a local day (days since 1970-01-01) is a tariff holiday.
    @inline(__always)
    func isHoliday(day: Int64) -> Bool {
        guard day >= 0, day < Self.holidayBitDays else { return holidays.contains(day: day) }
        return holidayBits[Int(day / 64)] & (1 << UInt64(day % 64)) != 0
    }

    /// The version in force at a UTC instant (milliseconds), or `nil`.
    public func version(atUTC milliseconds: Int64) -> TariffVersion? {
        versionIndex(atUTC: milliseconds).map { versions[$0] }
    }

    /// The index in ``versions`` of the version in force at a UTC instant, or `nil`.
    func versionIndex(atUTC milliseconds: Int64) -> Int? {
        var found: Int?
        for index in versions.indices where versions[index].validFromUTC <= milliseconds { found = index }
        guard let found else { return nil }
        if let end = versions[found].validToUTC, milliseconds >= end { return nil }
        return found
    }

    /// The zone of the longest prefix matching a destination (E.164 `+…` or a short code), with that prefix.
    public func zone(for destination: String) -> (zone: Zone, prefix: String)? {
        guard let match = trie.longestMatch(destination) else { return nil }
        return (zones[Int(match.value)], String(destination.utf8.prefix(match.length)) ?? "")
    }
}

/// A reference to a tariff, so that rating passes one pointer instead of copying the struct.
final class TariffBox: Sendable {
    let tariff: Tariff
    /// Position in the rater's tariff list.
    let index: Int

    init(_ tariff: Tariff, index: Int) {
        self.tariff = tariff
        self.index = index
    }
}

/// Where a tariff was read from.
public struct TariffOrigin: Sendable, Hashable {
    /// The file name given to the parser.
    public var file = ""
    /// Line of `[provider] id`.
    public var idLine = 0
    /// Line of `[provider] access_codes`, 0 when the file has none.
    public var accessCodesLine = 0

    /// An empty origin (a tariff made in code).
    public init() {}
}
