/// The `analytics:` section of a site: the parameters of the KPI engine (`docs/kpis.md`).
/// Every value has a documented default; a site without the section uses them all.
public struct AnalyticsSettings: Sendable, Equatable {
    /// Service-level threshold T in seconds ("within T" means wait ≤ T). Default 20.
    public var slThresholdSeconds = 20
    /// Abandons with a wait below this many seconds are short abandons. Default 5.
    public var shortAbandonSeconds = 5
    /// An answer needs a connect and at least this much talk (seconds). Default 0.
    public var answeredMinTalkSeconds = 0
    /// The service-level variant (`ignore_short`, `negative`, `ignore_within_T`, `positive`,
    /// `answered_only`, `answer_rate`). Default `ignore_short`.
    public var slVariant = "ignore_short"
    /// Callback window W in seconds. Default 24 h.
    public var callbackWindowSeconds = 86_400
    /// Repeat-call window in seconds. Default 7 days.
    public var repeatWindowSeconds = 7 * 86_400
    /// Calls closer than this (seconds) to the answered call count as forwarded, not repeats. Default 15 min.
    public var transferGapSeconds = 900
    /// Trunk groups with their channel counts.
    public var trunkGroups: [TrunkGroupSettings] = []
    /// Hunt groups the PBX does not name (pilot numbers and members).
    public var huntGroups: [HuntGroupSettings] = []
    /// Line of the section (0 when absent).
    public var line = 0

    /// The names the reader accepts for ``slVariant``.
    public static let slVariants = ["ignore_short", "negative", "ignore_within_T", "positive", "answered_only", "answer_rate"]

    /// Creates the defaults.
    public init() {}
}

/// A trunk group: the trunks (gateway / trunk device names as the PBX writes them) and channels.
public struct TrunkGroupSettings: Sendable, Equatable {
    /// The group's name (`--entity trunk:NAME`).
    public var name: String
    /// Number of channels (ports), for utilisation and blocking.
    public var channels: Int
    /// The trunks of the group; empty means the trunk named like the group.
    public var trunks: [String]

    /// Creates a group.
    public init(name: String, channels: Int, trunks: [String] = []) {
        self.name = name
        self.channels = channels
        self.trunks = trunks
    }
}

/// A hunt group (queue, pilot) defined in the configuration, for PBXs that do not name it on every leg.
public struct HuntGroupSettings: Sendable, Equatable {
    /// The group's name (`--entity group:NAME`).
    public var name: String
    /// Pilot numbers: a leg dialled to one (called or originally called) is at the group.
    public var pilots: [String]
    /// Member extensions: a leg marked as a hunt-group leg without a group name, ending at a member, is at the group.
    public var members: [String]
    /// This group's own service-level threshold (seconds), overriding the site's.
    public var slThresholdSeconds: Int?
    /// This group's own short-abandon threshold (seconds).
    public var shortAbandonSeconds: Int?
    /// This group's own minimum talk for an answer (seconds).
    public var answeredMinTalkSeconds: Int?
    /// This group's own service-level variant.
    public var slVariant: String?

    /// Creates a group.
    public init(name: String, pilots: [String] = [], members: [String] = []) {
        self.name = name
        self.pilots = pilots
        self.members = members
    }
}
