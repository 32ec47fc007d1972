/// What the numbering plan and the tariffs made of a call leg: the remote party in E.164, its
/// category, the local party's site-scoped key, and the price (or why there is none).
public struct CallPricing: Sendable, Equatable {
    /// How rating ended.
    public enum Status: String, Sendable, CaseIterable {
        /// Priced: ``CallPricing/costMinor`` holds the cost.
        case rated
        /// No zone, band or provider matched: ``CallPricing/unratedReason`` says why.
        case unrated
        /// Nothing to bill: an internal or unanswered leg, a recording leg.
        case notBillable = "not_billable"
    }

    /// The remote party in E.164 (`+49301234567`), or "" when it cannot be made E.164.
    public var remoteE164: String
    /// The remote party's category (`local`, `national`, `mobile`, …).
    public var remoteCategory: String
    /// The local party's site-scoped key (`berlin/2001`), so equal extensions of two PBXs differ.
    public var extensionKey: String
    /// The local party's extension in E.164 (through the site's DID blocks), or "".
    public var localE164: String
    /// Every party number of the leg, normalised and classified.
    public var numbers: PartyNumbers
    /// How rating ended.
    public var status: Status
    /// The cost in minor units of ``currency`` (cents), when rated.
    public var costMinor: Int64?
    /// ISO 4217 currency of the cost.
    public var currency: String
    /// The provider that carried the call.
    public var provider: String
    /// The tariff version that priced it.
    public var tariffVersion: String
    /// The tariff zone.
    public var zone: String
    /// The zone's destination name.
    public var destination: String
    /// The time band(s) of the call's segments, comma-separated.
    public var bands: String
    /// The billing increments applied, e.g. `60/1`.
    public var increments: String
    /// Why the call is unrated or not billable.
    public var unratedReason: String
    /// The cost before the last re-rating, if it was rated before.
    public var previousCostMinor: Int64?
    /// How the leg was priced: `rated` (per minute or per call), `flat`, `free`, `unrated` or
    /// `not_billable`; flat and free legs both cost 0, this tells them apart.
    public var pricing: PricingKind

    /// Creates a result.
    public init(remoteE164: String = "", remoteCategory: String = "", extensionKey: String = "",
                localE164: String = "", numbers: PartyNumbers = PartyNumbers(), status: Status, costMinor: Int64? = nil, currency: String = "", provider: String = "",
                tariffVersion: String = "", zone: String = "", destination: String = "", bands: String = "",
                increments: String = "", unratedReason: String = "", previousCostMinor: Int64? = nil,
                pricing: PricingKind? = nil) {
        self.remoteE164 = remoteE164
        self.remoteCategory = remoteCategory
        self.extensionKey = extensionKey
        self.localE164 = localE164
        self.numbers = numbers
        self.status = status
        self.costMinor = costMinor
        self.currency = currency
        self.provider = provider
        self.tariffVersion = tariffVersion
        self.zone = zone
        self.destination = destination
        self.bands = bands
        self.increments = increments
        self.unratedReason = unratedReason
        self.previousCostMinor = previousCostMinor
        self.pricing = pricing ?? PricingKind(status: status)
    }
}

extension CallPricing {
    /// The part many legs share: everything but the numbers and the cost.
    public var outcome: PricingOutcome {
        PricingOutcome(status: status, remoteCategory: remoteCategory, currency: currency, provider: provider,
                       tariffVersion: tariffVersion, zone: zone, destination: destination, bands: bands,
                       increments: increments, reason: unratedReason, pricing: pricing)
    }

    /// A leg's pricing from its shared part and its own values.
    public init(outcome: PricingOutcome, costMinor: Int64?, remoteE164: String, extensionKey: String,
                localE164: String, numbers: PartyNumbers, previousCostMinor: Int64? = nil) {
        self.init(remoteE164: remoteE164, remoteCategory: outcome.remoteCategory, extensionKey: extensionKey,
                  localE164: localE164, numbers: numbers, status: outcome.status, costMinor: costMinor,
                  currency: outcome.currency, provider: outcome.provider, tariffVersion: outcome.tariffVersion,
                  zone: outcome.zone, destination: outcome.destination, bands: outcome.bands,
                  increments: outcome.increments, unratedReason: outcome.reason, previousCostMinor: previousCostMinor,
                  pricing: outcome.pricing)
    }
}

/// The shared part of many legs' pricing: how rating ended and with which provider, tariff,
/// zone, bands and increments, or why not. The store keeps each distinct one once.
public struct PricingOutcome: Sendable, Hashable {
    /// How rating ended.
    public var status: CallPricing.Status
    /// The remote party's category.
    public var remoteCategory: String
    /// ISO 4217 currency.
    public var currency: String
    /// Provider id.
    public var provider: String
    /// Tariff version id.
    public var tariffVersion: String
    /// Zone id.
    public var zone: String
    /// The zone's destination name.
    public var destination: String
    /// Bands in order of first use, comma-separated.
    public var bands: String
    /// The increment scheme applied.
    public var increments: String
    /// Why the leg is unrated or not billable.
    public var reason: String
    /// How the leg was priced (`rated`, `flat`, `free`, `unrated`, `not_billable`).
    public var pricing: PricingKind

    /// Creates an outcome; `pricing` defaults to what `status` says (`rated` for rated legs).
    public init(status: CallPricing.Status, remoteCategory: String = "", currency: String = "", provider: String = "",
                tariffVersion: String = "", zone: String = "", destination: String = "", bands: String = "",
                increments: String = "", reason: String = "", pricing: PricingKind? = nil) {
        self.status = status
        self.remoteCategory = remoteCategory
        self.currency = currency
        self.provider = provider
        self.tariffVersion = tariffVersion
        self.zone = zone
        self.destination = destination
        self.bands = bands
        self.increments = increments
        self.reason = reason
        self.pricing = pricing ?? PricingKind(status: status)
    }
}

/// How a leg was priced, as `tollbook calls` shows it in the `pricing` field.
public enum PricingKind: String, Sendable, Hashable, CaseIterable {
    /// Priced per minute or per call (the cost may still be 0.00 after rounding).
    case rated
    /// Included in a flat rate: costs 0.
    case flat
    /// Free for the caller (freephone, emergency): costs 0.
    case free
    /// Could not be priced; the reason says why.
    case unrated
    /// Nothing to bill (incoming, internal, unanswered, recording legs).
    case notBillable = "not_billable"

    /// The kind a status implies when nothing more is known (`rated` for rated legs).
    public init(status: CallPricing.Status) {
        switch status {
        case .rated: self = .rated
        case .unrated: self = .unrated
        case .notBillable: self = .notBillable
        }
    }
}
