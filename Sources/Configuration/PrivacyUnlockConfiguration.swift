import Yams

/// `privacy: unlock:` — four-eyes unlocks of individual detail (privacy P9, `docs/privacy.md`).
public struct PrivacyUnlockConfiguration: Sendable, Equatable {
    /// The longest validity of an approval the product allows, in hours.
    public static let longestMaxHours = 24

    /// `max_hours`: how long an approved unlock stays valid (1…24, default 24).
    public var maxHours = PrivacyUnlockConfiguration.longestMaxHours

    /// Creates the default unlock settings.
    public init(maxHours: Int = PrivacyUnlockConfiguration.longestMaxHours) {
        self.maxHours = maxHours
    }
}

extension PrivacySectionReader {
    /// Reads `privacy.unlock` (`max_hours` only, 1…24: never longer than a day).
    func unlock(_ node: Node, key: String) throws -> PrivacyUnlockConfiguration {
        let fields = try reader.mapping(node, key: key, allowed: ["max_hours"])
        var unlock = PrivacyUnlockConfiguration()
        if let value = fields["max_hours"] {
            unlock.maxHours = try reader.integer(value, key: "\(key).max_hours", in: 1...PrivacyUnlockConfiguration.longestMaxHours)
        }
        return unlock
    }
}
