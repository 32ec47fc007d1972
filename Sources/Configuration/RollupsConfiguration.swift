import Yams

/// The top-level `rollups:` section: whether the quarter-hour roll-ups of the KPIs are maintained
/// (see `docs/rollups.md`) and how often `tollbook serve` refreshes them.
public struct RollupsConfiguration: Sendable, Equatable {
    /// `enabled` (default `true`): with `false` no ingest stage notes changes and nothing refreshes
    /// roll-ups; the KPI engine computes everything from the detail.
    public var enabled = true
    /// `refresh_seconds` (default 60): how often `tollbook serve` refreshes the changed quarters.
    public var refreshSeconds = 60

    /// The defaults (enabled, every 60 s).
    public init(enabled: Bool = true, refreshSeconds: Int = 60) {
        self.enabled = enabled
        self.refreshSeconds = refreshSeconds
    }
}

/// Reads the `rollups:` section; every error names file, line and key.
struct RollupsSectionReader {
    let reader: YAMLReader

    func rollups(_ node: Node, key: String) throws -> RollupsConfiguration {
        let fields = try reader.mapping(node, key: key, allowed: ["enabled", "refresh_seconds"])
        var settings = RollupsConfiguration()
        if let value = fields["enabled"] { settings.enabled = try reader.boolean(value, key: "\(key).enabled") }
        if let value = fields["refresh_seconds"] {
            settings.refreshSeconds = try reader.integer(value, key: "\(key).refresh_seconds", in: 1...86_400)
        }
        return settings
    }
}
