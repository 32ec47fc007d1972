import Privacy

/// The `privacy:` section: how Tollbook protects the personal data in call records — minimum
/// group size, privacy packages, protected numbers, retention, encryption at rest, four-eyes
/// unlock and the co-determination profile (see `docs/privacy.md`). Every part has a default, so
/// a configuration without the section gets the protective defaults.
public struct PrivacyConfiguration: Sendable, Equatable {
    /// The smallest minimum group size the product accepts (privacy spec P7).
    public static let smallestMinimumGroupSize = 5

    /// `min_group_size`: the number of distinct persons a per-group aggregate needs before its
    /// value is shown (k, never below 5).
    public var minimumGroupSize = PrivacyConfiguration.smallestMinimumGroupSize
    /// `profile`: the co-determination profile (wt-p5), `nil` when the section does not name one.
    public var profile: CoDeterminationProfile? = nil
    /// `packages`, `default_package`, `assignments`, `protected`: the privacy packages, who has
    /// which since when, and the protected number classes (``PrivacyPolicyReader``).
    public var policy = PrivacyPolicy.standard
    /// `retention:`: periods per person group × category × data class (P11; defaults of the spec).
    public var retention = RetentionConfiguration()
    /// `erasure:`: the receipt signing key and the legal holds (P12).
    public var erasure = ErasureConfiguration()
    /// `unlock`: four-eyes unlocks (validity of an approval).
    public var unlock = PrivacyUnlockConfiguration()
    /// `encryption`: encryption at rest (P14); `nil` keeps the store in plaintext.
    public var encryption: PrivacyEncryptionConfiguration?
    /// Line of the section in its file (0 when the file has none).
    public var line = 0

    /// Creates the default privacy settings.
    public init() {}
}
