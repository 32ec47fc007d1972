/// What KPIs are computed for: `KIND:ID`.
public struct KPIEntity: Sendable, Hashable, CustomStringConvertible {
    /// The kinds of entity.
    public enum Kind: String, Sendable, CaseIterable {
        /// A hunt group, queue or pilot (the PBX's group name, or one of `analytics.hunt_groups`).
        case group
        /// An extension (the number as the PBX writes it).
        case `extension`
        /// A trunk group of `analytics.trunk_groups` (or a single trunk by its device name).
        case trunk
        /// A site of the configuration (its sources).
        case site
        /// An org node by path, with the units below it (calls allocated to them at their start).
        case org
        /// Everything the principal may see.
        case enterprise
    }

    /// The kind.
    public var kind: Kind
    /// The id within the kind (empty for the enterprise).
    public var id: String

    /// Creates an entity.
    public init(kind: Kind, id: String) {
        self.kind = kind
        self.id = kind == .enterprise ? "" : id
    }

    /// Parses `KIND:ID` (`enterprise` needs no id).
    public init(parsing text: String) throws(AnalyticsError) {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let kind = Kind(rawValue: String(parts[0])) else { throw .badEntity(text) }
        let id = parts.count > 1 ? String(parts[1]) : ""
        guard kind == .enterprise || !id.isEmpty else { throw .badEntity(text) }
        self.init(kind: kind, id: id)
    }

    /// `KIND:ID`, or `enterprise`.
    public var description: String { kind == .enterprise ? "enterprise" : "\(kind.rawValue):\(id)" }
}

/// The bucket sizes of `--bucket`. Bounds are UTC (see `docs/kpis.md`).
public enum BucketSize: String, Sendable, CaseIterable {
    /// Quarter hours.
    case quarterHour = "15m"
    /// Clock hours.
    case hour
    /// UTC days.
    case day
    /// ISO weeks (Monday 00:00 UTC).
    case week
    /// Calendar months (UTC).
    case month
    /// One bucket: the whole period.
    case all

    /// Parses a `--bucket` value.
    public init(parsing text: String) throws(AnalyticsError) {
        guard let size = BucketSize(rawValue: text) else { throw .badBucket(text) }
        self = size
    }
}

/// The service-level formulas of `analytics-kpis.md` §1.3 (A_T answered within T, Ab_T abandoned
/// within T, Ab_s short abandons, O offered).
public enum SLVariant: String, Sendable, CaseIterable, Codable {
    /// A_T / (O − Ab_s) — the default.
    case ignoreShort = "ignore_short"
    /// A_T / O.
    case negative
    /// A_T / (O − Ab_T).
    case ignoreWithinT = "ignore_within_T"
    /// (A_T + Ab_T) / O.
    case positive
    /// A_T / answered.
    case answeredOnly = "answered_only"
    /// answered / offered (no threshold).
    case answerRate = "answer_rate"

    /// Parses a `--sl-variant` value.
    public init(parsing text: String) throws(AnalyticsError) {
        guard let variant = SLVariant(rawValue: text) else { throw .badVariant(text) }
        self = variant
    }
}
