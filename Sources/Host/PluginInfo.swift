/// What a loaded plugin says about itself (copied out of its descriptor).
public struct PluginInfo: Sendable, Equatable, Codable {
    /// Stable id, e.g. `cisco.cucm`.
    public var id: String
    /// Human-readable name.
    public var name: String
    /// Who made it.
    public var vendor: String
    /// The plugin's own version.
    public var version: String
    /// One or two sentences for admins.
    public var description: String
    /// Input formats it reads.
    public var formats: [String]
    /// JSON Schema of its options.
    public var optionsSchema: String
    /// ABI version it was built against, `major.minor`.
    public var abiVersion: String
    /// The shared object's path.
    public var path: String
    /// Whether it offers a probe.
    public var hasProbe: Bool
}
