/// One connector instance of a site (`sites[n].connectors[m]`): a plugin reading one PBX through
/// one transport. Its name is the source name in the store.
///
/// ```yaml
/// connectors:
///   - name: cucm-berlin
///     plugin: cisco.cucm
///     enabled: true
///     isolation: worker          # or in_process (trusted plugins only)
///     limits: { timeout_s: 30, memory_mb: 1024 }
///     options: { trunk_patterns: "SIP-Trunk*" }
///     transport: { type: spool, path: /var/spool/tollbook/cucm }
/// ```
public struct ConnectorInstanceSettings: Sendable, Equatable {
    /// The instance's (and source's) name, unique in the file.
    public var name: String
    /// The connector plugin's id, e.g. `cisco.cucm`.
    public var plugin: String
    /// Whether the service runs it.
    public var enabled: Bool
    /// Where the plugin runs.
    public var isolation: PluginIsolationSetting
    /// Seconds a worker may take for one piece of input before it is killed.
    public var timeoutSeconds: Double
    /// Address-space limit of a worker in bytes.
    public var memoryBytes: UInt64
    /// The plugin's options, in file order (values as text).
    public var options: [ConnectorOption]
    /// How the bytes arrive.
    public var transport: TransportSettings
    /// Line of the entry (for messages).
    public var line: Int

    /// Creates an instance with default isolation and limits.
    public init(name: String, plugin: String, transport: TransportSettings, options: [ConnectorOption] = [], line: Int = 0) {
        self.name = name
        self.plugin = plugin
        self.transport = transport
        self.options = options
        self.line = line
        enabled = true
        isolation = .worker
        timeoutSeconds = 30
        memoryBytes = 1 << 30
    }
}

/// Where a connector plugin runs.
public enum PluginIsolationSetting: String, Sendable, Equatable {
    /// In a worker process of its own (the default): a crash costs the record that caused it.
    case worker
    /// In the service's process: faster, for trusted plugins only.
    case inProcess = "in_process"
}

/// One plugin option: a key and its value as text.
public struct ConnectorOption: Sendable, Equatable {
    /// The option's key.
    public var key: String
    /// The value as text.
    public var value: String

    /// Creates an option.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}
