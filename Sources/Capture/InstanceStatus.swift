/// What the service reports about one connector instance (`/healthz`, `tollbook sites list`).
public struct InstanceStatus: Sendable, Equatable, Codable {
    /// The instance's (source's) name.
    public var name: String
    /// Its site.
    public var site: String
    /// The connector plugin's id.
    public var plugin: String
    /// `spool`, `sftp_server`, `sftp_pickup`, `ftp_pickup`, `tcp` or `http`.
    public var transport: String
    /// Where it listens or what it watches (e.g. `127.0.0.1:2222`).
    public var endpoint: String
    /// `running`, `disabled` or `failed`.
    public var state: String
    /// `worker` or `in_process`.
    public var isolation: String
    /// The last error, if the instance failed or a transport round went wrong.
    public var lastError: String?
    /// Journal entries received but not yet ingested.
    public var journalLag: UInt64
    /// The last journal entry written.
    public var journalLastSeq: UInt64
    /// Streams whose plugin failed since the instance started (the rest of each was
    /// quarantined with reason `plugin_error`, `plugin_violation` or `plugin_crashed`).
    public var pluginErrors: Int = 0

    enum CodingKeys: String, CodingKey {
        case name, site, plugin, transport, endpoint, state, isolation
        case lastError = "last_error"
        case journalLag = "journal_lag"
        case journalLastSeq = "journal_last_seq"
        case pluginErrors = "plugin_errors"
    }
}
