import Foundation

/// Collects files from an SFTP server: each `poll()` connects, lists the directory, downloads every new
/// finished file, hands it to the sink and only then deletes it (or remembers it, in `keep` mode).
///
/// `@unchecked Sendable`: its only mutable state (the sizes seen last round) is used under `lock`; the
/// libssh session of a round lives and dies inside that round's `poll()`.
public final class SFTPPickup: @unchecked Sendable {
    private let settings: SFTPPickupSettings
    private let sink: any FileDeliverySink
    private let log: FileTransportLog
    private let lock = NSLock()
    private var previousSizes: [String: Int64] = [:]

    /// Creates a pickup; nothing connects until `poll()`.
    public init(settings: SFTPPickupSettings, sink: any FileDeliverySink, log: @escaping FileTransportLog = { _ in }) {
        self.settings = settings
        self.sink = sink
        self.log = log
    }

    /// Runs one round (the service calls it on an interval; concurrent calls are serialised).
    /// - Throws: ``FileTransportError`` when the server cannot be reached, is not the expected one, refuses
    ///   the login or the listing, or the state file is unusable. Per-file problems are in the result.
    public func poll() throws -> PickupResult {
        lock.lock()
        defer { lock.unlock() }
        guard settings.passwordFile != nil || settings.privateKeyFile != nil else {
            throw FileTransportError.invalidSettings("SFTP pickup \(settings.user)@\(settings.host) has neither a password file nor a key")
        }
        let connection = try SFTPClientConnection(settings: settings)
        defer { connection.close() }
        let round = PickupRound(settings: settings.pickup, sink: sink, log: log)
        return try round.run(connection, previousSizes: &previousSizes)
    }
}
