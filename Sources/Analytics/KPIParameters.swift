import TollbookConfiguration

/// The parameters of the KPI engine (`analytics-kpis.md` §5), in milliseconds, with the trunk
/// groups, hunt groups and sites they apply to.
public struct KPIParameters: Sendable, Equatable {
    /// Service-level threshold T ("within T" means wait ≤ T). Default 20 s.
    public var slThresholdMs: Int64 = 20_000
    /// Abandons with a wait below this are short. Default 5 s.
    public var shortAbandonMs: Int64 = 5_000
    /// An answer needs a connect and at least this much talk. Default 0.
    public var answeredMinTalkMs: Int64 = 0
    /// The service-level formula. Default ``SLVariant/ignoreShort``.
    public var slVariant: SLVariant = .ignoreShort
    /// Callback window W. Default 24 h.
    public var callbackWindowMs: Int64 = 86_400_000
    /// Repeat-call window. Default 7 days.
    public var repeatWindowMs: Int64 = 7 * 86_400_000
    /// A call this close (or closer) after an answered call is a transfer, not a repeat. Default 15 min.
    public var transferGapMs: Int64 = 900_000
    /// Trunk groups and their channels.
    public var trunkGroups: [TrunkGroupSettings] = []
    /// Hunt groups the PBX does not name.
    public var huntGroups: [HuntGroupSettings] = []
    /// Sites by name: their sources.
    public var sites: [String: [String]] = [:]

    /// The defaults.
    public init() {}

    /// The scalar parameters of one site's `analytics:` section (groups and sites not included).
    public init(settings: AnalyticsSettings) {
        slThresholdMs = Int64(settings.slThresholdSeconds) * 1000
        shortAbandonMs = Int64(settings.shortAbandonSeconds) * 1000
        answeredMinTalkMs = Int64(settings.answeredMinTalkSeconds) * 1000
        slVariant = SLVariant(rawValue: settings.slVariant) ?? .ignoreShort
        callbackWindowMs = Int64(settings.callbackWindowSeconds) * 1000
        repeatWindowMs = Int64(settings.repeatWindowSeconds) * 1000
        transferGapMs = Int64(settings.transferGapSeconds) * 1000
        trunkGroups = settings.trunkGroups
        huntGroups = settings.huntGroups
    }

    /// The parameters for `entity` from the configuration: trunk groups, hunt groups and sites of
    /// every site; the scalars of the site the entity belongs to (the site itself, the site
    /// defining the trunk or hunt group), else of the first site with an `analytics:` section,
    /// else the defaults; a hunt group's own `sl_threshold_s`, `short_abandon_s`,
    /// `answered_min_talk_s` and `sl_variant` override its site's.
    public init(configuration: ConfigurationFile?, entity: KPIEntity) {
        self.init()
        guard let sites = configuration?.sites else { return }
        let own: SiteConfiguration? = switch entity.kind {
        case .site: sites.first { $0.name == entity.id }
        case .trunk: sites.first { $0.analytics.trunkGroups.contains { $0.name == entity.id } }
        case .group: sites.first { $0.analytics.huntGroups.contains { $0.name == entity.id } }
        default: nil
        }
        if let chosen = own ?? sites.first(where: { $0.analytics.line > 0 }) {
            self = KPIParameters(settings: chosen.analytics)
        }
        // A hunt group's own parameters override its site's.
        if entity.kind == .group, let group = own?.analytics.huntGroups.first(where: { $0.name == entity.id }) {
            if let seconds = group.slThresholdSeconds { slThresholdMs = Int64(seconds) * 1000 }
            if let seconds = group.shortAbandonSeconds { shortAbandonMs = Int64(seconds) * 1000 }
            if let seconds = group.answeredMinTalkSeconds { answeredMinTalkMs = Int64(seconds) * 1000 }
            if let name = group.slVariant, let variant = SLVariant(rawValue: name) { slVariant = variant }
        }
        trunkGroups = sites.flatMap(\.analytics.trunkGroups)
        huntGroups = sites.flatMap(\.analytics.huntGroups)
        for site in sites { self.sites[site.name] = site.sources }
    }

    /// The parameters of every configured site, hunt group and trunk group, each as
    /// ``init(configuration:entity:)`` gives it, computed together: the lists of groups and sites
    /// are built once and shared (a configuration with hundreds of groups is read in one pass).
    public static func configured(_ configuration: ConfigurationFile?) -> [KPIEntity: KPIParameters] {
        guard let sites = configuration?.sites else { return [:] }
        let trunkGroups = sites.flatMap(\.analytics.trunkGroups)
        let huntGroups = sites.flatMap(\.analytics.huntGroups)
        var siteSources: [String: [String]] = [:]
        for site in sites { siteSources[site.name] = site.sources }
        func base(_ site: SiteConfiguration) -> KPIParameters {
            var p = KPIParameters(settings: site.analytics)
            p.trunkGroups = trunkGroups
            p.huntGroups = huntGroups
            p.sites = siteSources
            return p
        }
        var result: [KPIEntity: KPIParameters] = [:]
        for site in sites {
            let siteEntity = KPIEntity(kind: .site, id: site.name)
            if result[siteEntity] == nil { result[siteEntity] = base(site) }
            // The first site defining a group owns it (as init(configuration:entity:) finds it).
            for group in site.analytics.huntGroups where result[KPIEntity(kind: .group, id: group.name)] == nil {
                var p = base(site)
                if let seconds = group.slThresholdSeconds { p.slThresholdMs = Int64(seconds) * 1000 }
                if let seconds = group.shortAbandonSeconds { p.shortAbandonMs = Int64(seconds) * 1000 }
                if let seconds = group.answeredMinTalkSeconds { p.answeredMinTalkMs = Int64(seconds) * 1000 }
                if let name = group.slVariant, let variant = SLVariant(rawValue: name) { p.slVariant = variant }
                result[KPIEntity(kind: .group, id: group.name)] = p
            }
            for group in site.analytics.trunkGroups where result[KPIEntity(kind: .trunk, id: group.name)] == nil {
                result[KPIEntity(kind: .trunk, id: group.name)] = base(site)
            }
        }
        return result
    }
}
