/// Transport security of an FTP pickup.
public enum FTPSecurity: Sendable, Equatable {
    /// Plain FTP (passwords and files travel unencrypted).
    case none
    /// FTPS with `AUTH TLS` on the normal port; refuses to continue without TLS.
    case explicitTLS
    /// FTPS with TLS from the first byte (`ftps://`, usually port 990).
    case implicitTLS
}

/// Settings of an FTP pickup: an FTP server that keeps CDR files for us to collect.
public struct FTPPickupSettings: Sendable, Equatable {
    /// The server's host name or address.
    public var host: String
    /// The server's port.
    public var port: Int
    /// The login name.
    public var user: String
    /// A file holding the password (trimmed); `nil` logs in with an empty password.
    public var passwordFile: String?
    /// Plain FTP or FTPS.
    public var security: FTPSecurity
    /// CA certificates (PEM) for verifying an FTPS server; `nil` uses the system's.
    public var caFile: String?
    /// Whether an FTPS server's certificate and host name are verified (turn off only for tests).
    public var verifyCertificate: Bool
    /// Directory, pattern, delete/keep, staging.
    public var pickup: PickupSettings
    /// Seconds before a connect gives up, and seconds without any progress before a transfer gives up.
    public var timeoutSeconds: Int

    /// Creates FTP pickup settings.
    public init(host: String, port: Int = 21, user: String, passwordFile: String? = nil, security: FTPSecurity = .none,
                caFile: String? = nil, verifyCertificate: Bool = true, pickup: PickupSettings, timeoutSeconds: Int = 30) {
        self.host = host
        self.port = port
        self.user = user
        self.passwordFile = passwordFile
        self.security = security
        self.caFile = caFile
        self.verifyCertificate = verifyCertificate
        self.pickup = pickup
        self.timeoutSeconds = timeoutSeconds
    }
}
