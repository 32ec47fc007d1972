/// How a connector instance receives its bytes (`transport:`).
public enum TransportSettings: Sendable, Equatable {
    /// Files dropped into a folder.
    case spool(SpoolSettings)
    /// An SFTP server the PBX uploads to.
    case sftpServer(SFTPServerTransportSettings)
    /// Files fetched from an SFTP server.
    case sftpPickup(PickupTransportSettings)
    /// Files fetched from an FTP server.
    case ftpPickup(PickupTransportSettings)
    /// A TCP port the PBX connects to and streams records over.
    case tcp(TCPSettings)
    /// An HTTP(S) endpoint the PBX sends records to (innovaphone CDR0 / CDR1).
    case http(HTTPReceiverSettings)

    /// The `type:` value.
    public var typeName: String {
        switch self {
        case .spool: return "spool"
        case .sftpServer: return "sftp_server"
        case .sftpPickup: return "sftp_pickup"
        case .ftpPickup: return "ftp_pickup"
        case .tcp: return "tcp"
        case .http: return "http"
        }
    }
}

/// A spool folder: `{ type: spool, path, archive, poll_interval_ms, stable_ms, pattern }`.
public struct SpoolSettings: Sendable, Equatable {
    /// The folder watched for new files.
    public var path: String
    /// Where processed files are moved (default `<path>/archive`).
    public var archive: String
    /// Polling interval (also the fallback when inotify is unavailable), in milliseconds.
    public var pollIntervalMs: Int
    /// A file must keep its size this long before it is read, in milliseconds.
    public var stableMs: Int
    /// Shell-style name pattern of the files to read (default `*`).
    public var pattern: String

    /// Creates settings with defaults.
    public init(path: String, archive: String? = nil) {
        self.path = path
        self.archive = archive ?? path + "/archive"
        pollIntervalMs = 2_000
        stableMs = 1_000
        pattern = "*"
    }
}

/// Who may connect to a network listener and how many connections it holds (`allow`,
/// `max_connections`, `max_connections_per_source`, `idle_timeout_s`, `header_timeout_s`,
/// `max_pre_auth`, `max_pre_auth_per_source`, `pre_auth_timeout_s`; not every transport reads every key).
public struct ListenerLimits: Sendable, Equatable {
    /// Source addresses or CIDR blocks allowed to connect (empty: any).
    public var allow: [String] = []
    /// Connections open at the same time; further ones are closed at once.
    public var maxConnections: Int
    /// Connections open at the same time from one source address.
    public var maxConnectionsPerSource: Int
    /// Seconds a connection may stay idle before it is closed (HTTP).
    public var idleTimeoutSeconds: Int = 30
    /// Seconds a client has to send a request's headers (HTTP).
    public var headerTimeoutSeconds: Int = 10
    /// Connections not logged in yet, in total (SFTP).
    public var maxPreAuth: Int = 16
    /// Connections not logged in yet, per source address (SFTP).
    public var maxPreAuthPerSource: Int = 4
    /// Seconds for the key exchange and login (SFTP).
    public var preAuthTimeoutSeconds: Int = 10

    /// Creates limits.
    public init(maxConnections: Int, maxConnectionsPerSource: Int) {
        self.maxConnections = maxConnections
        self.maxConnectionsPerSource = maxConnectionsPerSource
    }
}

/// The built-in SFTP server: `{ type: sftp_server, listen, host_key, accounts: [...], allow, max_connections,
/// max_pre_auth, max_pre_auth_per_source, pre_auth_timeout_s }`.
public struct SFTPServerTransportSettings: Sendable, Equatable {
    /// Where it listens.
    public var listen: ListenAddress
    /// Private host key file (generated on first start when missing).
    public var hostKeyPath: String
    /// The accounts PBXs log in with.
    public var accounts: [SFTPAccountSettings]
    /// Allow list and connection limits.
    public var limits = ListenerLimits(maxConnections: 32, maxConnectionsPerSource: 32)

    /// Creates settings.
    public init(listen: ListenAddress, hostKeyPath: String, accounts: [SFTPAccountSettings]) {
        self.listen = listen
        self.hostKeyPath = hostKeyPath
        self.accounts = accounts
    }
}

/// An SFTP account: `{ user, password_file, authorized_keys, directory }`.
public struct SFTPAccountSettings: Sendable, Equatable {
    /// Login name.
    public var user: String
    /// File holding the password, if password login is allowed.
    public var passwordFile: String?
    /// OpenSSH `authorized_keys` file, if key login is allowed.
    public var authorizedKeysFile: String?
    /// The account's upload folder (default `<state>/uploads/<user>`).
    public var directory: String?

