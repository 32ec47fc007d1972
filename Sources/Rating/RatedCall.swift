/// A priced call: the cost and everything needed to explain it.
public struct RatedCall: Sendable, Hashable {
    /// The cost rounded by the tariff's rule, in the currency's minor unit (cents for EUR).
    public let costMinor: Int64
    /// The exact cost before rounding (after setup, minimum and maximum).
    public let exactCost: ExactAmount
    /// How exact the arithmetic is and how it was rounded, e.g. "exact in 1/600000 EUR, rounded half_up to 0.01".
    public let precision: String
    /// ISO currency code.
    public let currency: String
    /// Digits of the currency's minor unit (2 for EUR): `costMinor` is in 1/10^digits.
    public let minorUnitDigits: Int
    /// Provider id.
    public let provider: String
    /// Why this provider carried the call.
    public let providerChoice: ProviderChoice
    /// Tariff version id.
    public let tariffVersion: String
    /// The version's `valid_from` as written (local time of the tariff).
    public let tariffVersionValidFrom: String
    /// Zone id.
    public let zone: String
    /// Destination name of the zone.
    public let destinationName: String
    /// The prefix that matched (longest match).
    public let matchedPrefix: String
    /// The bands the call was priced in, in order of first use.
    public var bands: [String] { segments.reduce(into: [String]()) { if !$0.contains($1.band) { $0.append($1.band) } } }
    /// The increments applied, if the rate is per minute.
    public let increments: IncrementsApplied?
    /// What kind of rate priced the call.
    public let rateKind: RateKind
    /// The priced segments (one per band run).
    public let segments: [RatedSegment]
    /// Setup fee charged, in ten-thousandths.
    public let setupFee: Int64
    /// Per-call price charged, in ten-thousandths.
    public let perCallPrice: Int64
    /// Whether the minimum charge raised the cost.
    public let minimumApplied: Int64?
    /// Whether the maximum charge capped the cost.
    public let maximumApplied: Int64?
    /// Call start in UTC milliseconds.
    public let startUTC: Int64
    /// The site's UTC offset at the call start, in seconds.
    public let startOffsetSeconds: Int64
    /// Talk time in milliseconds and in billed whole seconds (rounded up).
    public let talkDurationMs: Int64
    /// Whether the call was priced at the start band only (call-by-call or `band_split = start`).
    public let pricedAtStartBand: Bool
    /// Rounding mode and precision (ten-thousandths) of the tariff.
    public let roundingMode: RoundingMode
    /// Rounding precision in ten-thousandths of the currency unit.
    public let roundingPrecision: Int64
    /// Whether the call was unanswered and charged the setup fee only (`unanswered = setup_fee`).
    public let unansweredSetupOnly: Bool
}

/// The kind of rate that priced a call.
public enum RateKind: String, Sendable, Hashable {
    /// Per minute by increments.
    case perMinute = "per minute"
    /// A flat price per call.
    case perCall = "per call"
    /// Included in a flat rate.
    case flat
    /// Free.
    case free
}

/// The increment scheme and how many blocks a call used.
public struct IncrementsApplied: Sendable, Hashable {
    /// The scheme.
    public let scheme: BillingIncrement
    /// Talk time in whole seconds (started seconds count).
    public let talkSeconds: Int64
    /// Number of `next` blocks after the first block.
    public let nextBlocks: Int64
    /// Billed seconds: `first + nextBlocks × next`.
    public let billedSeconds: Int64
}

/// A run of increments priced in one band.
public struct RatedSegment: Sendable, Hashable {
    /// Band name.
    public let band: String
    /// Band index in the tariff.
    let bandIndex: UInt8
    /// Seconds from the call start at which the segment's first increment starts.
    public let startOffset: Int64
    /// Billed seconds in this segment.
    public let billedSeconds: Int64
    /// Increments in this segment.
    public let incrementCount: Int64
    /// Price per minute (or per call) in ten-thousandths; 0 for flat/free.
    public let price: Int64
    /// Exact cost of the segment.
    public let cost: ExactAmount
}
