import TollbookCore

/// The parser a connector instance uses: its plugin in this process (``ParserIsolation/inProcess``,
/// errors propagate) or in a worker process (``ParserIsolation/worker(_:)``), where a window that
/// makes the worker crash, hang, run out of memory or break the contract is narrowed down to the
/// offending record. That record's bytes are quarantined (``RejectReason/pluginCrashed``,
/// ``RejectReason/pluginTimeout``, ``RejectReason/pluginMemory``, ``RejectReason/pluginViolation``
/// or, when the plugin returned an error status from `feed`, ``RejectReason/pluginError``) and skipped; everything before and after it is parsed as
/// without the fault.
///
/// Restarting a worker re-establishes its parser's state by replaying the stream's bytes before
/// the window (``Replay``), skipping what was quarantined; the replay's output is discarded.
public final class IsolatedStreamParser: StreamParser {
    /// Re-delivers the stream's bytes `[0, upTo)` to `body`, in pieces of any size.
    public typealias Replay = (_ upTo: UInt64, _ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Void

    /// After this many quarantined records in one stream, a failing window is quarantined whole
    /// instead of being narrowed (a plugin that fails on everything).
    public static let maximumQuarantinedRecords = 50

    /// The plugin's id.
    public let connector: String
    /// Where the parser runs.
    public let isolation: ParserIsolation
    /// Quarantined records per stream after which failing windows are quarantined whole.
    public let quarantineLimit: Int
    /// How often a worker was restarted after a failure (for metrics).
    public internal(set) var workerRestarts = 0
    /// How many records (or whole windows, past the limit) were quarantined because of worker failures.
    public internal(set) var quarantinedRecords = 0

    let pluginPath: String
    let optionsJSON: String
    let sourceName: String
    let timeZoneIdentifier: String
    let replay: Replay
    /// Workers are taken from here and handed back after the stream's end.
    let pool: WorkerPool?
    private var inProcess: ParserSession?
    var worker: WorkerParserSession?
    var output = ParserOutput.empty
    var offset: UInt64 = 0
    /// Spans quarantined so far, in stream order (skipped when replaying).
    var quarantined: [SourceSpan] = []
    private var finished = false

    /// Creates the parser (and, in worker mode, starts its worker).
    /// - Parameters:
    ///   - replay: re-delivers stream bytes before a window (worker mode only; never called in process).
    ///   - quarantineLimit: see ``maximumQuarantinedRecords``.
    ///   - pool: where workers are taken from and handed back when the stream ends (`nil`: a
    ///     worker of its own, ended with the stream).
    /// - Throws: ``HostError``, ``WorkerLaunchError``, ``WorkerFailure``.
    public init(plugin: PluginLibrary, optionsJSON: String, sourceName: String, timeZone: WallClockConverter,
                isolation: ParserIsolation, quarantineLimit: Int = IsolatedStreamParser.maximumQuarantinedRecords,
                pool: WorkerPool? = nil, replay: @escaping Replay) throws {
        self.pool = pool
        connector = plugin.info.id
        self.quarantineLimit = quarantineLimit
        self.isolation = isolation
        pluginPath = plugin.info.path
        self.optionsJSON = optionsJSON
        self.sourceName = sourceName
        timeZoneIdentifier = timeZone.timeZone.identifier
        self.replay = replay
        switch isolation {
        case .inProcess:
            inProcess = try ParserSession(plugin: plugin, optionsJSON: optionsJSON, sourceName: sourceName, timeZone: timeZone)
        case .worker:
            worker = try startWorker()
        }
    }

    /// Total bytes of the stream dealt with so far (parsed or quarantined).
    public var consumedBytes: UInt64 { inProcess?.consumedBytes ?? offset }

    /// The tail of the current worker's standard error (empty in process).
    public var workerDiagnostics: String { worker?.diagnostics ?? "" }

    /// Passes a window of the stream (see ``StreamParser/consume(_:isEnd:)``). In worker mode a
    /// failing window is narrowed and its offending records quarantined instead of throwing.
    /// - Throws: ``HostError`` (plugin errors, or any error in process), ``WorkerFailure`` when a
    ///   worker cannot be restarted or the replay fails.
    public func consume(_ window: UnsafeRawBufferPointer, isEnd: Bool) throws -> Int {
        if let inProcess { return try inProcess.consume(window, isEnd: isEnd) }
        guard !finished else { throw HostError.contractViolation(connector: connector, detail: "feed after end of input") }
        let base = offset
        do {
            let live = try liveWorker()
            let used = try live.consume(window, isEnd: isEnd)
            collect(from: live)
            if isEnd {
                finished = true
                // The stream is over and the worker healthy: the next stream may use it.
                if let pool {
                    pool.give(live)
                    worker = nil
                }
            }
            return used
        } catch {
            guard let cause = Self.isolated(error) else { throw error }
            worker?.close()
            worker = nil
            try narrow(window, base: base, isEnd: isEnd, cause: cause)
            if isEnd { finished = true }
            return Int(offset - base)
        }
    }

    /// The records, rejects (quarantined records included) and skipped spans since the last call.
    public func takeOutput() -> ParserOutput {
        if let inProcess { return inProcess.takeOutput() }
        defer { output = .empty }
        return output
    }

    /// Why a failure is isolated, or `nil` for errors that propagate.
    static func isolated(_ error: Error) -> Cause? {
        switch error {
        case let failure as WorkerFailure:
            if case .workerError = failure { return nil }
            return Cause(reason: failure.rejectReason, text: failure.description)
        case let HostError.contractViolation(_, detail):
            return Cause(reason: .pluginViolation, text: "the connector broke the plugin contract (\(detail))")
        case let HostError.pluginFailed(_, operation, status, message) where operation == "feed":
            // A fresh worker replays the stream and goes on after the record: only that record is lost.
            let said = message.isEmpty ? "no message" : message
            return Cause(reason: .pluginError, text: "the connector returned \(HostError.statusName(status)) (\(said))")
        default:
            return nil
        }
    }

    /// A worker failure as it is quarantined.
    struct Cause {
        var reason: RejectReason
        var text: String
    }

    /// Adds a worker's output to this parser's and takes over its offset.
    func collect(from live: WorkerParserSession) {
        output.append(live.takeOutput())
        offset = live.consumedBytes
    }

    /// The current worker, restarted at ``offset`` if the last one failed.
    func liveWorker() throws -> WorkerParserSession {
        if let worker { return worker }
        try restart(at: offset, window: UnsafeRawBufferPointer(start: nil, count: 0), base: offset)
        guard let worker else { throw WorkerFailure.protocolError(detail: "no worker after restart") }
        return worker
    }

    /// A new worker with a new parser at stream offset 0.
    func startWorker() throws -> WorkerParserSession {
        guard case let .worker(settings) = isolation else {
            throw HostError.contractViolation(connector: connector, detail: "no worker in process")
        }
        if let pool {
            return try pool.take(pluginPath: pluginPath, connector: connector, optionsJSON: optionsJSON,
                                 sourceName: sourceName, timeZoneIdentifier: timeZoneIdentifier, settings: settings)
        }
        return try WorkerParserSession(pluginPath: pluginPath, connector: connector, optionsJSON: optionsJSON,
                                       sourceName: sourceName, timeZoneIdentifier: timeZoneIdentifier, settings: settings)
    }
}
