import Foundation
import Host
import Org
import Pricing
import Privacy
import Store
import TollbookCore

/// Imports CDR files through a connector plugin into the call store.
///
/// Streams every file in fixed-size chunks (memory does not grow with the file). A parsing thread
/// reads, hashes and feeds the file to the plugin and runs the ``IngestPipeline``'s `prepare` hooks
/// (pricing) while the calling thread runs its `write` hooks (storing, with prepared statements in
/// large transactions); rejects are quarantined with their raw bytes, and one
/// import-log row per file records the outcome. Importing the same file again adds nothing: records
/// are unique per (source, vendor record id), rejects per (source, file hash, offset).
public final class FileImporter {
    /// Size of the chunks read from a file and fed to the plugin.
    public static let chunkSize = 1 << 20
    /// Records per write transaction.
    public static let recordsPerTransaction = 50_000
    /// Bytes the probe gets from the start of a file.
    public static let probeBytes = 65_536
    /// Files at least this large are imported in the store's bulk mode (see ``CallStore/beginBulkLoad()``).
    public static let bulkLoadBytes: Int64 = 32 << 20

    private let store: CallStore
    private let plugin: PluginLibrary
    private let sourceName: String
    private let optionsJSON: String
    private let timeZone: String?
    private let makePipeline: () throws -> IngestPipeline
    private let clock: MillisecondClock
    private let isolation: ParserIsolation
    private let stopRequested: @Sendable () -> Bool
    private let maximumRecordBytes: Int

    /// Creates an importer.
    /// - Parameters:
    ///   - store: where calls go.
    ///   - plugin: the connector.
    ///   - sourceName: the PBX's name in the store (`--source`).
    ///   - optionsJSON: the connector's options as a JSON object.
    ///   - timeZone: the PBX's IANA zone, for connectors that report local wall-clock times; `nil`
    ///     keeps the zone the source already has (a new source gets this machine's zone).
    ///   - pricer: normalises and prices every call on the way in (`nil`: calls are stored unrated).
    ///   - privacy: the privacy policy (categories, protected numbers, packages that delete at
    ///     ingest; see ``PrivacyStage``), the site's category rules coming with `pricer`; `nil`
    ///     (tools and tests) leaves the privacy stages out — `tollbook import` always passes one.
    ///   - extraStages: makes the ingest stages a file's records pass between pricing and storing
    ///     (called once per file; see ``IngestPipeline/standard(pricer:extraStages:)``).
    ///   - clock: the time stamped on the import log, rejects and rated calls (tests may pin it).
    ///   - isolation: where the plugin parses: in this process, or in a worker process where a
    ///     crash, hang or runaway allocation quarantines the offending record instead of ending
    ///     the import (``IsolatedStreamParser``).
    ///   - maximumRecordBytes: the longest record the plugin may leave unfinished before the file
    ///     fails with ``HostError/recordTooLong(path:offset:limitBytes:)`` (`--max-record-mb`).
    ///   - stopRequested: polled between chunks; when it says `true` (a signal), the import
    ///     commits what it has, marks the file `interrupted` and throws ``HostError/interrupted(path:counts:)``.
    public init(store: CallStore, plugin: PluginLibrary, sourceName: String, optionsJSON: String,
                timeZone: String?, pricer: CallPricer? = nil, privacy: PrivacyPolicy? = nil,
                extraStages: @escaping () -> [any IngestStage] = { [] },
                clock: MillisecondClock = .system,
                isolation: ParserIsolation = .inProcess, stopRequested: @escaping @Sendable () -> Bool = { false },
                maximumRecordBytes: Int = ParserSession.maximumPendingBytes) {
        self.maximumRecordBytes = maximumRecordBytes
        self.isolation = isolation
        self.stopRequested = stopRequested
        self.store = store
        self.plugin = plugin
        self.sourceName = sourceName
        self.optionsJSON = optionsJSON
        self.timeZone = timeZone
        makePipeline = {
            // An encrypted store's legs are packed and blind-indexed on the parsing thread.
            let sealing = try store.sealPreparer()
            // The org chart is read once per file, and only when a package deletes something.
            guard let privacy else { return IngestPipeline.standard(pricer: pricer, extraStages: extraStages(), sealing: sealing) }
            var settings = PrivacyIngest(policy: privacy)
            if settings.needsOwners { settings.ownership = try CallOwnership(chart: OrgChart(store: store)) }
            return IngestPipeline.standard(pricer: pricer, privacy: settings, extraStages: extraStages(), sealing: sealing)
        }
        self.clock = clock
    }

