/// The `service:` section: how `tollbook serve` runs.
///
/// ```yaml
/// service:
///   data_directory: /var/lib/tollbook   # journal, host keys, pickup state (relative to the config file)
///   store: tollbook.db                  # the call store (default <data_directory>/tollbook.db)
///   listen: 127.0.0.1:9480              # /healthz, /metrics and the `tollbook sites` control API
///   ops_token_file: ops.token           # bearer token of the control API (default <data_directory>/ops.token;
///                                       # created with mode 0600 at first start)
///   protect_metrics: false              # true: /healthz and /metrics need the token too
///   max_record_mb: 64                   # longest record a connector may wait for (no record end in
///                                       # this many bytes: the stream's rest is quarantined)
///   journal:
///     segment_mb: 64                    # rotation size of a journal segment
///     retention_days: 90                # segments older than this (and fully ingested) are deleted
///   commit_records: 5000                # records per store transaction at most
///   commit_interval_ms: 500             # and at least this often while data arrives
/// ```
public struct ServiceSettings: Sendable, Equatable {
    /// Folder for the journal, SFTP host keys and pickup state (absolute after reading).
    public var dataDirectory: String
    /// Path of the SQLite call store (absolute after reading).
    public var storePath: String
    /// Address of the operations endpoint (`/healthz`, `/metrics`, `/sites`).
    public var listen: ListenAddress
    /// Rotation size of journal segments in bytes.
    public var journalSegmentBytes: Int
    /// Days a fully ingested journal segment is kept for `journal replay`.
    public var journalRetentionDays: Int
    /// Largest number of records stored in one transaction.
    public var commitRecords: Int
    /// Longest time received records wait for their transaction, in milliseconds.
    public var commitIntervalMs: Int
    /// The file holding the operations endpoint's bearer token (absolute after reading).
    public var opsTokenFile: String
    /// Whether `/healthz` and `/metrics` need the token as well.
    public var protectMetrics: Bool
    /// The longest record a connector may leave unfinished, in bytes.
    public var maxRecordBytes: Int

    /// Creates settings with the defaults for everything but the folder.
    public init(dataDirectory: String, storePath: String? = nil, listen: ListenAddress = ListenAddress(host: "127.0.0.1", port: 9480)) {
        self.dataDirectory = dataDirectory
        self.storePath = storePath ?? dataDirectory + "/tollbook.db"
        self.listen = listen
        journalSegmentBytes = 64 << 20
        journalRetentionDays = 90
        commitRecords = 5_000
        commitIntervalMs = 500
        opsTokenFile = dataDirectory + "/ops.token"
        protectMetrics = false
        maxRecordBytes = 64 << 20
    }

    /// The journal folder of a connector instance.
    public func journalDirectory(instance: String) -> String {
        dataDirectory + "/journal/" + instance
    }

    /// The folder for an instance's transport state (host keys, pickup state, staging).
    public func stateDirectory(instance: String) -> String {
        dataDirectory + "/state/" + instance
    }
}

/// A host and TCP port to listen on or connect to.
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    /// Host name or address (`0.0.0.0` for every IPv4 interface, `::` for every interface).
    public var host: String
    /// TCP port (0 = any free port, for tests).
    public var port: Int

    /// Creates an address.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `host:port` (IPv6 hosts in brackets).
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
