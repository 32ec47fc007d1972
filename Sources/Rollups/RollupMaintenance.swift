import Analytics
import Crypto
import Foundation
import Privacy
import Query
import Store
import TollbookConfiguration
import TollbookCore

/// What a refresh or rebuild did.
public struct RollupRefreshReport: Sendable, Equatable {
    /// The quarter ranges whose rows were replaced.
    public var ranges: [ClosedRangeMs]
    /// Legs read from the detail.
    public var legsRead: Int
    /// Rows written.
    public var rowsWritten: Int
    /// Why nothing was refreshed although changes are pending (`nil` when it ran or there was nothing to do).
    public var skipped: String?

    /// Creates a report.
    public init(ranges: [ClosedRangeMs] = [], legsRead: Int = 0, rowsWritten: Int = 0, skipped: String? = nil) {
        self.ranges = ranges
        self.legsRead = legsRead
        self.rowsWritten = rowsWritten
        self.skipped = skipped
    }
}

/// Rows built from the detail and not written yet (``RollupMaintenance/prepareRefresh(store:)``).
public struct RollupRound: Sendable {
    /// The quarter ranges whose stored rows the round replaces.
    public var replace: [ClosedRangeMs]
    /// The quarter ranges built from the detail.
    public var built: [ClosedRangeMs]
    /// The rows, packed for the store.
    public var packed: PackedRollups
    /// Legs read from the detail.
    public var legsRead: Int
    /// The settings fingerprint to store with the rows (`nil`: keep the stored one).
    public var fingerprint: String?
    /// The pending changes up to this id are covered by the rows.
    public var clearingDirtyThrough: Int64?
    /// What of those changes the rows leave pending, as changed ranges to note again.
    public var stillPending: [ClosedRangeMs]
    /// Why nothing was built although changes are pending.
    public var skipped: String?

    /// Creates a round (empty: nothing to write).
    public init(replace: [ClosedRangeMs] = [], built: [ClosedRangeMs] = [], packed: PackedRollups = .none, legsRead: Int = 0,
                fingerprint: String? = nil, clearingDirtyThrough: Int64? = nil, stillPending: [ClosedRangeMs] = [],
                skipped: String? = nil) {
        self.stillPending = stillPending
        self.replace = replace
        self.built = built
        self.packed = packed
        self.legsRead = legsRead
        self.fingerprint = fingerprint
        self.clearingDirtyThrough = clearingDirtyThrough
        self.skipped = skipped
    }
}

/// Keeps the KPI roll-ups of one store (`docs/rollups.md`): refresh of the changed quarters,
/// rebuild, verify against the detail, status, and the erasure upkeep. Detail is read through the
/// query layer's maintenance read (``RollupLegSource``), rows are written through the store's API in
/// one transaction per refresh.
public final class RollupMaintenance {
    /// The store's path.
    public let storePath: String
    /// The store's key when it is encrypted.
    public let encryption: StoreKeyAccess
    /// The settings the rows are built with (from the configuration).
    public let settings: RollupSettings
    /// The privacy policy legs are shown under before they are summed (as to every full-scope reader).
    public let privacy: PrivacyPolicy
    let clock: MillisecondClock
    /// At most this much of the period is built from one read of the detail (bounds memory on a rebuild).
    static let chunkMs: Int64 = 31 * 86_400_000
    /// At most this many threads build chunks at once (`nil`: one per core, at most four). A
    /// ``RollupFollower`` running beside an import takes one: the import keeps the others.
    public var maximumWorkers: Int?
    /// Set to abandon a refresh or rebuild in progress (it throws ``RollupError/cancelled`` and
    /// writes nothing; the pending changes stay pending).
    public var cancellation: RollupCancellation?

    /// Maintenance of the store at `storePath` with the settings of `configuration`.
    public init(storePath: String, configuration: ConfigurationFile?, encryption: StoreKeyAccess = .none,
                clock: MillisecondClock = .system) {
        self.storePath = storePath
        self.encryption = encryption
        settings = RollupSettings(configuration: configuration)
        privacy = configuration?.privacy.policy ?? .standard
        self.clock = clock
    }

    /// Maintenance with explicit settings (tests, benchmarks).
    public init(storePath: String, settings: RollupSettings, privacy: PrivacyPolicy = .standard, encryption: StoreKeyAccess = .none,
                clock: MillisecondClock = .system) {
        self.storePath = storePath
        self.privacy = privacy
        self.encryption = encryption
        self.settings = settings
        self.clock = clock
    }

