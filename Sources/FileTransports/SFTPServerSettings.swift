/// One login of the SFTP server: who may upload, how they prove it, and where their files land.
public struct SFTPAccount: Sendable, Equatable {
    /// The SSH user name.
    public var user: String
    /// A file holding the password (trimmed); `nil` disables password logins for this user.
    public var passwordFile: String?
    /// An OpenSSH `authorized_keys` file; `nil` disables public-key logins for this user.
    public var authorizedKeysFile: String?
    /// The directory this user uploads into (and is confined to).
    public var uploadDirectory: String

    /// Creates an account; at least one of `passwordFile` and `authorizedKeysFile` must be set.
    public init(user: String, passwordFile: String? = nil, authorizedKeysFile: String? = nil, uploadDirectory: String) {
        self.user = user
        self.passwordFile = passwordFile
        self.authorizedKeysFile = authorizedKeysFile
        self.uploadDirectory = uploadDirectory
    }
}

/// Settings of the SFTP server that PBXs (e.g. Cisco CUCM "billing servers") push CDR files to.
public struct SFTPServerSettings: Sendable, Equatable {
    /// The address to listen on, e.g. `0.0.0.0` or `127.0.0.1`.
    public var host: String
    /// The TCP port; 0 picks a free port (see ``SFTPServer/port``).
    public var port: Int
    /// The server's private host key (OpenSSH format); an Ed25519 key is generated there (mode 0600) if missing.
    public var hostKeyPath: String
    /// The accounts that may log in.
    public var accounts: [SFTPAccount]
    /// Failed authentication attempts allowed per connection before it is closed.
    public var maxAuthAttempts: Int
    /// Seconds a connection may stay idle (no SSH traffic) before it is closed.
    public var idleTimeoutSeconds: Int
    /// Connections served at the same time; further ones are closed at once (the PBX retries).
    public var maxConnections: Int
    /// Connections that have not logged in yet, in total; further ones are closed at once.
    public var maxPreAuthConnections: Int = 16
    /// Connections that have not logged in yet, per source address.
    public var maxPreAuthPerSource: Int = 4
    /// Seconds a connection has for the key exchange and the login.
    public var preAuthTimeoutSeconds: Int = 10
    /// Source networks allowed to connect (CIDR blocks or addresses; empty: any).
    public var allow: [String] = []

    /// Creates server settings.
    public init(host: String, port: Int, hostKeyPath: String, accounts: [SFTPAccount],
                maxAuthAttempts: Int = 6, idleTimeoutSeconds: Int = 600, maxConnections: Int = 32) {
        self.host = host
        self.port = port
        self.hostKeyPath = hostKeyPath
        self.accounts = accounts
        self.maxAuthAttempts = maxAuthAttempts
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.maxConnections = maxConnections
    }

    /// Checks that every account has a credential, a distinct name and an upload directory.
    func validate() throws {
        guard !accounts.isEmpty else { throw FileTransportError.invalidSettings("the SFTP server has no accounts") }
        var seen = Set<String>()
        for account in accounts {
            guard !account.user.isEmpty else { throw FileTransportError.invalidSettings("an SFTP account has no user name") }
            guard seen.insert(account.user).inserted else {
                throw FileTransportError.invalidSettings("SFTP user \(account.user) is configured twice")
            }
            guard account.passwordFile != nil || account.authorizedKeysFile != nil else {
                throw FileTransportError.invalidSettings("SFTP user \(account.user) has neither a password file nor authorized keys")
            }
            guard !account.uploadDirectory.isEmpty else {
                throw FileTransportError.invalidSettings("SFTP user \(account.user) has no upload directory")
            }
        }
    }
}
