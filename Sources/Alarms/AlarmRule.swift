/// The toll-fraud and anomaly rules (analytics-kpis.md §3); the raw values are the rule ids
/// stored with every alarm and printed by `tollbook alarms list` — a contract.
public enum AlarmRule: String, Sendable, CaseIterable {
    /// An international or premium call (per `after_hours_categories`) outside business hours or on a non-business day.
    case afterHours = "after_hours"
    /// A call to a destination on the high-risk list (prefixes, countries).
    case highRiskDestination = "high_risk_destination"
    /// An extension's cost on one local day above mean + k·σ of its previous days.
    case costSpike = "cost_spike"
    /// An extension's number of calls on one local day above mean + k·σ of its previous days.
    case volumeSpike = "volume_spike"
    /// More international calls of a site at the same time than the threshold.
    case concurrentInternational = "concurrent_international"
    /// A call talking longer than the threshold.
    case longCall = "long_call"
    /// A call from an extension nobody was assigned to at the call's start (unknown or ended).
    case unknownExtension = "unknown_extension"
    /// A call costing more than the threshold.
    case callCost = "call_cost"

    /// How urgent an alarm of this rule is: `low`, `medium`, `high` or `critical`.
    public var severity: String {
        switch self {
        case .concurrentInternational: return "critical"
        case .highRiskDestination, .afterHours: return "high"
        case .costSpike, .volumeSpike, .callCost, .unknownExtension: return "medium"
        case .longCall: return "low"
        }
    }
}
