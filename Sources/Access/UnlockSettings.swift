import TollbookConfiguration

/// The `privacy: unlock:` settings of the configuration file (privacy P9).
public enum UnlockSettings {
    /// The longest validity of an approval, in hours: 24, or less when configured.
    public static let defaultMaxHours = 24

    /// `privacy.unlock.max_hours` of `configuration` (24 without one).
    public static func maxHours(_ configuration: ConfigurationFile?) -> Int {
        configuration?.privacy.unlock.maxHours ?? defaultMaxHours
    }
}
