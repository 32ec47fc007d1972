import TollbookConfiguration

/// What the governance rules read from the configuration, in one place: the co-determination
/// profile, the minimum group size, the retention periods and whether encryption at rest is on.
/// The other privacy streams' settings are read through here, so wiring them in is one change.
public struct GovernanceSettings: Sendable, Equatable {
    /// The profile, or `nil` when the configuration has no `privacy:` section (then every function
    /// is on and no group-size suppression applies — the behaviour before the section existed).
    /// A `privacy:` section without `profile:` governs with the catalogue's defaults.
    public var profile: CoDeterminationProfile?
    /// k of the minimum group size (`privacy.min_group_size`, at least 5).
    public var minimumGroupSize: Int
    /// Retention periods per data class and category.
    public var retention: RetentionSchedule
    /// Whether personal columns are encrypted at rest (`privacy.encryption`).
    public var encryptionAtRest: Bool
    /// The configuration file's path ("" without one).
    public var configurationPath: String

    /// Settings given explicitly (tests, tools).
    public init(profile: CoDeterminationProfile?, minimumGroupSize: Int = 5, retention: RetentionSchedule = .defaults,
                encryptionAtRest: Bool = false, configurationPath: String = "") {
        self.profile = profile
        self.minimumGroupSize = max(5, minimumGroupSize)
        self.retention = retention
        self.encryptionAtRest = encryptionAtRest
        self.configurationPath = configurationPath
    }

    /// The settings of `configuration` (defaults without one).
    public init(configuration: ConfigurationFile?) {
        self.init(profile: Self.profile(of: configuration), minimumGroupSize: Self.minimumGroupSize(of: configuration),
                  retention: RetentionSchedule.configured(in: configuration),
                  encryptionAtRest: Self.encryptionAtRest(of: configuration), configurationPath: configuration?.path ?? "")
    }

    /// Whether the profile governs (the configuration has a `privacy:` section).
    public var isGoverned: Bool { profile != nil }

    /// Whether `function` may be used (the one check of the co-determination profile).
    public func isEnabled(_ function: MonitoringFunction) -> Bool {
        CoDeterminationProfile.isEnabled(function, in: profile)
    }

    /// `privacy.profile` of the configuration: the catalogue's defaults when the `privacy:` section
    /// names none, `nil` without a `privacy:` section.
    static func profile(of configuration: ConfigurationFile?) -> CoDeterminationProfile? {
        guard let privacy = configuration?.privacy, privacy.line > 0 else { return nil }
        return privacy.profile ?? CoDeterminationProfile(line: privacy.line)
    }

    /// `privacy.min_group_size` (5 without a configuration).
    static func minimumGroupSize(of configuration: ConfigurationFile?) -> Int {
        configuration?.privacy.minimumGroupSize ?? PrivacyConfiguration.smallestMinimumGroupSize
    }

    /// Whether `privacy.encryption` is configured (personal columns sealed at rest, P14).
    static func encryptionAtRest(of configuration: ConfigurationFile?) -> Bool {
        configuration?.privacy.encryption != nil
    }
}
