import Foundation

/// Collects files from an FTP (or FTPS) server with libcurl: each `poll()` lists the directory (NLST, then
/// SIZE and MDTM per wanted name), downloads every new finished file, hands it to the sink and only then
/// deletes it (`DELE`) or remembers it (`keep` mode).
///
/// `@unchecked Sendable`: its only mutable state (the sizes seen last round) is used under `lock`; the
/// curl handle of a round lives and dies inside that round's `poll()`.
public final class FTPPickup: @unchecked Sendable {
    private let settings: FTPPickupSettings
    private let sink: any FileDeliverySink
    private let log: FileTransportLog
    private let lock = NSLock()
    private var previousSizes: [String: Int64] = [:]

    /// Creates a pickup; nothing connects until `poll()`.
    public init(settings: FTPPickupSettings, sink: any FileDeliverySink, log: @escaping FileTransportLog = { _ in }) {
        self.settings = settings
        self.sink = sink
        self.log = log
    }

    /// Runs one round (the service calls it on an interval; concurrent calls are serialised).
    /// - Throws: ``FileTransportError`` when the server cannot be reached, refuses the login or the listing,
    ///   or the state file is unusable. Per-file problems are in the result.
    public func poll() throws -> PickupResult {
        lock.lock()
        defer { lock.unlock() }
        let password = try settings.passwordFile.map(SecretFile.read) ?? ""
        let connection = try FTPClientConnection(settings: settings, password: password)
        defer { connection.close() }
        let round = PickupRound(settings: settings.pickup, sink: sink, log: log)
        return try round.run(connection, previousSizes: &previousSizes)
    }
}
