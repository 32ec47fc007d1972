import Yams

/// Reads `sites[n].analytics`.
struct AnalyticsSectionReader {
    let reader: YAMLReader

    func settings(_ node: Node, key: String) throws -> AnalyticsSettings {
        let fields = try reader.mapping(node, key: key, allowed: [
            "sl_threshold_s", "short_abandon_s", "answered_min_talk_s", "sl_variant", "callback_window", "repeat_window",
            "transfer_gap", "trunk_groups", "hunt_groups",
        ])
        var settings = AnalyticsSettings()
        settings.line = reader.line(node)
        let day = 86_400
        if let value = fields["sl_threshold_s"] {
            settings.slThresholdSeconds = try reader.integer(value, key: "\(key).sl_threshold_s", in: 0...day)
        }
        if let value = fields["short_abandon_s"] {
            settings.shortAbandonSeconds = try reader.integer(value, key: "\(key).short_abandon_s", in: 0...day)
        }
        if let value = fields["answered_min_talk_s"] {
            settings.answeredMinTalkSeconds = try reader.integer(value, key: "\(key).answered_min_talk_s", in: 0...day)
        }
        if let value = fields["sl_variant"] { settings.slVariant = try variant(value, key: "\(key).sl_variant") }
        if let value = fields["callback_window"] {
            settings.callbackWindowSeconds = try duration(value, key: "\(key).callback_window")
        }
        if let value = fields["repeat_window"] {
            settings.repeatWindowSeconds = try duration(value, key: "\(key).repeat_window")
        }
        if let value = fields["transfer_gap"] {
            settings.transferGapSeconds = try duration(value, key: "\(key).transfer_gap")
        }
        if let value = fields["trunk_groups"] {
            settings.trunkGroups = try reader.sequence(value, key: "\(key).trunk_groups").enumerated().map { index, item in
                let itemKey = "\(key).trunk_groups[\(index)]"
                let group = try reader.mapping(item, key: itemKey, allowed: ["name", "channels", "trunks"])
                guard let name = group["name"] else { throw reader.fail(item, "\(itemKey).name", "missing") }
                guard let channels = group["channels"] else { throw reader.fail(item, "\(itemKey).channels", "missing") }
                return TrunkGroupSettings(
                    name: try nonEmpty(name, key: "\(itemKey).name"),
                    channels: try reader.integer(channels, key: "\(itemKey).channels", in: 1...100_000),
                    trunks: try group["trunks"].map { try reader.strings($0, key: "\(itemKey).trunks") } ?? [])
            }
        }
        if let value = fields["hunt_groups"] {
            settings.huntGroups = try reader.sequence(value, key: "\(key).hunt_groups").enumerated().map { index, item in
                let itemKey = "\(key).hunt_groups[\(index)]"
                let group = try reader.mapping(item, key: itemKey, allowed: [
                    "name", "pilots", "members", "sl_threshold_s", "short_abandon_s", "answered_min_talk_s", "sl_variant",
                ])
                guard let name = group["name"] else { throw reader.fail(item, "\(itemKey).name", "missing") }
                var settings = HuntGroupSettings(
                    name: try nonEmpty(name, key: "\(itemKey).name"),
                    pilots: try group["pilots"].map { try reader.strings($0, key: "\(itemKey).pilots") } ?? [],
                    members: try group["members"].map { try reader.strings($0, key: "\(itemKey).members") } ?? [])
                // Per-group overrides of the site's parameters.
                settings.slThresholdSeconds = try group["sl_threshold_s"].map {
                    try reader.integer($0, key: "\(itemKey).sl_threshold_s", in: 0...day)
                }
                settings.shortAbandonSeconds = try group["short_abandon_s"].map {
                    try reader.integer($0, key: "\(itemKey).short_abandon_s", in: 0...day)
                }
                settings.answeredMinTalkSeconds = try group["answered_min_talk_s"].map {
                    try reader.integer($0, key: "\(itemKey).answered_min_talk_s", in: 0...day)
                }
                settings.slVariant = try group["sl_variant"].map { try variant($0, key: "\(itemKey).sl_variant") }
                return settings
            }
        }
        return settings
    }

    /// One of ``AnalyticsSettings/slVariants``.
    private func variant(_ node: Node, key: String) throws -> String {
        let name = try reader.string(node, key: key)
        guard AnalyticsSettings.slVariants.contains(name) else {
            throw reader.fail(node, key, "unknown variant '\(name)' (known: \(AnalyticsSettings.slVariants.joined(separator: ", ")))")
        }
        return name
    }

    private func nonEmpty(_ node: Node, key: String) throws -> String {
        let text = try reader.string(node, key: key)
        guard !text.isEmpty else { throw reader.fail(node, key, "must not be empty") }
        return text
    }

    /// A duration: whole seconds, or a number with the unit `s`, `m`, `h` or `d` (`24h`, `7d`, `15m`).
    private func duration(_ node: Node, key: String) throws -> Int {
        let text = try reader.string(node, key: key)
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        var digits = Substring(text)
        var factor = 1
        if let last = text.last, let unit = units[last] {
            digits = text.dropLast()
            factor = unit
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let value = Int(digits), value > 0, value <= 366 * 86_400 / factor else {
            throw reader.fail(node, key, "must be a positive duration such as 900, 15m, 24h or 7d (at most 366 days)")
        }
        return value * factor
    }
}
