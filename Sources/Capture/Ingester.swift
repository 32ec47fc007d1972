import Foundation
import Host
import Journal
import Ingest
import Logging
import Org
import Pricing
import Privacy
import Store
import TollbookCore

/// Makes the parser of one journal stream. `replay` re-delivers the stream's bytes `[0, upTo)` (an
/// isolated parser uses it to rebuild its state after a worker restart).
public typealias StreamParserFactory = @Sendable (
    _ origin: String, _ replay: @escaping StreamReplay
) throws -> any StreamParser

/// Re-delivers a journal stream's bytes `[0, upTo)` in pieces.
public typealias StreamReplay = (_ upTo: UInt64, _ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Void

/// Reads a connector instance's raw journal into the call store, exactly once.
///
/// Entries are fed to one parser per stream (file, connection, HTTP body); the records go through
/// the ingest pipeline (``IngestPipeline``: pricing, storing, …) like those of `tollbook import`,
/// and the journal position — the next entry to read and, for every open stream, how
/// many of its bytes have their records stored — is committed in the same transaction. After a
/// crash the open streams are read again from their first entry (parsers may keep state such as a
/// header line), and records below the committed offset are dropped: nothing is lost, nothing
/// counted twice. Connectors are deterministic, which is what makes this exact.
///
/// `@unchecked Sendable`: the mutable state read from other threads (running, problem, disabled
/// reason, processed sequence, plugin failures) is guarded by ``lock``; the rest (the ingest run,
/// the crash guard, the pipeline) is used only by the one ingest thread (``start()``) or by the
/// caller of ``runUntilCaughtUp()``, never both.
public final class Ingester: @unchecked Sendable {
    /// How often the ingester commits.
    public struct Settings: Sendable {
        /// Largest number of records in one transaction.
        public var commitRecords: Int
        /// Longest time records wait for their transaction, in milliseconds.
        public var commitIntervalMs: Int
        /// How long ingested journal segments are kept for `journal replay` (`nil`: for ever).
        public var retentionMs: Int64?
        /// Crashes in a row of an in-process plugin after which the instance is disabled.
        public var inProcessCrashLimit: Int
        /// The longest record a parser may leave unfinished (`service.max_record_mb`), in bytes.
        public var maximumRecordBytes: Int

        /// Creates settings.
        public init(commitRecords: Int = 5_000, commitIntervalMs: Int = 500, retentionMs: Int64? = nil,
                    inProcessCrashLimit: Int = 3, maximumRecordBytes: Int = 64 << 20) {
            self.maximumRecordBytes = maximumRecordBytes
            self.commitRecords = commitRecords
            self.commitIntervalMs = commitIntervalMs
            self.retentionMs = retentionMs
            self.inProcessCrashLimit = inProcessCrashLimit
        }
    }

    let instance: String
    private let connector: String
    private let timeZone: String
    private let storePath: String
    /// How the store is opened (its key-encryption key when it is encrypted).
    private let encryption: StoreKeyAccess
    /// Opens sealed journal payloads (encrypted store), set when a run starts.
    private var journalCipher: JournalCipher?
    private let journalDirectory: String
    private let writer: JournalWriter?
    private let pricer: CallPricer?
    /// Makes the ingest stages the records pass between pricing and storing (once per ingest pass).
    private let makeExtraStages: () -> [any IngestStage]
    /// The privacy policy the records are stored under.
    private let privacy: PrivacyPolicy?

    /// The privacy settings of one ingest run: the org chart is read from `store` once per run,
    /// and only when a package deletes something at ingest.
    private func privacySettings(store: CallStore) throws -> PrivacyIngest? {
        guard let privacy else { return nil }
        var settings = PrivacyIngest(policy: privacy)
        if settings.needsOwners { settings.ownership = try CallOwnership(chart: OrgChart(store: store)) }
        return settings
    }
    /// The time stamped on the import log, rejects and rated calls.
    let clock: MillisecondClock
    private let makeParser: StreamParserFactory
    /// For an in-process plugin: the worker-isolated parser used for streams it crashed on.
    private let makeIsolatedParser: StreamParserFactory?
    /// Records what an in-process plugin is parsing (set while ingesting, in-process plugins only).
    var crashGuard: InProcessCrashGuard?
    /// Streams whose parser failed (plugin errors, contract violations, crashes) since the start.
    var pluginFailures = 0
    private var disabledReason: String?
    let metrics: InstanceMetrics
    let logger: Logger
    let settings: Settings
    let lock = NSLock()
    private var running = false
    private var thread: Thread?
    private let finished = DispatchSemaphore(value: 0)
    private var problem: String?
    private var processedSeq: UInt64 = 0
    /// Streams that began before this sequence number were written by an earlier process: they
    /// can never be continued (a dropped TCP connection), so they are closed once caught up.
    let firstSequenceOfThisWriter: UInt64

    /// Creates an ingester.
    /// - Parameters:
    ///   - instance: the connector instance (source) name.
    ///   - connector: the plugin's id (the source's connector in the store).
    ///   - timeZone: the site's IANA zone.
    ///   - storePath: the SQLite store.
    ///   - encryption: its key-encryption key, when it is encrypted.
    ///   - journalDirectory: the instance's journal.
    ///   - writer: the journal's writer when it is in this process (to wait for new entries);
    ///     `nil` reads what is there (``runUntilCaughtUp()``).
    ///   - pricer: prices calls for the instance's site (`nil`: stored unrated).
    ///   - makeParser: creates a stream's parser (in-process or isolated).
    ///   - makeIsolatedParser: when `makeParser` runs the plugin in process, a factory of
    ///     worker-isolated parsers for the streams the plugin crashed the service on (see
    ///     ``InProcessCrashGuard``); `nil` otherwise.
    ///   - privacy: the privacy policy the records are stored under (categories, protected numbers,
    ///     packages that delete at ingest), the site's category rules coming with `pricer`; `nil`
    ///     leaves the privacy stages out (`serve` and `journal replay` always pass one).
    ///   - extraStages: makes the ingest stages the records pass between pricing and storing (see
    ///     ``IngestPipeline/standard(pricer:extraStages:)``), the same as `tollbook import`'s.
    ///   - clock: the time stamped on the import log, rejects and rated calls.
    public init(instance: String, connector: String, timeZone: String, storePath: String, encryption: StoreKeyAccess = .none,
                journalDirectory: String,
                writer: JournalWriter?, pricer: CallPricer?, makeParser: @escaping StreamParserFactory,
                makeIsolatedParser: StreamParserFactory? = nil,
                metrics: InstanceMetrics, logger: Logger, settings: Settings = Settings(),
                privacy: PrivacyPolicy? = nil,
                extraStages: @escaping () -> [any IngestStage] = { [] }, clock: MillisecondClock = .system) {
        self.privacy = privacy
        self.clock = clock
        makeExtraStages = extraStages
        self.makeIsolatedParser = makeIsolatedParser
        self.instance = instance
        self.connector = connector
        self.timeZone = timeZone
        self.storePath = storePath
        self.encryption = encryption
        self.journalDirectory = journalDirectory
        self.writer = writer
        self.pricer = pricer
        self.makeParser = makeParser
        self.metrics = metrics
        self.logger = logger
        self.settings = settings
        firstSequenceOfThisWriter = (writer?.lastSequence ?? 0) + 1
    }

    /// The last error that stopped or held up ingestion, if any.
    public var lastError: String? { lock.withLock { disabledReason ?? problem } }

    /// Why the ingester stopped for good (an in-process plugin that crashed the service too many
    /// times in a row), or `nil` while it runs.
    public var disabled: String? { lock.withLock { disabledReason } }

    /// Streams whose parser failed (the rest of each was quarantined) since the instance started.
    public var pluginFailureCount: Int { lock.withLock { pluginFailures } }

    /// The last journal entry read and committed.
    public var committedSequence: UInt64 { lock.withLock { processedSeq } }

    /// Starts ingesting on a thread of its own; it follows the journal until ``stop()``.
    public func start() {
        lock.withLock { running = true }
        let thread = Thread { [self] in
            while isRunning {
                do {
                    try ingest(follow: true)
                } catch let error as IngestDisabled {
                    lock.withLock { disabledReason = error.reason }
                    logger.error("connector instance disabled", metadata: ["instance": "\(instance)", "reason": "\(error.reason)"])
                    break
                } catch {
                    lock.withLock { problem = "\(error)" }
                    logger.error("ingest failed; retrying", metadata: ["instance": "\(instance)", "error": "\(error)"])
                    // A store that is locked or a disk that is full may recover: try again.
                    for _ in 0..<20 where isRunning { usleep(100_000) }
                }
            }
            finished.signal()
        }
        thread.name = "ingest-\(instance)"
        thread.stackSize = 8 << 20
        self.thread = thread
        thread.start()
    }

    /// Stops after the current entry; what was read is committed.
    public func stop() {
        let wasRunning = lock.withLock { () -> Bool in
            defer { running = false }
            return running
        }
        if wasRunning, thread != nil { finished.wait() }
    }

    /// Reads everything in the journal now and returns (for `journal replay` and tests).
    /// - Throws: ``StoreError``, ``JournalError`` or ``CaptureError``.
    public func runUntilCaughtUp() throws {
        lock.withLock { running = true }
        defer { lock.withLock { running = false } }
        try ingest(follow: false)
    }

    private var isRunning: Bool { lock.withLock { running } }

    // MARK: The loop

    private func ingest(follow: Bool) throws {
        let lockFile = try IngestLock(directory: journalDirectory, instance: instance)
        defer { lockFile.release() }
        if makeIsolatedParser != nil, crashGuard == nil {
            let guardFile = try InProcessCrashGuard(directory: journalDirectory, instance: instance,
                                                    crashLimit: settings.inProcessCrashLimit)
            crashGuard = guardFile
            if let stream = guardFile.crashedStream {
                metrics.pluginCrashes.increment()
                logger.error("the in-process plugin crashed the service while parsing a stream; that stream is parsed in a worker now",
                             metadata: ["instance": "\(instance)", "stream": "\(stream)", "crashes_in_a_row": "\(guardFile.crashes)"])
            }
        }
        if let crashGuard, crashGuard.limitReached {
            let crashes = crashGuard.crashes
            // The count starts again when an admin enables or restarts the instance.
            crashGuard.resetCrashes()
            self.crashGuard = nil
            throw IngestDisabled(reason: "disabled: the in-process plugin crashed the service \(crashes) times in a row "
                                 + "(last on journal stream \(crashGuard.crashedStream.map(String.init) ?? "?")); "
                                 + "set isolation: worker for this connector (or fix the plugin), then run "
                                 + "`tollbook sites restart \(instance)`")
        }
        let store = try CallStore(path: storePath, encryption: encryption)
        journalCipher = try store.journalCipher()
        let sourceID = try store.sourceID(named: instance, connector: connector, timeZone: timeZone, nowMs: clock.now())
        let position = try store.ingestPosition(sourceID: sourceID)
        var run = IngestRun(store: store, sourceID: sourceID, nextSeq: position.nextSeq,
                            restored: Dictionary(uniqueKeysWithValues: position.openStreams.map { ($0.stream, $0) }),
                            pipeline: IngestPipeline.standard(pricer: pricer, privacy: try privacySettings(store: store),
                                                              extraStages: makeExtraStages()))
        let reader = try JournalReader(directory: journalDirectory)
        let start = min(position.openStreams.first?.stream ?? position.nextSeq, position.nextSeq)
        try reader.seek(to: start)
        lock.withLock { processedSeq = position.nextSeq - 1 }
        var lastCommit = Self.monotonicMs()
        var nextPrune: UInt64 = 0
        defer { store.rollbackBatch() }
        while isRunning {
            let limit = writer?.durableSequence ?? UInt64.max
            var progressed = false
            while isRunning, let (header, payload) = try reader.next(upTo: limit) {
                if header.flags.contains(.sealed) {
                    let opened = try Self.open(header, payload, cipher: journalCipher, storePath: storePath)
                    try opened.withUnsafeBytes { try handle(header, $0, in: &run) }
                } else {
                    try handle(header, payload, in: &run)
                }
                progressed = true
                if run.uncommittedRecords >= settings.commitRecords
                    || Self.monotonicMs() - lastCommit >= UInt64(settings.commitIntervalMs) {
                    try commit(&run)
                    lastCommit = Self.monotonicMs()
                }
            }
            if follow, writer != nil, !run.closedAbandoned {
                try closeAbandonedStreams(in: &run)
            }
            if run.dirty {
                try commit(&run)
                lastCommit = Self.monotonicMs()
            }
            if let writer { metrics.journalLag.set(Int64(writer.lastSequence - min(writer.lastSequence, run.nextSeq - 1))) }
            guard follow, let writer else { return }
            if Self.monotonicMs() >= nextPrune {
                prune(writer, run: run)
                nextPrune = Self.monotonicMs() + Self.pruneIntervalMs
            }
            if !progressed { _ = writer.waitForDurable(after: limit, timeout: 0.25) }
        }
    }

    private func handle(_ header: JournalEntryHeader, _ payload: UnsafeRawBufferPointer, in run: inout IngestRun) throws {
        defer { run.nextSeq = max(run.nextSeq, header.seq + 1) }
        if header.seq < run.nextSeq {
            // Read again after a restart: only streams that were open at the last commit matter.
            guard header.flags.contains(.begin) ? run.restored[header.stream] != nil : run.open[header.stream] != nil else { return }
        }
        if header.flags.contains(.begin) {
            try open(header, in: &run)
        }
        guard let stream = run.open[header.stream] else {
            // The stream's first entry is gone (pruned, or a journal from elsewhere): keep the
            // bytes as a reject rather than guess the parser's state.
            try quarantineOrphan(header, payload, in: &run)
            return
        }
        try feed(stream, payload, isEnd: header.flags.contains(.end), in: &run)
        if header.flags.contains(.end) { try close(stream, in: &run) }
    }

    private func open(_ header: JournalEntryHeader, in run: inout IngestRun) throws {
        let stream = header.stream
        let state: IngestStreamState
        let dropBelow: UInt64
        let restored = run.restored.removeValue(forKey: stream)
        if let restored {
            state = restored
            dropBelow = restored.consumed
        } else {
            // The import-log entry is created when the stream's first records are committed.
            state = IngestStreamState(stream: stream, importID: 0, receivedMs: header.receivedMs, consumed: 0, counts: ImportCounts())
            dropBelow = 0
        }
        let directory = journalDirectory
        let cipher = journalCipher, path = storePath
        let replay: StreamReplay = { upTo, body in
            try Self.replay(stream: stream, directory: directory, upTo: upTo, cipher: cipher, storePath: path, body)
        }
        let isolate = crashGuard?.mustIsolate(stream) ?? false
        let factory = isolate ? (makeIsolatedParser ?? makeParser) : makeParser
        let parser = try factory(header.origin.isEmpty ? "stream \(stream)" : header.origin, replay)
        let entry = IngestStream(state: state, origin: header.origin, parser: parser, dropBelow: dropBelow,
                                 provisionalKey: "journal:\(instance):\(stream)", isIsolated: isolate || makeIsolatedParser == nil)
        run.open[stream] = entry
        if restored == nil {
            let sourceID = run.sourceID, origin = header.origin, receivedMs = header.receivedMs, clock = self.clock
            run.pending.append { store in
                entry.state.importID = try store.beginIngestStream(sourceID: sourceID, stream: stream, origin: origin,
                                                                   receivedMs: receivedMs, nowMs: clock.now())
            }
            run.dirty = true
        }
    }

    /// Writes what was read since the last commit in one short transaction: nothing holds the
    /// store's write lock while a parser (or its worker) works or input is read, so another
    /// instance never waits longer than one such transaction.
    private func commit(_ run: inout IngestRun) throws {
        try run.store.beginBatch()
        for write in run.pending { try write(run.store) }
        run.pending.removeAll()
        let open = run.open.values.map(\.state)
        let received = Dictionary(uniqueKeysWithValues: run.open.values.map { ($0.state.stream, $0.received) })
        // Streams restored but not met again yet keep their committed state.
        try run.store.saveIngestProgress(sourceID: run.sourceID, nextSeq: run.nextSeq, streams: open, bytes: received,
                                         nowMs: clock.now())
        try run.store.commitBatch()
        run.dirty = false
        run.uncommittedRecords = 0
        let committed = run.nextSeq - 1
        lock.withLock {
            processedSeq = committed
            problem = nil
        }
    }

    /// How often retention runs while following the journal.
    static let pruneIntervalMs: UInt64 = 60_000

    /// Deletes journal segments past retention whose entries are all committed (and belong to no
    /// open stream).
    private func prune(_ writer: JournalWriter, run: IngestRun) {
        guard let retention = settings.retentionMs else { return }
        let keep = ([run.nextSeq] + run.open.keys + run.restored.keys).min() ?? run.nextSeq
        do {
            let removed = try writer.prune(keepingFrom: keep, olderThanMs: clock.now() - retention)
            if removed > 0 { logger.info("journal segments past retention removed", metadata: ["instance": "\(instance)", "segments": "\(removed)"]) }
        } catch {
            logger.warning("journal retention failed", metadata: ["instance": "\(instance)", "error": "\(error)"])
        }
    }

    /// The plaintext of a sealed journal entry.
    /// - Throws: ``StoreEncryptionError/keyRequired(path:)`` without a cipher, or a decryption error.
    static func open(_ header: JournalEntryHeader, _ payload: UnsafeRawBufferPointer, cipher: JournalCipher?, storePath: String) throws
        -> [UInt8] {
        guard let cipher else { throw StoreEncryptionError.keyRequired(path: storePath) }
        return try cipher.open(payload, seq: header.seq)
    }

    /// Re-reads a stream's first `upTo` bytes from the journal.
    static func replay(stream: UInt64, directory: String, upTo: UInt64, cipher: JournalCipher? = nil, storePath: String = "",
                       _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard upTo > 0 else { return }
        let reader = try JournalReader(directory: directory)
        try reader.seek(to: stream)
        var delivered: UInt64 = 0
        while delivered < upTo, let (header, payload) = try reader.next(upTo: UInt64.max) {
            guard header.stream == stream else { continue }
            let take: Int
            if header.flags.contains(.sealed) {
                let opened = try open(header, payload, cipher: cipher, storePath: storePath)
                take = Int(min(UInt64(opened.count), upTo - delivered))
                try opened.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<take])) }
            } else {
                take = Int(min(UInt64(payload.count), upTo - delivered))
                try body(UnsafeRawBufferPointer(rebasing: payload[0..<take]))
            }
            delivered += UInt64(take)
            if header.flags.contains(.end) { break }
        }
    }

    static func monotonicMs() -> UInt64 {
        DispatchTime.now().uptimeNanoseconds / 1_000_000
    }
}

/// Thrown when an instance must not ingest any more until an admin acts.
struct IngestDisabled: Error {
    var reason: String
}