    static let quarterMs = RollupBuilder.quarterMs

    /// The UTC midnight at or before `ms`: the earliest instant a leg starting at `ms` is shown at
    /// (a privacy package that hides the time of day shows it at its day's midnight).
    static func midnight(before ms: Int64) -> Int64 {
        ms - ((ms % 86_400_000) + 86_400_000) % 86_400_000
    }

    static func ceilQuarter(_ ms: Int64) -> Int64 {
        let floor = RollupBuilder.quarter(containing: ms)
        return floor == ms ? ms : floor + quarterMs
    }

    /// The caller key of `number`: the first 8 bytes of HMAC-SHA-256 under the store's secret.
    public static func callerKey(number: String, secret: [UInt8]) -> Int {
        CallerKeyer(secret: secret).key(number)
    }

    /// Caller keys under one secret: the HMAC's key schedule is done once, not per number.
    struct CallerKeyer {
        let keyed: HMAC<SHA256>

        init(secret: [UInt8]) {
            keyed = HMAC<SHA256>(key: SymmetricKey(data: secret))
        }

        func key(_ number: String) -> Int {
            var hmac = keyed
            hmac.update(data: Array(number.utf8))
            return CallerKeyer.first8(hmac.finalize())
        }

        static func first8(_ code: HMAC<SHA256>.MAC) -> Int {
            code.withUnsafeBytes { bytes in
                var value: UInt64 = 0
                for index in 0..<8 { value = value << 8 | UInt64(bytes[index]) }
                return Int(Int64(bitPattern: value))
            }
        }
    }

    /// The quarters whose rows depend on detail changed in `range`: new calls resolve earlier missed
    /// calls and repeat earlier answered ones (look-ahead), and occupy the quarters up to their end.
    func affectedQuarters(of range: ClosedRangeMs) -> ClosedRangeMs {
        ClosedRangeMs(fromMs: RollupBuilder.quarter(containing: range.fromMs - RollupBuilder.lookAheadMs(settings)),
                      toMs: RollupBuilder.quarter(containing: range.toMs) + Self.quarterMs)
    }

    /// Ranges with the quarters before the detail horizon removed (their rows are kept sums).
    static func clip(_ ranges: [ClosedRangeMs], horizon: Int64?) -> [ClosedRangeMs] {
        guard let horizon else { return ranges }
        let start = ceilQuarter(horizon)
        return ranges.compactMap { range in
            let from = max(range.fromMs, start)
            return range.toMs > from ? ClosedRangeMs(fromMs: from, toMs: range.toMs) : nil
        }
    }

