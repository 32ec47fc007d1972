/// Who the certified plugin is, as the report names it.
public struct PluginIdentity: Sendable, Codable, Equatable {
    /// The descriptor's id (empty when the descriptor could not be read).
    public var id: String
    /// The descriptor's name.
    public var name: String
    /// The descriptor's vendor.
    public var vendor: String
    /// The descriptor's version.
    public var version: String
    /// The shared object's path.
    public var path: String
    /// SHA-256 of the shared object's bytes, lower-case hex.
    public var sha256: String

    /// Creates an identity.
    public init(id: String, name: String, vendor: String, version: String, path: String, sha256: String) {
        self.id = id
        self.name = name
        self.vendor = vendor
        self.version = version
        self.path = path
        self.sha256 = sha256
    }
}

/// What a worker prints: one JSON line with the check's result and, when the descriptor could be
/// read, the plugin's identity (sha256 left empty: the parent hashes the file).
public struct WorkerReply: Sendable, Codable, Equatable {
    /// The check's result (its `duration_ms` is replaced by the parent's measurement).
    public var result: CheckResult
    /// The plugin's identity, if known.
    public var plugin: PluginIdentity?

    /// Creates a reply.
    public init(result: CheckResult, plugin: PluginIdentity?) {
        self.result = result
        self.plugin = plugin
    }
}