    /// Creates an importer whose clock is the closure `clock` (current UTC milliseconds); the other
    /// parameters are those of ``init(store:plugin:sourceName:optionsJSON:timeZone:pricer:extraStages:clock:isolation:stopRequested:maximumRecordBytes:)``.
    public convenience init(store: CallStore, plugin: PluginLibrary, sourceName: String, optionsJSON: String,
                            timeZone: String?, pricer: CallPricer? = nil, clock: @escaping @Sendable () -> Int64,
                            isolation: ParserIsolation = .inProcess, stopRequested: @escaping @Sendable () -> Bool = { false },
                            maximumRecordBytes: Int = ParserSession.maximumPendingBytes) {
        self.init(store: store, plugin: plugin, sourceName: sourceName, optionsJSON: optionsJSON, timeZone: timeZone,
                  pricer: pricer, clock: MillisecondClock(now: clock), isolation: isolation, stopRequested: stopRequested,
                  maximumRecordBytes: maximumRecordBytes)
    }

    /// The stages a file's records pass, in order (a new pipeline per file).
    public var stageNames: [String] { (try? makePipeline())?.stageNames ?? [] }

    /// Imports one file.
    /// - Parameters:
    ///   - path: the file.
    ///   - progress: called after every chunk with (bytes done, file size).
    /// - Returns: the counts of this file.
    /// - Throws: ``HostError`` for an unreadable file, a probe refusal or a plugin failure;
    ///   ``StoreError`` for database problems. Records stored before the error stay stored; the
    ///   import log marks the file as failed.
    public func importFile(at path: String, progress: ((Int64, Int64) -> Void)? = nil) throws -> ImportCounts {
        let (handle, size) = try open(path)
        defer { try? handle.close() }
        let head: Data
        do {
            head = try handle.read(upToCount: Self.probeBytes) ?? Data()
        } catch {
            throw HostError.unreadableFile(path: path, reason: error.localizedDescription)
        }
        if !head.isEmpty, let score = plugin.probe(Array(head)), score == 0 {
            throw HostError.probeRefused(path: path, connector: plugin.info.id)
        }

        let zoneName = try timeZone ?? store.sourceTimeZone(named: sourceName) ?? TimeZone.current.identifier
        guard let converter = WallClockConverter(identifier: zoneName) else { throw HostError.unknownTimeZone(zoneName) }
        let sourceID = try store.sourceID(named: sourceName, connector: plugin.info.id, timeZone: zoneName, nowMs: clock.now())
        let bulk = size >= Self.bulkLoadBytes && store.beginBulkLoad()
        defer { if bulk { try? store.endBulkLoad() } }
        return try importBody(path: path, handle: handle, size: size, sourceID: sourceID, converter: converter,
                              progress: progress)
    }