    /// Rows rebuilt from the detail for the quarter `ranges`, each range read in chunks of at most
    /// ``chunkMs`` (every leg of a chunk's dependency window read once).
    func build<Output>(_ ranges: [ClosedRangeMs], secret: [UInt8],
                       transform: @escaping @Sendable (RollupRow) -> Output) throws -> (rows: [Output], legs: Int) {
        var chunks: [ClosedRangeMs] = []
        for range in ranges {
            var from = range.fromMs
            while from < range.toMs {
                let to = min(range.toMs, from + Self.chunkMs)
                chunks.append(ClosedRangeMs(fromMs: from, toMs: to))
                from = to
            }
        }
        guard !chunks.isEmpty else { return ([], 0) }
        // Chunks are independent (each reads its own dependency window): up to one worker per core,
        // each with its own read connection; the rows are put in chunk order.
        let results = ChunkResults<Output>(count: chunks.count)
        let workers = max(1, min(chunks.count, maximumWorkers ?? min(ProcessInfo.processInfo.activeProcessorCount, 4)))
        let job = BuildJob(storePath: storePath, privacy: privacy, encryption: encryption, settings: settings, secret: secret,
                           chunks: chunks, cancellation: cancellation)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            do {
                try job.run(worker: worker, of: workers) { index, rows, legs in
                    results.put(index, rows: rows.map(transform), legs: legs)
                }
            } catch {
                results.fail(error)
            }
        }
        return try results.collect()
    }

    static func record(_ row: RollupRow) -> RollupRecord {
        RollupRecord(kind: row.entity.kind.rawValue, name: row.entity.id, quarterMs: row.quarterMs, figures: row.encodedFigures())
    }

    static func decode(_ record: RollupRecord) throws -> RollupRow {
        let entity = KPIEntity(kind: KPIEntity.Kind(rawValue: record.kind) ?? .enterprise, id: record.name)
        do {
            return try RollupRow(quarterMs: record.quarterMs, entity: entity, figures: record.figures)
        } catch {
            throw RollupError.corruptRow(entity: entity.description, quarterMs: record.quarterMs, reason: "\(error)")
        }
    }

    /// Refreshes the quarters the pending changes touch (`rollup_dirty`), in one transaction.
    /// Never built (or built while disabled): rebuilds everything. Built under other settings
    /// (fingerprint): does nothing — `tollbook rollups rebuild` first; the KPI engine reads the detail meanwhile.
    @discardableResult
    public func refresh() throws -> RollupRefreshReport {
        let store = try CallStore(path: storePath, encryption: encryption)
        return try write(try prepareRefresh(store: store), to: store)
    }

    /// The rows ``refresh()`` would write, built but not written: written later by ``write(_:to:)``
    /// — in the same or another transaction, e.g. an import's (``RollupDirtyStage``). The pending
    /// changes are read before the detail, so changes stored meanwhile stay pending.
    ///
    /// With `settledAtLeastMs` (beside a running import, ``RollupFollower``) only the settled
    /// quarters are built: those before the latest noted start less the look-ahead, which calls
    /// still to come in a time-ordered import cannot change; the rest of the changes is noted again
    /// as pending. Nothing is built (an empty round) while the settled quarters span less than
    /// `settledAtLeastMs` — each round reads the look-ahead beyond what it builds once more.
    /// With `settledAtMostMs` too, a round builds at most that much from its first changed quarter
    /// (memory: a follower that fell behind catches up in several rounds); the rest stays pending.
    public func prepareRefresh(store: CallStore, settledAtLeastMs: Int64? = nil, settledAtMostMs: Int64? = nil) throws -> RollupRound {
        let meta = try store.rollupMeta()
        guard let fingerprint = meta.fingerprint else { return try prepareRebuild(fromMs: nil, toMs: nil, store: store) }
        let dirty = try store.rollupDirtyRanges()
        guard !dirty.ranges.isEmpty else { return RollupRound() }
        guard fingerprint == settings.fingerprint else {
            return RollupRound(skipped: "the roll-ups were built with other KPI settings; run tollbook rollups rebuild")
        }
        var ranges = Self.clip(ClosedRangeMs.merge(dirty.ranges.map(affectedQuarters)), horizon: meta.retainedBeforeMs)
        var stillPending: [ClosedRangeMs] = []
        if let settledAtLeastMs, let latestFrom = dirty.latestFromMs {
            let ahead = RollupBuilder.lookAheadMs(settings)
            var settled = RollupBuilder.quarter(containing: latestFrom - ahead)
            if let settledAtMostMs, let first = ranges.first {
                settled = min(settled, RollupBuilder.quarter(containing: first.fromMs + settledAtMostMs))
            }
            ranges = ranges.compactMap { $0.fromMs < settled ? ClosedRangeMs(fromMs: $0.fromMs, toMs: min($0.toMs, settled)) : nil }
            guard ranges.reduce(0, { $0 + $1.toMs - $1.fromMs }) >= settledAtLeastMs else { return RollupRound() }
            // A change whose quarters reach past the settled ones stays pending from there on: noted
            // from `settled + look-ahead`, its quarters start at `settled` (ends kept; at least 1 ms).
            stillPending = dirty.ranges.compactMap { range in
                guard affectedQuarters(of: range).toMs > settled else { return nil }
                let from = max(range.fromMs, settled + ahead)
                return ClosedRangeMs(fromMs: from, toMs: max(range.toMs, from + 1))
            }
        }
        let built = try build(ranges, secret: try store.rollupCallerSecret(), transform: Self.record)
        try cancellation?.check()
        return RollupRound(replace: ranges, built: ranges, packed: try PackedRollups(built.rows), legsRead: built.legs,
                           fingerprint: settings.fingerprint, clearingDirtyThrough: dirty.throughID, stillPending: stillPending)
    }

    /// Writes a prepared round into `store` (inside its open write transaction, if one is open).
    @discardableResult
    public func write(_ round: RollupRound, to store: CallStore) throws -> RollupRefreshReport {
        if let skipped = round.skipped { return RollupRefreshReport(skipped: skipped) }
        guard !round.replace.isEmpty || round.clearingDirtyThrough != nil else { return RollupRefreshReport() }
        let written = try store.replaceRollups(ranges: round.replace, packed: round.packed, fingerprint: round.fingerprint,
                                               clearingDirtyThrough: round.clearingDirtyThrough, stillPending: round.stillPending,
                                               nowMs: clock.now())
        return RollupRefreshReport(ranges: round.built, legsRead: round.legsRead, rowsWritten: written)
    }

    /// Refreshes only when changes are pending and the rows were built with the current settings
    /// (what a KPI read does first): never a full rebuild. Cheap when nothing is pending.
    @discardableResult
    public func refreshPending() throws -> RollupRefreshReport {
        let store = try CallStore(path: storePath, encryption: encryption)
        guard try store.rollupMeta().fingerprint == settings.fingerprint, !(try store.rollupDirtyRanges().ranges.isEmpty) else {
            return RollupRefreshReport()
        }
        return try refresh()
    }

    /// Rebuilds the rows of the quarters of `[fromMs, toMs)` from the detail, or — both `nil` —
    /// every row (then the pending changes are cleared and the current settings' fingerprint is
    /// stored). Quarters before the detail horizon are never rebuilt (their detail is gone).
    /// - Throws: ``RollupError/badRange(fromMs:toMs:)``, the store's and query layer's errors.
    @discardableResult
    public func rebuild(fromMs: Int64?, toMs: Int64?) throws -> RollupRefreshReport {
        let store = try CallStore(path: storePath, encryption: encryption)
        return try write(try prepareRebuild(fromMs: fromMs, toMs: toMs, store: store), to: store)
    }

    /// The rows ``rebuild(fromMs:toMs:)`` would write, built but not written.
    func prepareRebuild(fromMs: Int64?, toMs: Int64?, store: CallStore) throws -> RollupRound {
        let meta = try store.rollupMeta()
        let full = fromMs == nil && toMs == nil
        // The pending changes first, then the bounds: a call stored in between is inside the
        // bounds, or its change stays pending.
        let dirty = full ? try store.rollupDirtyRanges() : RollupDirtyRanges(ranges: [], throughID: nil)
        var replace: [ClosedRangeMs]
        var toBuild: [ClosedRangeMs]
        if full {
            replace = [ClosedRangeMs(fromMs: Int64.min / 4, toMs: Int64.max / 4)]
            // From the first call's UTC midnight: a package that hides the time of day shows calls there.
            toBuild = try store.callStartBounds().map {
                [ClosedRangeMs(fromMs: Self.midnight(before: $0.fromMs),
                               toMs: RollupBuilder.quarter(containing: $0.toMs + RollupBuilder.lookBehindMs) + Self.quarterMs)]
            } ?? []
        } else {
            let bounds = try store.callStartBounds()
            let from = RollupBuilder.quarter(containing: fromMs ?? bounds?.fromMs ?? 0)
            let to = Self.ceilQuarter(toMs ?? ((bounds?.toMs ?? 0) + RollupBuilder.lookBehindMs + 1))
            guard to > from else { throw RollupError.badRange(fromMs: fromMs ?? from, toMs: toMs ?? to) }
            replace = [ClosedRangeMs(fromMs: from, toMs: to)]
            toBuild = replace
        }
        replace = Self.clip(replace, horizon: meta.retainedBeforeMs)
        toBuild = Self.clip(toBuild, horizon: meta.retainedBeforeMs)
        let built = try build(toBuild, secret: try store.rollupCallerSecret(), transform: Self.record)
        try cancellation?.check()
        return RollupRound(replace: replace, built: toBuild, packed: try PackedRollups(built.rows), legsRead: built.legs,
                           fingerprint: full || meta.fingerprint == settings.fingerprint ? settings.fingerprint : nil,
                           clearingDirtyThrough: dirty.throughID)
    }

    /// Removes the key of `number` (an erased number, E.164) from the callers of every stored row.
    /// - Returns: the rows rewritten.
    @discardableResult
    public func forgetCaller(number: String) throws -> Int {
        let store = try CallStore(path: storePath, encryption: encryption)
        let key = Int64(Self.callerKey(number: number, secret: try store.rollupCallerSecret()))
        var changed: [RollupRecord] = []
        for record in try store.rollups(fromMs: Int64.min / 4, toMs: Int64.max / 4) {
            var row = try Self.decode(record)
            guard row.callers.contains(where: { $0.key == key }) else { continue }
            row.callers.removeAll { $0.key == key }
            changed.append(Self.record(row))
        }
        try store.putRollups(changed)
        return changed.count
    }

    /// After a retention run: quarters before `detailHorizonMs` (the detail of every category expired
    /// there) are kept sums — verify skips them, refresh never rebuilds them; rows before
    /// `aggregatesHorizonMs` (the `aggregates` rule) are deleted.
    /// - Returns: the rows deleted.
    @discardableResult
    public func applyRetention(detailHorizonMs: Int64?, aggregatesHorizonMs: Int64?) throws -> Int {
        let store = try CallStore(path: storePath, encryption: encryption)
        if let detailHorizonMs { try store.setRollupsRetainedBefore(detailHorizonMs) }
        guard let aggregatesHorizonMs else { return 0 }
        return try store.deleteRollups(before: RollupBuilder.quarter(containing: aggregatesHorizonMs))
    }
}

