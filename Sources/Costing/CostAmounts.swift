/// Costs of a node, a participant or a statement line, in minor units of the report's currency.
public struct CostAmounts: Sendable, Equatable {
    /// Number of calls.
    public var calls: Int = 0
    /// Their talk time.
    public var talkMs: Int64 = 0
    /// What the calls cost (rated calls only).
    public var callCostMinor: Int64 = 0
    /// Monthly base fees, prorated by days.
    public var baseFeeMinor: Int64 = 0
    /// Device costs, prorated by days.
    public var deviceMinor: Int64 = 0
    /// Labour time: hourly rate × talk time.
    public var labourMinor: Int64 = 0
    /// Services, one-off or prorated monthly.
    public var serviceMinor: Int64 = 0
    /// Markup on all of the above.
    public var markupMinor: Int64 = 0

    /// Creates zero amounts.
    public init() {}

    /// Whether there is nothing at all: no call, no talk time, no amount.
    public var isZero: Bool { self == CostAmounts() }

    /// Indirect costs: base fees, devices, labour and services.
    public var indirectMinor: Int64 { baseFeeMinor + deviceMinor + labourMinor + serviceMinor }
    /// Everything: calls, indirect costs and markup.
    public var totalMinor: Int64 { callCostMinor + indirectMinor + markupMinor }

    /// The sum of two amounts.
    public static func + (lhs: CostAmounts, rhs: CostAmounts) -> CostAmounts {
        var sum = lhs
        sum.calls += rhs.calls
        sum.talkMs += rhs.talkMs
        sum.callCostMinor += rhs.callCostMinor
        sum.baseFeeMinor += rhs.baseFeeMinor
        sum.deviceMinor += rhs.deviceMinor
        sum.labourMinor += rhs.labourMinor
        sum.serviceMinor += rhs.serviceMinor
        sum.markupMinor += rhs.markupMinor
        return sum
    }
}

/// One line of a charge-back statement: an item charged to a node (and participant) for a month.
public struct StatementLine: Sendable, Equatable {
    /// What is charged.
    public enum Item: Sendable, Hashable {
        /// The calls (their rated costs).
        case calls
        /// The package's monthly base fee.
        case baseFee
        /// A device's monthly cost.
        case device(String)
        /// Labour time.
        case labour
        /// A service.
        case service(String)
        /// The markup.
        case markup

        /// Text for statements.
        public var text: String {
            switch self {
            case .calls: "calls"
            case .baseFee: "base fee"
            case .device(let name): "device: \(name)"
            case .labour: "labour time"
            case .service(let name): "service: \(name)"
            case .markup: "markup"
            }
        }
    }

    /// The node charged.
    public var nodeID: Int64
    /// The participant charged, if the item is theirs.
    public var participantID: Int64?
    /// Month `YYYY-MM`.
    public var month: String
    /// The item.
    public var item: Item
    /// The package the item comes from ("" for calls).
    public var package: String
    /// How much of it: days for prorated items, seconds for labour, calls for calls, 1 for one-offs.
    public var quantity: Int64
    /// Unit of the quantity: `days`, `seconds`, `calls`, `once` or `percent` (basis points for markup).
    public var unit: String
    /// The amounts the line adds.
    public var amounts: CostAmounts

    /// The line's amount.
    public var amountMinor: Int64 { amounts.totalMinor }
}