    /// Creates an account.
    public init(user: String, passwordFile: String? = nil, authorizedKeysFile: String? = nil, directory: String? = nil) {
        self.user = user
        self.passwordFile = passwordFile
        self.authorizedKeysFile = authorizedKeysFile
        self.directory = directory
    }
}

/// Fetching files from a server: `{ type: sftp_pickup | ftp_pickup, host, port, user, password_file,
/// key_file, known_hosts, path, pattern, after: delete | keep, interval_s, tls }`.
public struct PickupTransportSettings: Sendable, Equatable {
    /// What happens to a remote file once it is safe in the journal.
    public enum After: String, Sendable, Equatable {
        /// It is deleted on the server.
        case delete
        /// It stays and is remembered, so it is not fetched again.
        case keep
    }

    /// Server host.
    public var host: String
    /// Server port (default 22 for SFTP, 21 for FTP).
    public var port: Int
    /// Login name.
    public var user: String
    /// File holding the password.
    public var passwordFile: String?
    /// Private key file (SFTP).
    public var keyFile: String?
    /// File of the server's known host key (SFTP; trusted on first use when missing; default
    /// `<state>/known_host`).
    public var knownHostsFile: String?
    /// The server's host key fingerprint (`SHA256:…`, as `ssh-keygen -lf` prints it); when set,
    /// only that key is accepted (SFTP).
    public var hostKeyFingerprint: String?
    /// Remote folder.
    public var path: String
    /// Shell-style name pattern (default `*`).
    public var pattern: String
    /// Delete or keep fetched files.
    public var after: After
    /// Seconds between polls.
    public var intervalSeconds: Int
    /// FTP over explicit TLS (FTPS).
    public var tls: Bool

    /// Creates settings with defaults.
    public init(host: String, port: Int, user: String, path: String) {
        self.host = host
        self.port = port
        self.user = user
        self.path = path
        pattern = "*"
        after = .delete
        intervalSeconds = 60
        tls = false
    }
}

/// A TCP listener: `{ type: tcp, listen, allow: [addresses or CIDR blocks], rotate_kb, rotate_s,
/// max_connections, max_connections_per_source }`.
public struct TCPSettings: Sendable, Equatable {
    /// Where it listens.
    public var listen: ListenAddress
    /// Peer addresses or CIDR blocks allowed to connect (empty: any).
    public var allow: [String]
    /// Connection limits (`allow` is the field above).
    public var limits = ListenerLimits(maxConnections: 64, maxConnectionsPerSource: 16)
    /// A long-lived connection's journal stream is ended at the next line end after this many
    /// bytes and continued as a new stream (bounds replay after a restart and lets retention work).
    public var rotateBytes: Int
    /// … or after this many seconds.
    public var rotateSeconds: Int

    /// Creates settings (streams rotate after 16 MiB or an hour).
    public init(listen: ListenAddress, allow: [String] = [], rotateBytes: Int = 16 << 20, rotateSeconds: Int = 3600) {
        self.listen = listen
        self.allow = allow
        limits.allow = allow
        self.rotateBytes = rotateBytes
        self.rotateSeconds = rotateSeconds
    }
}

/// An HTTP(S) receiver: `{ type: http, listen, path, tls: { certificate, key, client_ca }, auth: { user,
/// password_file } | { bearer_token_file }, allow, max_connections, max_connections_per_source,
/// idle_timeout_s, header_timeout_s }`.
public struct HTTPReceiverSettings: Sendable, Equatable {
    /// Where it listens.
    public var listen: ListenAddress
    /// The request path records are sent to (default `/cdr`).
    public var path: String
    /// PEM certificate chain file, for HTTPS.
    public var certificateFile: String?
    /// PEM private key file, for HTTPS.
    public var keyFile: String?
    /// PEM file of the CA(s) whose client certificates are required (HTTPS only).
    public var clientCAFile: String?
    /// HTTP basic credentials a request must carry: the user …
    public var basicUser: String?
    /// … and the file holding the password.
    public var basicPasswordFile: String?
    /// A file holding a bearer token a request must carry (`Authorization: Bearer …`).
    public var bearerTokenFile: String?
    /// Allow list, connection limits and timeouts.
    public var limits = ListenerLimits(maxConnections: 256, maxConnectionsPerSource: 32)

    /// Creates settings.
    public init(listen: ListenAddress, path: String = "/cdr") {
        self.listen = listen
        self.path = path
    }
}