/// One build of roll-up rows from the detail, chunk by chunk, shared by the workers (each opens
/// its own read of the store).
private struct BuildJob: @unchecked Sendable {
    let storePath: String
    let privacy: PrivacyPolicy
    let encryption: StoreKeyAccess
    let settings: RollupSettings
    let secret: [UInt8]
    let chunks: [ClosedRangeMs]
    let cancellation: RollupCancellation?

    /// Builds chunks `worker`, `worker + workers`, … and hands each chunk's rows to `done`.
    func run(worker: Int, of workers: Int, done: (Int, [RollupRow], Int) -> Void) throws {
        let source = try RollupLegSource(path: storePath, privacy: privacy, encryption: encryption)
        var keys: [String: Int] = [:]
        let keyer = RollupMaintenance.CallerKeyer(secret: secret)
        let key: (String) -> Int = { number in
            if let known = keys[number] { return known }
            let made = keyer.key(number)
            keys[number] = made
            return made
        }
        let ahead = RollupBuilder.lookAheadMs(settings)
        var index = worker
        while index < chunks.count {
            try cancellation?.check()
            let chunk = chunks[index]
            var legs: [RollupLeg] = []
            var names: [UInt64: String] = [:]
            let read = try source.forEachCompactLeg(fromMs: chunk.fromMs - RollupBuilder.lookBehindMs, toMs: chunk.toMs + ahead,
                                                    key: key, names: &names) { leg in
                if legs.count & 4095 == 4095 { try cancellation?.check() }
                legs.append(leg)
            }
            try cancellation?.check()
            done(index, RollupBuilder.rows(compact: legs, names: names, fromMs: chunk.fromMs, toMs: chunk.toMs, settings: settings),
                 read)
            index += workers
        }
    }
}

/// A flag that abandons a roll-up build in progress (set from another thread).
public final class RollupCancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false

    /// A flag not set.
    public init() {}

    /// Sets the flag: the build throws ``RollupError/cancelled`` at its next check.
    public func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
    }

    /// Whether the flag is set.
    public var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }

    /// Throws ``RollupError/cancelled`` when the flag is set.
    func check() throws {
        if isCancelled { throw RollupError.cancelled }
    }
}

/// The workers' results in chunk order, and the first error.
private final class ChunkResults<Output>: @unchecked Sendable {
    private let lock = NSLock()
    private var rows: [[Output]]
    private var legs = 0
    private var error: Error?

    init(count: Int) {
        rows = Array(repeating: [], count: count)
    }

    func put(_ index: Int, rows chunk: [Output], legs read: Int) {
        lock.lock()
        defer { lock.unlock() }
        rows[index] = chunk
        legs += read
    }

    func fail(_ error: Error) {
        lock.lock()
        defer { lock.unlock() }
        if self.error == nil { self.error = error }
    }

    func collect() throws -> (rows: [Output], legs: Int) {
        lock.lock()
        defer { lock.unlock() }
        if let error { throw error }
        return (rows.flatMap { $0 }, legs)
    }
}
