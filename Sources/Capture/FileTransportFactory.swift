import TollbookConfiguration
import FileTransports
import Foundation
import Logging

/// Hands files from the file transports to the instance's journal: `deliver` returns — and the
/// transport acknowledges the file — only once the whole file is durable there.
struct JournalDeliverySink: FileDeliverySink {
    let journal: CaptureJournal

    func deliver(_ file: DeliveredFile) throws {
        try journal.receiveFile(at: file.path, origin: file.name)
    }
}

/// Builds the SFTP server and the SFTP / FTP pickups of connector instances.
enum FileTransportFactory {
    /// The built-in SFTP server for an instance (host key and default upload folders under `stateDirectory`).
    static func sftpServer(instance: String, settings: SFTPServerTransportSettings, stateDirectory: String,
                           journal: CaptureJournal, logger: Logger) throws -> any CaptureTransport {
        let accounts = settings.accounts.map { account in
            SFTPAccount(user: account.user, passwordFile: account.passwordFile, authorizedKeysFile: account.authorizedKeysFile,
                        uploadDirectory: account.directory ?? stateDirectory + "/uploads/" + account.user)
        }
        let hostKey = settings.hostKeyPath.isEmpty ? stateDirectory + "/ssh_host_ed25519_key" : settings.hostKeyPath
        var serverSettings = SFTPServerSettings(host: settings.listen.host, port: settings.listen.port, hostKeyPath: hostKey,
                                                accounts: accounts, maxConnections: settings.limits.maxConnections)
        serverSettings.maxPreAuthConnections = settings.limits.maxPreAuth
        serverSettings.maxPreAuthPerSource = settings.limits.maxPreAuthPerSource
        serverSettings.preAuthTimeoutSeconds = settings.limits.preAuthTimeoutSeconds
        serverSettings.allow = settings.limits.allow
        let server = SFTPServer(
            settings: serverSettings,
            sink: JournalDeliverySink(journal: journal),
            log: { line in logger.info("\(LogText.clean(line, limit: 2_000))", metadata: ["instance": "\(instance)"]) })
        return SFTPServerTransport(instance: instance, server: server, host: settings.listen.host, stateDirectory: stateDirectory,
                                   accounts: accounts)
    }

    /// Files fetched from an SFTP server.
    static func sftpPickup(instance: String, settings: PickupTransportSettings, stateDirectory: String,
                           journal: CaptureJournal, logger: Logger) throws -> any CaptureTransport {
        let hostKey: SSHHostKeyCheck = settings.hostKeyFingerprint.map { .fingerprint($0) }
            ?? .trustOnFirstUse(file: settings.knownHostsFile ?? stateDirectory + "/known_host")
        let pickup = SFTPPickup(
            settings: SFTPPickupSettings(host: settings.host, port: settings.port, user: settings.user,
                                         passwordFile: settings.passwordFile, privateKeyFile: settings.keyFile, hostKey: hostKey,
                                         pickup: common(settings, stateDirectory: stateDirectory)),
            sink: JournalDeliverySink(journal: journal),
            log: { line in logger.info("\(LogText.clean(line, limit: 2_000))", metadata: ["instance": "\(instance)"]) })
        return PickupTransport(instance: instance, transport: "sftp_pickup", endpoint: "sftp://\(settings.host):\(settings.port)\(settings.path)",
                               intervalSeconds: settings.intervalSeconds, stateDirectory: stateDirectory, logger: logger,
                               poll: { try pickup.poll() })
    }

    /// Files fetched from an FTP server.
    static func ftpPickup(instance: String, settings: PickupTransportSettings, stateDirectory: String,
                          journal: CaptureJournal, logger: Logger) throws -> any CaptureTransport {
        let pickup = FTPPickup(
            settings: FTPPickupSettings(host: settings.host, port: settings.port, user: settings.user,
                                        passwordFile: settings.passwordFile, security: settings.tls ? .explicitTLS : .none,
                                        pickup: common(settings, stateDirectory: stateDirectory)),
            sink: JournalDeliverySink(journal: journal),
            log: { line in logger.info("\(LogText.clean(line, limit: 2_000))", metadata: ["instance": "\(instance)"]) })
        return PickupTransport(instance: instance, transport: "ftp_pickup", endpoint: "ftp://\(settings.host):\(settings.port)\(settings.path)",
                               intervalSeconds: settings.intervalSeconds, stateDirectory: stateDirectory, logger: logger,
                               poll: { try pickup.poll() })
    }

    /// What SFTP and FTP pickups share: folder, pattern, delete or keep (state under the instance's folder).
    private static func common(_ settings: PickupTransportSettings, stateDirectory: String) -> PickupSettings {
        PickupSettings(remoteDirectory: settings.path, pattern: settings.pattern,
                       after: settings.after == .delete ? .delete : .keep(stateFile: stateDirectory + "/fetched.json"),
                       stagingDirectory: stateDirectory + "/staging")
    }
}

/// The SFTP server as a capture transport.
///
/// `@unchecked Sendable`: constants only; the ``SFTPServer`` it wraps is thread-safe.
final class SFTPServerTransport: CaptureTransport, @unchecked Sendable {
    private let instance: String
    private let server: SFTPServer
    private let host: String
    private let stateDirectory: String
    private let accounts: [SFTPAccount]

    init(instance: String, server: SFTPServer, host: String, stateDirectory: String, accounts: [SFTPAccount]) {
        self.instance = instance
        self.server = server
        self.host = host
        self.stateDirectory = stateDirectory
        self.accounts = accounts
    }

    var endpoint: String { ListenAddress(host: host, port: server.port).description }

    var lastError: String? { nil }

    func start() throws {
        do {
            try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
            for account in accounts {
                try FileManager.default.createDirectory(atPath: account.uploadDirectory, withIntermediateDirectories: true)
            }
            try server.start()
        } catch {
            throw CaptureError.transportFailed(instance: instance, transport: "sftp_server", reason: "\(error)")
        }
    }

    func stop() {
        server.stop()
    }
}