    private func importBody(path: String, handle: FileHandle, size: Int64, sourceID: Int64, converter: WallClockConverter,
                            progress: ((Int64, Int64) -> Void)?) throws -> ImportCounts {
        try store.markInterruptedImports(isAlive: FileImporter.isRunningImport, nowMs: clock.now())
        let importID = try store.beginImport(sourceID: sourceID, filePath: path, sha256: "", bytes: size, nowMs: clock.now(),
                                             pid: getpid())
        let fileName = (path as NSString).lastPathComponent
        // Rejects are keyed by the file's hash, known only once the whole file is read: until then
        // they carry a key of this import's own, replaced at the end.
        let provisionalKey = "import:\(importID)"
        var counts = ImportCounts()
        // What the import log may claim: the counts as of the last commit.
        var committed = ImportCounts()
        var sinceCommit = 0
        func commit() throws {
            try store.recordImportProgress(id: importID, counts: counts, nowMs: clock.now())
            try store.commitBatch()
            committed = counts
            sinceCommit = 0
        }
        // Read, hash, parse and prepare (price) on one thread; store on this one.
        let pipeline = try makePipeline()
        let channel = BatchChannel<ParsedChunk>(capacity: 4)
        ParsingThread(handle: handle, path: path, plugin: plugin, optionsJSON: optionsJSON, sourceName: fileName,
                      converter: converter, pipeline: pipeline, isolation: isolation,
                      maximumRecordBytes: maximumRecordBytes, channel: channel).start()
        let describeConflict: ConflictDescriber = { store, conflict, row in
            try Self.describeConflict(conflict, row: row, path: path, store: store)
        }
        do {
            var sha256 = ""
            while let chunk = try channel.take() {
                if stopRequested() {
                    channel.cancel()
                    channel.waitUntilFinished()
                    if store.isInBatch { try commit() }
                    try store.finishImport(id: importID, sha256: nil, counts: committed, status: .interrupted,
                                           error: "interrupted by a signal", nowMs: clock.now())
                    throw HostError.interrupted(path: path, stored: committed.imported)
                }
                counts.skipped += chunk.batch.skipped
                if !chunk.batch.isEmpty {
                    try store.beginBatch()
                    var write = IngestWrite(store: store, sourceID: sourceID, importID: importID, rejectKey: provisionalKey,
                                            origin: fileName, nowMs: clock.now(), rejectCounting: .pluginFaultsApart,
                                            counts: counts, describeConflict: describeConflict)
                    try pipeline.write(chunk.batch, in: &write)
                    counts = write.counts
                    sinceCommit += chunk.batch.calls.count + chunk.batch.rejects.count
                    if sinceCommit >= Self.recordsPerTransaction { try commit() }
                }
                progress?(chunk.bytesRead, size)
                if let digest = chunk.sha256 { sha256 = digest }
            }
            try store.beginBatch()
            try store.settleRejects(importID: importID, provisionalKey: provisionalKey, fileSHA256: sha256)
            try store.finishImport(id: importID, sha256: sha256, counts: counts, status: .completed, error: nil,
                                   nowMs: clock.now())
            try store.commitBatch()
        } catch let error as HostError {
            if case .interrupted = error { throw error }
            fail(error)
            throw error
        } catch {
            fail(error)
            throw error
        }
        func fail(_ error: Error) {
            channel.cancel()
            channel.waitUntilFinished()
            store.rollbackBatch()
            // The rolled-back records are not claimed: the row keeps the counts of the last commit.
            try? store.finishImport(id: importID, sha256: nil, counts: committed, status: .failed, error: "\(error)",
                                    nowMs: clock.now())
        }
        return counts
    }

    /// The reject for a record that differs from the stored record under its key: its own bytes
    /// (read back from the file) and, when its file is still readable, the stored record's bytes.
    static func describeConflict(_ conflict: CallStore.Conflict, row: CallBatch.Row, path: String, store: CallStore) throws
        -> (reject: QuarantinedInput, storedBytes: [UInt8]?) {
        let bytes = Self.read(path: path, offset: row.sourceOffset, length: row.sourceLength) ?? []
        var storedBytes: [UInt8]?
        var whereStored = "the capture service"
        if let origin = try store.origin(ofCall: conflict.storedCallID) {
            if let file = origin.filePath {
                whereStored = (file as NSString).lastPathComponent + " at byte \(origin.offset)"
                storedBytes = Self.read(path: file, offset: origin.offset, length: origin.length)
            }
        }
        let reject = QuarantinedInput(
            reason: .conflict, sourceOffset: row.sourceOffset, raw: bytes, field: "",
            message: "differs from call \(conflict.storedCallID) stored under the same source, vendor record id and start "
                + "(from \(whereStored)); the stored call is kept"
                + (storedBytes == nil ? "; its bytes could not be read back" : ""))
        return (reject, storedBytes)
    }

    /// `length` bytes of the file at `path` from `offset`, or `nil` if they cannot be read.
    static func read(path: String, offset: UInt64, length: UInt64) -> [UInt8]? {
        guard length <= UInt64(ParserSession.maximumPendingBytes), let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: offset)) != nil, let data = try? handle.read(upToCount: Int(length)),
              data.count == Int(length) else { return nil }
        return [UInt8](data)
    }

    /// Whether `pid` is a live `tollbook` process (an import left `running` by any other pid is stale).
    @Sendable public static func isRunningImport(_ pid: Int32) -> Bool {
        guard pid > 0, kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let comm = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8) else { return false }
        return comm.trimmingCharacters(in: .whitespacesAndNewlines) == "tollbook"
    }

    private func open(_ path: String) throws -> (FileHandle, Int64) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw HostError.unreadableFile(path: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw HostError.unreadableFile(path: path, reason: "is a directory") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw HostError.unreadableFile(path: path, reason: "permission denied")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
        return (handle, size)
    }
}
