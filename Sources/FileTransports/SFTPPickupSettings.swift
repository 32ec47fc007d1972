/// How an SFTP pickup recognises the server.
public enum SSHHostKeyCheck: Sendable, Equatable {
    /// The server's host key must have this OpenSSH fingerprint (`SHA256:…`, as `ssh-keygen -lf` prints it).
    case fingerprint(String)
    /// The first key seen is written to this file and required from then on ("trust on first use").
    case trustOnFirstUse(file: String)
}

/// Settings of an SFTP pickup: a server that keeps CDR files for us to collect.
public struct SFTPPickupSettings: Sendable, Equatable {
    /// The server's host name or address.
    public var host: String
    /// The server's port.
    public var port: Int
    /// The login name.
    public var user: String
    /// A file holding the password (trimmed), or `nil`.
    public var passwordFile: String?
    /// An unencrypted private key file (OpenSSH or PEM format), or `nil`.
    public var privateKeyFile: String?
    /// How the server's host key is checked.
    public var hostKey: SSHHostKeyCheck
    /// Directory, pattern, delete/keep, staging.
    public var pickup: PickupSettings
    /// Seconds before a connect or a blocking read gives up.
    public var timeoutSeconds: Int

    /// Creates SFTP pickup settings; one of `passwordFile` and `privateKeyFile` must be set.
    public init(host: String, port: Int = 22, user: String, passwordFile: String? = nil, privateKeyFile: String? = nil,
                hostKey: SSHHostKeyCheck, pickup: PickupSettings, timeoutSeconds: Int = 30) {
        self.host = host
        self.port = port
        self.user = user
        self.passwordFile = passwordFile
        self.privateKeyFile = privateKeyFile
        self.hostKey = hostKey
        self.pickup = pickup
        self.timeoutSeconds = timeoutSeconds
    }
}
