/// What can go wrong computing KPIs. Messages name the input, never a phone number or a person.
public enum AnalyticsError: Error, Equatable, CustomStringConvertible {
    /// `--entity` is not `KIND:ID` with a known kind.
    case badEntity(String)
    /// `--bucket` is not one of `15m`, `hour`, `day`, `week`, `month`, `all`.
    case badBucket(String)
    /// `--sl-variant` is not a known variant.
    case badVariant(String)
    /// The period is empty or reversed.
    case badPeriod(fromMs: Int64, toMs: Int64)
    /// `site:NAME` names no site of the configuration.
    case unknownSite(String)
    /// `org:PATH` names no node of the org chart.
    case unknownOrgNode(String)
    /// The node had fewer persons than the minimum group size in the period (privacy P7).
    case belowMinimumGroupSize(entity: String, minimum: Int)

    /// The message shown to the operator.
    public var description: String {
        switch self {
        case let .badEntity(text):
            return "--entity '\(text)' is not KIND:ID with KIND one of \(KPIEntity.Kind.allCases.map(\.rawValue).joined(separator: ", "))"
        case let .badBucket(text):
            return "--bucket '\(text)' is not one of \(BucketSize.allCases.map(\.rawValue).joined(separator: ", "))"
        case let .badVariant(text):
            return "--sl-variant '\(text)' is not one of \(SLVariant.allCases.map(\.rawValue).joined(separator: ", "))"
        case .badPeriod:
            return "the period is empty: --to must lie after --from"
        case let .unknownSite(name):
            return "site '\(name)' is not in the configuration (sites[].name)"
        case let .unknownOrgNode(path):
            return "org node '\(path)' does not exist in the org chart"
        case let .belowMinimumGroupSize(entity, minimum):
            return "the KPIs of \(entity) are withheld: fewer than \(minimum) persons in the period (minimum group size)"
        }
    }
}
