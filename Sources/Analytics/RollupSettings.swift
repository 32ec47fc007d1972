import TollbookConfiguration

/// What roll-ups are built with: the KPI parameters of every rolled-up entity (a site's scalars,
/// a hunt group's overrides), the trunk and hunt groups, the sites — and a fingerprint of all of
/// it, so that roll-ups built under other settings are recognised (and rebuilt) instead of read.
public struct RollupSettings: Sendable {
    /// The parameters of entities without settings of their own (the enterprise, groups the PBX
    /// names): those of the first site with an `analytics:` section, else the defaults.
    public let defaults: KPIParameters
    /// Parameters of the configured hunt groups, trunk groups and sites, by entity.
    public let own: [KPIEntity: KPIParameters]
    /// A digest of everything the figures depend on (hex); equal settings give equal fingerprints.
    public let fingerprint: String

    /// The settings of `configuration` (the defaults without one).
    public init(configuration: ConfigurationFile?) {
        defaults = KPIParameters(configuration: configuration, entity: KPIEntity(kind: .enterprise, id: ""))
        var own: [KPIEntity: KPIParameters] = [:]
        for site in configuration?.sites ?? [] {
            let siteEntity = KPIEntity(kind: .site, id: site.name)
            own[siteEntity] = KPIParameters(configuration: configuration, entity: siteEntity)
            for group in site.analytics.huntGroups {
                let entity = KPIEntity(kind: .group, id: group.name)
                own[entity] = KPIParameters(configuration: configuration, entity: entity)
            }
            for group in site.analytics.trunkGroups {
                let entity = KPIEntity(kind: .trunk, id: group.name)
                own[entity] = KPIParameters(configuration: configuration, entity: entity)
            }
        }
        self.own = own
        fingerprint = Self.digest(defaults: defaults, own: own)
    }

    /// Settings from parameters directly (tests, benchmarks): `defaults` for every entity without
    /// an entry in `own`.
    public init(defaults: KPIParameters, own: [KPIEntity: KPIParameters] = [:]) {
        self.defaults = defaults
        self.own = own
        fingerprint = Self.digest(defaults: defaults, own: own)
    }

    /// The parameters `entity` is rolled up with.
    public func parameters(for entity: KPIEntity) -> KPIParameters {
        own[entity] ?? defaults
    }

    /// The parameters baked into the figures (not the service-level threshold and variant, which
    /// are applied when reading), canonically written, hashed with FNV-1a 64.
    static func digest(defaults: KPIParameters, own: [KPIEntity: KPIParameters]) -> String {
        func text(_ p: KPIParameters) -> String {
            let trunks = p.trunkGroups.map { "\($0.name)=\($0.channels):\($0.trunks.joined(separator: ","))" }.sorted()
            let groups = p.huntGroups.map { "\($0.name)=\($0.pilots.joined(separator: ","))/\($0.members.joined(separator: ","))" }
                .sorted()
            let sites = p.sites.map { "\($0.key)=\($0.value.sorted().joined(separator: ","))" }.sorted()
            return [String(p.shortAbandonMs), String(p.answeredMinTalkMs), String(p.callbackWindowMs), String(p.repeatWindowMs),
                    String(p.transferGapMs), trunks.joined(separator: ";"), groups.joined(separator: ";"),
                    sites.joined(separator: ";")].joined(separator: "|")
        }
        var canonical = "v1#" + text(defaults)
        for (entity, parameters) in own.sorted(by: { $0.key.description < $1.key.description }) {
            canonical += "#\(entity.description)=" + text(parameters)
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in canonical.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
