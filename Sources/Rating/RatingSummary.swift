/// A call rated for storage: the rounded cost and a key naming the shared part of the outcome, or
/// why there is no cost. See ``Rater/rateSummary(_:)``.
public enum RatingSummary: Sendable, Hashable {
    /// Priced: `costMinor` in the currency's minor unit; ``Rater/describe(_:)`` spells out `key`.
    case rated(costMinor: Int64, key: RatedOutcomeKey)
    /// Could not be priced; never silently 0.
    case unrated(UnratedReason)
    /// Nothing to bill.
    case notBillable(NotBillableReason)
}

/// The part of a rated call that many calls share (provider, tariff version, zone, bands,
/// increments), as integers: cheap to hash and compare. Valid for the ``Rater`` that made it.
public struct RatedOutcomeKey: Sendable, Hashable {
    /// Index of the tariff (provider) in the rater.
    let tariff: Int32
    /// Index of the tariff version.
    let version: Int32
    /// Index of the zone.
    let zone: Int32
    /// Band indices + 1 in order of first use, one per byte from the lowest (0 ends the list).
    let bands: UInt64
    /// The increment scheme applied (0/0 when the rate is not per minute).
    let incrementFirst: Int32
    let incrementNext: Int32
    /// The kind of the rate in the start band.
    let rateKind: RateKind
}

/// The shared part of a rated call in words, as `tollbook calls` shows it.
public struct RatedOutcomeDescription: Sendable, Hashable {
    /// ISO 4217 currency.
    public let currency: String
    /// Provider id.
    public let provider: String
    /// Tariff version id.
    public let tariffVersion: String
    /// Zone id.
    public let zone: String
    /// The zone's destination name.
    public let destination: String
    /// Bands in order of first use, comma-separated.
    public let bands: String
    /// The increment scheme applied (`60/1`), empty unless per minute.
    public let increments: String
    /// The kind of the rate in the call's start band (per minute, per call, flat, free).
    public let rateKind: RateKind
}
