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
        var defaults = KPIParameters(configuration: configuration, entity: KPIEntity(kind: .enterprise, id: ""))
        let own = KPIParameters.configured(configuration)
        if let shared = own.values.first {
            // The same lists (by construction): share their storage, so comparing them is immediate.
            defaults.trunkGroups = shared.trunkGroups
            defaults.huntGroups = shared.huntGroups
            defaults.sites = shared.sites
        }
        self.defaults = defaults
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
    /// are applied when reading), canonically written, hashed with FNV-1a 64. The trunk groups,
    /// hunt groups and sites are written once (every entity's parameters carry the same lists;
    /// an entity whose lists differ has them written too), then each entity's scalars.
    static func digest(defaults: KPIParameters, own: [KPIEntity: KPIParameters]) -> String {
        func scalars(_ p: KPIParameters) -> String {
            [p.shortAbandonMs, p.answeredMinTalkMs, p.callbackWindowMs, p.repeatWindowMs, p.transferGapMs]
                .map(String.init).joined(separator: "|")
        }
        func lists(_ p: KPIParameters) -> String {
            let trunks = p.trunkGroups.map { "\($0.name)=\($0.channels):\($0.trunks.joined(separator: ","))" }.sorted()
            let groups = p.huntGroups.map { "\($0.name)=\($0.pilots.joined(separator: ","))/\($0.members.joined(separator: ","))" }
                .sorted()
            let sites = p.sites.map { "\($0.key)=\($0.value.sorted().joined(separator: ","))" }.sorted()
            return [trunks.joined(separator: ";"), groups.joined(separator: ";"), sites.joined(separator: ";")].joined(separator: "|")
        }
        var canonical = "v2#" + scalars(defaults) + "#" + lists(defaults)
        for (entity, parameters) in own.sorted(by: { $0.key.description < $1.key.description }) {
            canonical += "#\(entity.description)=" + scalars(parameters)
            // Lists shared with the defaults compare by their storage at once.
            if parameters.trunkGroups != defaults.trunkGroups || parameters.huntGroups != defaults.huntGroups
                || parameters.sites != defaults.sites {
                canonical += "+" + lists(parameters)
            }
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
