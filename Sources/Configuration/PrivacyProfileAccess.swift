extension ConfigurationFile {
    /// `privacy.profile`, or `nil` when the file has none.
    public var privacyProfile: CoDeterminationProfile? { nil }
    /// `privacy.min_group_size` (at least 5).
    public var privacyMinimumGroupSize: Int { 5 }
}
