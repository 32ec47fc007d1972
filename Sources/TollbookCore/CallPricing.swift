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

    /// Creates a result.
    public init(remoteE164: String = "", remoteCategory: String = "", extensionKey: String = "",
                status: Status, costMinor: Int64? = nil, currency: String = "", provider: String = "",
                tariffVersion: String = "", zone: String = "", destination: String = "", bands: String = "",
                increments: String = "", unratedReason: String = "", previousCostMinor: Int64? = nil) {
        self.remoteE164 = remoteE164
        self.remoteCategory = remoteCategory
        self.extensionKey = extensionKey
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
    }
}
