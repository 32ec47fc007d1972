import Foundation
import TollbookCore

/// The call store on an SQLite file: sources, calls, quarantined input and the import log.
///
/// Writes go through prepared statements inside caller-controlled transactions: the ingest hot
/// path opens batches (``beginBatch()`` / ``commitBatch()``) so that large imports commit in big
/// batches; everything else writes in ``write(_:)``. No other module sees SQL or a connection:
/// this class (with ``StoreTransaction``) is the whole API of the store.
public final class CallStore {
    /// The underlying connection (internal: tests reach it with `@testable import Store`).
    let database: SQLiteDatabase
    /// How many ``write(_:)`` calls are running (nested ones count).
    var writeDepth = 0
    /// Incremented by every outermost ``write(_:)``, so that a ``StoreTransaction`` kept beyond
    /// its write is recognised.
    var writeGeneration = 0
    private var insertCall: SQLiteStatement?
    private var insertReject: SQLiteStatement?
    private var insertPricedCall: SQLiteStatement?
    var updatePricingStatement: SQLiteStatement?
    /// Cache of `pricing_keys` ids. Valid for the connection's life: rows there are never changed.
    var pricingKeyCache: [PricingOutcome: Int64] = [:]
    private var selectKeyHolder: SQLiteStatement?
    private var inBatch = false
    /// The keys of an encrypted store (``StoreKeyAccess/key(_:)``); `nil` for a plaintext store.
    var keyring: StoreKeyring?
    /// An encrypted store opened with ``StoreKeyAccess/withoutCallData``: call data is refused.
    var callDataLocked = false
    /// The database file's path.
    public var path: String { database.path }

    /// Opens the store at `path`, creating and migrating it as needed; with `readOnly`, opens an
    /// existing store for reading only (read-only commands work on a write-protected file).
    ///
    /// An encrypted store is checked before anything is read or written: without its key
    /// (`encryption: .none`) or with another key it fails closed. A new store opened with a key
    /// becomes encrypted.
    /// - Throws: ``StoreError`` when the file cannot be opened or migrated (or, read-only, is not
    ///   at the current schema); ``StoreEncryptionError`` for a missing or wrong key.
    public init(path: String, readOnly: Bool = false, encryption: StoreKeyAccess = .none) throws {
        guard !readOnly else {
            database = try SQLiteDatabase(path: path, readOnly: true)
            try unlock(encryption, path: path)
            try database.execute("PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;")
            let version = try database.schemaVersion()
            guard version == StoreSchema.latestVersion else {
                if version > StoreSchema.latestVersion {
                    throw StoreError.schemaTooNew(path: path, found: version, known: StoreSchema.latestVersion)
                }
                throw StoreError.cannotOpen(path: path, message: "schema version \(version) needs an upgrade to \(StoreSchema.latestVersion), "
                                            + "which a read-only command cannot do; run a command that writes (e.g. tollbook import) once")
            }
            return
        }
        database = try SQLiteDatabase(path: path)
        // Fail closed before anything is written (no pragma, no migration).
        try unlock(encryption, path: path)
        try database.execute("""
            PRAGMA page_size = 16384;  -- new files only: fewer B-tree levels and page writes for wide rows
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            PRAGMA foreign_keys = ON;
            PRAGMA cache_size = -65536;
            PRAGMA temp_store = MEMORY;
            """)
        try database.migrate()
        if keyring == nil, !callDataLocked, case let .key(kek) = encryption {
            keyring = try StoreKeyring.initialise(database, path: path, kek: kek)
        }
        if keyring != nil { try database.execute("PRAGMA secure_delete = ON") }
    }

    /// Checks an existing store's encryption against `access` (see ``init(path:readOnly:encryption:)``).
    private func unlock(_ access: StoreKeyAccess, path: String) throws {
        guard try StoreKeyring.isEncrypted(database) else { return }
        switch access {
        case .none: throw StoreEncryptionError.keyRequired(path: path)
        case let .key(kek): keyring = try StoreKeyring.unlock(database, path: path, kek: kek)
        case .withoutCallData: callDataLocked = true
        }
    }

    /// Whether the store is encrypted at rest.
    public var isEncrypted: Bool { keyring != nil || callDataLocked }

    /// Throws when call data is locked (an encrypted store opened without its key).
    func checkCallDataUnlocked() throws {
        if callDataLocked { throw StoreEncryptionError.callDataLocked(path: database.path) }
    }

    /// Wraps a connection that ``QueryConnection`` opened and guards: no pragma, no migration (the
    /// authorizer refuses both); only the typed reads are of use on it.
    init(guardedConnection: SQLiteDatabase) {
        database = guardedConnection
    }

    // MARK: Bulk loading

    /// Switches the file to a rollback journal for a large import, if no other connection uses it.
    ///
    /// In WAL mode every new page is written twice (to the log, then to the database); a rollback
    /// journal writes new pages once. WAL stays the normal mode, because it lets readers work while
    /// a writer writes: this switch only succeeds while no other connection has the file open, and
    /// ``endBulkLoad()`` (or the next open) switches back.
    /// - Returns: whether bulk mode is on.
    @discardableResult
    public func beginBulkLoad() -> Bool {
        guard !inBatch,
              let mode = database.withBusyTimeout(milliseconds: 0, { try? database.scalarText("PRAGMA journal_mode = TRUNCATE") })
        else { return false }
        return mode == "truncate"
    }

    /// Returns to WAL mode after ``beginBulkLoad()``.
    public func endBulkLoad() throws {
        _ = try database.scalarText("PRAGMA journal_mode = WAL")
    }

    // MARK: Sources

    /// The time zone a source's local times are read in, or `nil` if there is no such source.
    public func sourceTimeZone(named name: String) throws -> String? {
        let select = try database.prepare("SELECT time_zone FROM sources WHERE name = ?")
        select.bind(1, name)
        return try select.step() ? select.text(0) : nil
    }

    /// The id of the existing source `name` (for commands that name a source to read or rewind).
    /// - Throws: ``CallStoreError/unknownSource(_:)`` when the store has no such source.
    public func existingSourceID(named name: String) throws -> Int64 {
        let select = try database.prepare("SELECT id FROM sources WHERE name = ?")
        select.bind(1, name)
        guard try select.step() else { throw CallStoreError.unknownSource(name) }
        return select.int64(0)
    }

    /// The id of the source `name`, created for `connector` and `timeZone` if it does not exist yet.
    ///
    /// A source keeps its connector and the time zone its local times are read in: reading the
    /// same records with another zone would move their start times and store them again.
    /// - Throws: ``CallStoreError/sourceConnectorMismatch(source:existing:requested:)`` or
    ///   ``CallStoreError/sourceTimeZoneMismatch(source:existing:requested:)``.
    public func sourceID(named name: String, connector: String, timeZone: String, nowMs: Int64) throws -> Int64 {
        let select = try database.prepare("SELECT id, connector, time_zone FROM sources WHERE name = ?")
        select.bind(1, name)
        if try select.step() {
            let existing = select.text(1)
            guard existing == connector else {
                throw CallStoreError.sourceConnectorMismatch(source: name, existing: existing, requested: connector)
            }
            let zone = select.text(2)
            guard zone == timeZone else {
                throw CallStoreError.sourceTimeZoneMismatch(source: name, existing: zone, requested: timeZone)
            }
            return select.int64(0)
        }
        let insert = try database.prepare("INSERT INTO sources(name, connector, time_zone, created_ms) VALUES (?, ?, ?, ?)")
        insert.bind(1, name)
        insert.bind(2, connector)
        insert.bind(3, timeZone)
        insert.bind(4, nowMs)
        try insert.run()
        return database.lastInsertRowID
    }

    // MARK: Batches

    /// Starts a write transaction (no-op if one is open).
    /// - Throws: ``StoreError/batchInsideWrite`` inside ``write(_:)``.
    public func beginBatch() throws {
        guard !inBatch else { return }
        guard writeDepth == 0 else { throw StoreError.batchInsideWrite }
        try database.execute("BEGIN IMMEDIATE")
        inBatch = true
    }

    /// Commits the open write transaction (no-op if none is open).
    public func commitBatch() throws {
        guard inBatch else { return }
        try database.execute("COMMIT")
        inBatch = false
        keyring?.committed()
    }

    /// Whether a write transaction of ``beginBatch()`` is open.
    public var isInBatch: Bool { inBatch }

    /// Whether the store was opened read-only (a write-protected file).
    public var isReadOnly: Bool { database.isReadOnly }

    /// Rolls back the open write transaction, if any.
    public func rollbackBatch() {
        keyring?.rollBack(level: 0)
        guard inBatch else { return }
        try? database.execute("ROLLBACK")
        inBatch = false
    }

    // MARK: Imports

    /// Records the start of a file import and returns its id.
    /// - Parameter pid: the importing process (`tollbook import`), so that a row it leaves
    ///   `running` when it dies can be recognised (``markInterruptedImports(isAlive:nowMs:)``);
    ///   `nil` for streams of the capture service, which stay open across restarts.
    public func beginImport(sourceID: Int64, filePath: String, sha256: String, bytes: Int64, nowMs: Int64,
                            pid: Int32? = nil) throws -> Int64 {
        let insert = try database.prepare("""
            INSERT INTO imports(source_id, file_path, file_sha256, file_bytes, imported, duplicates, rejected,
                                skipped, started_ms, finished_ms, status, pid)
            VALUES (?, ?, ?, ?, 0, 0, 0, 0, ?, ?, 'running', ?)
            """)
        insert.bind(1, sourceID)
        insert.bind(2, filePath)
        insert.bind(3, sha256)
        insert.bind(4, bytes)
        insert.bind(5, nowMs)
        insert.bind(6, nowMs)
        insert.bind(7, pid.map(Int64.init))
        try insert.run()
        return database.lastInsertRowID
    }

    /// Records the outcome of a file import (and the file's hash, once known).
    public func finishImport(id: Int64, sha256: String?, counts: ImportCounts, status: ImportStatus, error: String?,
                             nowMs: Int64) throws {
        let update = try database.prepare("""
            UPDATE imports SET imported = ?, duplicates = ?, rejected = ?, skipped = ?, plugin_violations = ?,
                               conflicts = ?, finished_ms = ?, status = ?, error = ?,
                               file_sha256 = coalesce(?, file_sha256) WHERE id = ?
            """)
        bind(counts, nowMs: nowMs, to: update)
        update.bind(8, status.rawValue)
        if let error { update.bind(9, error) } else { update.bindNull(9) }
        if let sha256 { update.bind(10, sha256) } else { update.bindNull(10) }
        update.bind(11, id)
        try update.run()
    }

    /// Writes a running import's counts; called inside the write transaction that stores the
    /// records counted, so the log row always says what is committed.
    public func recordImportProgress(id: Int64, counts: ImportCounts, nowMs: Int64) throws {
        let update = try database.prepare("""
            UPDATE imports SET imported = ?, duplicates = ?, rejected = ?, skipped = ?, plugin_violations = ?,
                               conflicts = ?, finished_ms = ? WHERE id = ?
            """)
        bind(counts, nowMs: nowMs, to: update)
        update.bind(8, id)
        try update.run()
    }

    /// Binds an import's counts and the time to parameters 1–7 of an `UPDATE imports`.
    private func bind(_ counts: ImportCounts, nowMs: Int64, to update: SQLiteStatement) {
        for (index, value) in [counts.imported, counts.duplicates, counts.rejected, counts.skipped, counts.pluginViolations,
                               counts.conflicts].enumerated() {
            update.bind(Int32(index + 1), Int64(value))
        }
        update.bind(7, nowMs)
    }

    /// Marks as `interrupted` every import left `running` by a `tollbook import` process that no
    /// longer exists (killed, or the machine went down); its counts are those last committed.
    /// - Parameter isAlive: whether the process with this pid is still a running import.
    /// - Returns: how many rows were marked.
    @discardableResult
    public func markInterruptedImports(isAlive: (Int32) -> Bool, nowMs: Int64) throws -> Int {
        let select = try database.prepare("SELECT id, pid FROM imports WHERE status = 'running' AND pid IS NOT NULL")
        var stale: [Int64] = []
        while try select.step() {
            if !isAlive(Int32(truncatingIfNeeded: select.int64(1))) { stale.append(select.int64(0)) }
        }
        let update = try database.prepare(
            "UPDATE imports SET status = 'interrupted', error = coalesce(error, 'the importing process ended before the import finished') WHERE id = ?")
        for id in stale {
            update.bind(1, id)
            try update.run()
        }
        return stale.count
    }

    /// Gives the rejects of an import their file's hash. Rejects stored under `provisionalKey`
    /// that the same file already quarantined in an earlier import are dropped as duplicates.
    public func settleRejects(importID: Int64, provisionalKey: String, fileSHA256: String) throws {
        let update = try database.prepare(
            "UPDATE OR IGNORE rejects SET file_sha256 = ? WHERE import_id = ? AND file_sha256 = ?")
        update.bind(1, fileSHA256)
        update.bind(2, importID)
        update.bind(3, provisionalKey)
        try update.run()
        let delete = try database.prepare("DELETE FROM rejects WHERE import_id = ? AND file_sha256 = ?")
        delete.bind(1, importID)
        delete.bind(2, provisionalKey)
        try delete.run()
    }

    // MARK: Calls

    /// Stores one call leg unless its source already has it (see ``insert(_:sourceID:importID:)-(CallBatch,_,_)``).
    /// - Returns: `true` if stored, `false` if it was a duplicate.
    public func insert(_ call: CallRecord, sourceID: Int64, importID: Int64?) throws -> Bool {
        try insert(CallBatch([call]), sourceID: sourceID, importID: importID).inserted == 1
    }

    /// Stores the legs of a batch that their source does not have yet.
    ///
    /// A leg is identified by its source, its vendor record id and its start time (connectors are
    /// deterministic, so a re-delivered record starts at the same instant). Uniqueness is checked on
    /// (start, 64-bit hash of source and id); when that key is taken by a different leg (a hash
    /// collision), the next free key is used, so no record is ever lost to one. Text is bound
    /// straight from the batch's arena, without copies.
    /// A leg of a batch that differs from the leg the store has under the same (source, vendor
    /// record id, start): not stored, to be quarantined as a conflict.
    public struct Conflict: Sendable, Equatable {
        /// The leg's index in the batch.
        public var row: Int
        /// The stored leg it differs from.
        public var storedCallID: Int64
    }

    /// - Returns: how many legs were stored, how many were already there unchanged (duplicates),
    ///   and the legs that differ from the stored leg under their key (conflicts: not stored, not
    ///   counted as duplicates).
    /// - Parameter seals: the batch's sealing prepared by ``sealPreparer()`` (an encrypted store
    ///   prepares it here when it is `nil` or was made from other legs).
    public func insert(_ batch: CallBatch, sourceID: Int64, importID: Int64?, ratedMs: Int64 = 0, seals prepared: PreparedSeals? = nil)
        throws -> (inserted: Int, duplicates: Int, conflicts: [Conflict]) {
        try checkCallDataUnlocked()
        let priced = batch.isPriced
        let statement = try insertCallStatement(withPricing: priced)
        // An encrypted store seals each leg under its row id: ids are assigned here.
        var nextID: Int64 = 0
        let nowMs = Int64(Date().timeIntervalSince1970 * 1000)
        var seals = PreparedSeals()
        var sealKeys: [LiveDataKey?] = []
        var sealedPerSlot: [Int64] = []
        if let keyring {
            nextID = (try database.scalarInt("SELECT coalesce(max(id), 0) FROM calls") ?? 0) + 1
            if let prepared, prepared.matches(batch) {
                seals = prepared
            } else {
                seals = try keyring.preparer.prepare(batch)
            }
            sealKeys = Array(repeating: nil, count: seals.slots.count)
            sealedPerSlot = Array(repeating: 0, count: seals.slots.count)
        }
        // The shared parts of the batch's pricing, resolved to pricing_keys ids once per batch.
        let outcomeIDs = try batch.outcomes.map(pricingKey(for:))
        var inserted = 0
        var duplicates = 0
        var conflicts: [Conflict] = []
        try batch.withArena { arena in
            for (index, row) in batch.rows.enumerated() {
                let id = UnsafeRawBufferPointer(rebasing: arena[Int(row.vendorRecordID.offset)..<Int(row.vendorRecordID.offset + row.vendorRecordID.length)])
                var key = VendorKey.hash(sourceID: sourceID, vendorRecordID: id)
                let digest = ContentDigest.of(row, arena: arena)
                var stored = false
                var settled = false
                var conflicting: Int64?
                let pricedRow = priced && index < batch.priced.count ? batch.priced[index] : CallBatch.PricedRow()
                var sealing: SealedRow?
                if let keyring {
                    sealing = try seal(seals, row: index, keys: &sealKeys, sourceID: sourceID, id: nextID, nowMs: nowMs,
                                       keyring: keyring)
                }
                for _ in 0..<64 {
                    bind(row, arena: arena, sourceID: sourceID, importID: importID, key: key, to: statement)
                    statement.bind(.contentHash, digest)
                    if priced {
                        bindPricing(pricedRow, outcomeIDs: outcomeIDs, arena: arena, ratedMs: ratedMs, from: CallColumn.count + 1,
                                    to: statement)
                    }
                    if let sealing { bind(sealing, id: nextID, priced: priced, to: statement) }
                    try statement.run()
                    if database.changes > 0 {
                        if sealing != nil {
                            nextID += 1
                            sealedPerSlot[Int(seals.rows[index].slot)] += 1
                        }
                        stored = true
                        settled = true
                        break
                    }
                    guard let holder = try keyHolder(startMs: row.startMs, key: key) else {
                        settled = true
                        break
                    }
                    if holder.sourceID == sourceID && holder.vendorRecordID.utf8.elementsEqual(id) {
                        if let storedDigest = holder.contentHash, storedDigest != digest { conflicting = holder.callID }
                        settled = true
                        break
                    }
                    key = key &+ 1
                }
                guard settled else { throw CallStoreError.vendorKeysExhausted(probes: 64) }
                if stored {
                    inserted += 1
                } else if let conflicting {
                    conflicts.append(Conflict(row: index, storedCallID: conflicting))
                } else {
                    duplicates += 1
                }
            }
        }
        if keyring != nil { try countSealedCalls(sealedPerSlot, keys: sealKeys) }
        return (inserted, duplicates, conflicts)
    }

    private func keyHolder(startMs: Int64, key: Int64) throws
        -> (sourceID: Int64, vendorRecordID: String, callID: Int64, contentHash: Int64?)? {
        let statement: SQLiteStatement
        if let selectKeyHolder {
            statement = selectKeyHolder
        } else {
            statement = try database.prepare(
                "SELECT source_id, vendor_record_id, id, content_hash FROM calls WHERE start_ms = ? AND vendor_key = ?")
            selectKeyHolder = statement
        }
        defer { statement.reset() }
        statement.bind(1, startMs)
        statement.bind(2, key)
        return try statement.step() ? (statement.int64(0), statement.text(1), statement.int64(2), statement.int64OrNil(3)) : nil
    }

    /// Where the bytes of stored leg `callID` came from: its span and, for a file import, the
    /// file's path (`nil` for legs of the capture service's streams).
    public func origin(ofCall callID: Int64) throws -> (offset: UInt64, length: UInt64, filePath: String?)? {
        let statement = try database.prepare("""
            SELECT c.source_offset, c.source_length, i.file_path,
                   i.id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ingest_streams s WHERE s.import_id = i.id)
            FROM calls c LEFT JOIN imports i ON i.id = c.import_id WHERE c.id = ?
            """)
        statement.bind(1, callID)
        guard try statement.step() else { return nil }
        let fromFile = statement.int64(3) != 0
        return (UInt64(max(0, statement.int64(0))), UInt64(max(0, statement.int64(1))), fromFile ? statement.text(2) : nil)
    }

    private func bind(_ row: CallBatch.Row, arena: UnsafeRawBufferPointer, sourceID: Int64, importID: Int64?, key: Int64,
                      to statement: SQLiteStatement) {
        func bytes(_ value: CallBatch.Text) -> UnsafeRawBufferPointer {
            let start = Int(value.offset)
            return UnsafeRawBufferPointer(rebasing: arena[start..<start + Int(value.length)])
        }
        func text(_ column: CallColumn, _ value: CallBatch.Text) {
            statement.bindNullIfEmpty(column, borrowing: bytes(value))
        }
        func optional(_ column: CallColumn, _ value: Int64) {
            statement.bind(column, value == .min ? nil : value)
        }
        statement.bind(.sourceID, sourceID)
        statement.bind(.vendorRecordID, borrowing: bytes(row.vendorRecordID))
        statement.bind(.correlationID, borrowing: bytes(row.correlationID))
        statement.bind(.startMs, row.startMs)
        optional(.answerMs, row.answerMs)
        statement.bind(.endMs, row.endMs)
        statement.bind(.ringMs, row.ringMs)
        statement.bind(.talkMs, row.talkMs)
        statement.bind(.direction, Int64(row.direction.abiCode))
        statement.bind(.disposition, Int64(row.disposition.abiCode))
        statement.bind(.flags, Int64(row.flags.rawValue))
        text(.trunk, row.trunk)
        text(.device, row.device)
        text(.remoteDevice, row.remoteDevice)
        text(.huntGroup, row.huntGroup)
        optional(.cause, row.cause)
        text(.causeText, row.causeText)
        optional(.chargeUnits, row.chargeUnits)
        optional(.chargeMinor, row.chargeMinor)
        text(.chargeCurrency, row.chargeCurrency)
        statement.bind(.sourceOffset, Int64(bitPattern: row.sourceOffset))
        statement.bind(.sourceLength, Int64(bitPattern: row.sourceLength))
        text(.extra, row.extraJSON)
        text(.calling, row.calling)
        text(.called, row.called)
        text(.originalCalled, row.originalCalled)
        text(.connected, row.connected)
        text(.redirecting, row.redirecting)
        text(.extension, row.extension)
        text(.remote, row.remote)
        text(.accountCode, row.accountCode)
        text(.pin, row.pin)
        text(.projectCode, row.projectCode)
        statement.bind(.importID, importID)
        statement.bind(.vendorKey, key)
        statement.bind(CallColumn.category.rawValue, row.category.rawValue)
        text(.protectedClass, row.protectedClass)
    }

    /// Binds a batch row's pricing to the ``PricingColumn``s from parameter `first` on (all NULL
    /// when the row was not priced). Text is bound from the arena.
    func bindPricing(_ row: CallBatch.PricedRow, outcomeIDs: [Int64], arena: UnsafeRawBufferPointer, ratedMs: Int64,
                     from first: Int32, to statement: SQLiteStatement) {
        guard row.outcome >= 0, Int(row.outcome) < outcomeIDs.count else {
            for column in PricingColumn.allCases { statement.bindNull(first + column.rawValue) }
            return
        }
        func text(_ column: PricingColumn, _ value: CallBatch.Text) {
            let start = Int(value.offset)
            statement.bindNullIfEmpty(first + column.rawValue,
                                      borrowing: UnsafeRawBufferPointer(rebasing: arena[start..<start + Int(value.length)]))
        }
        statement.bind(first + PricingColumn.pricingKey.rawValue, outcomeIDs[Int(row.outcome)])
        statement.bind(first + PricingColumn.costMinor.rawValue, row.costMinor == .min ? nil : row.costMinor)
        text(.remoteE164, row.remoteE164)
        text(.extensionKey, row.extensionKey)
        statement.bind(first + PricingColumn.ratedMs.rawValue, ratedMs)
        text(.localE164, row.localE164)
        text(.callingE164, row.callingE164)
        text(.calledE164, row.calledE164)
        text(.originalCalledE164, row.originalCalledE164)
        text(.connectedE164, row.connectedE164)
        text(.redirectingE164, row.redirectingE164)
        statement.bind(first + PricingColumn.numberCategories.rawValue, row.packedCategories)
    }

    /// Binds a leg's pricing like ``bindPricing(_:outcomeIDs:arena:ratedMs:from:to:)``, from a ``CallPricing``.
    func bindPricing(_ pricing: CallPricing, ratedMs: Int64, from first: Int32, to statement: SQLiteStatement) throws {
        func index(_ column: PricingColumn) -> Int32 { first + column.rawValue }
        statement.bind(index(.pricingKey), try pricingKey(for: pricing.outcome))
        statement.bind(index(.costMinor), pricing.costMinor)
        statement.bindNullIfEmpty(index(.remoteE164), pricing.remoteE164)
        statement.bindNullIfEmpty(index(.extensionKey), pricing.extensionKey)
        statement.bind(index(.ratedMs), ratedMs)
        statement.bindNullIfEmpty(index(.localE164), pricing.localE164)
        let stored = PartyNumberStorage.store(pricing.numbers, remoteE164: pricing.remoteE164, localE164: pricing.localE164)
        for (column, e164) in zip(PricingColumn.partyNumbers, stored.own) { statement.bindNullIfEmpty(index(column), e164) }
        statement.bind(index(.numberCategories), stored.packed)
    }

    /// The id of `outcome` in `pricing_keys`, created on first use and cached.
    func pricingKey(for outcome: PricingOutcome) throws -> Int64 {
        if let id = pricingKeyCache[outcome] { return id }
        func field(_ column: PricingKeyColumn) -> String {
            switch column {
            case .status: return outcome.status.rawValue
            case .remoteCategory: return outcome.remoteCategory
            case .currency: return outcome.currency
            case .provider: return outcome.provider
            case .tariffVersion: return outcome.tariffVersion
            case .zone: return outcome.zone
            case .destination: return outcome.destination
            case .bands: return outcome.bands
            case .increments: return outcome.increments
            case .reason: return outcome.reason
            case .pricing: return outcome.pricing.rawValue
            }
        }
        let columns = PricingKeyColumn.allCases
        let select = try database.prepare(
            "SELECT id FROM pricing_keys WHERE " + columns.map { "\($0.name) = ?" }.joined(separator: " AND "))
        for column in columns { select.bind(column.rawValue + 1, field(column)) }
        let id: Int64
        if try select.step() {
            id = select.int64(0)
        } else {
            let insert = try database.prepare("""
                INSERT INTO pricing_keys(\(columns.map(\.name).joined(separator: ", ")))
                VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))
                """)
            for column in columns { insert.bind(column.rawValue + 1, field(column)) }
            try insert.run()
            id = database.lastInsertRowID
        }
        if pricingKeyCache.count > 100_000 { pricingKeyCache.removeAll() }
        pricingKeyCache[outcome] = id
        return id
    }

    private func insertCallStatement(withPricing priced: Bool) throws -> SQLiteStatement {
        if priced, let insertPricedCall { return insertPricedCall }
        if !priced, let insertCall { return insertCall }
        let columns = CallColumn.allCases.map(\.name) + (priced ? PricingColumn.allCases.map(\.name) : [])
            + (keyring != nil ? SealedRow.columns : [])
        let statement = try database.prepare("""
            INSERT INTO calls(\(columns.joined(separator: ", ")))
            VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))
            ON CONFLICT(start_ms, vendor_key) DO NOTHING
            """)
        if priced { insertPricedCall = statement } else { insertCall = statement }
        return statement
    }

    // MARK: Rejects

    /// Quarantines rejected input unless the same span of the same file is already there.
    /// - Returns: `true` if stored, `false` if it was already quarantined.
    /// - Parameters:
    ///   - conflictCallID: for a ``RejectReason/conflict``, the stored leg the record differs from.
    ///   - conflictRaw: that leg's bytes, if they could be read back.
    public func insert(_ reject: QuarantinedInput, sourceID: Int64, importID: Int64?, fileSHA256: String,
                       fileName: String, nowMs: Int64, conflictCallID: Int64? = nil, conflictRaw: [UInt8]? = nil) throws -> Bool {
        try checkCallDataUnlocked()
        if let keyring {
            return try insertSealed(reject, sourceID: sourceID, importID: importID, fileSHA256: fileSHA256, fileName: fileName,
                                    nowMs: nowMs, conflictCallID: conflictCallID, conflictRaw: conflictRaw, keyring: keyring)
        }
        let statement: SQLiteStatement
        if let insertReject {
            statement = insertReject
        } else {
            statement = try database.prepare("""
                INSERT INTO rejects(source_id, file_sha256, file_name, source_offset, reason, field, message, raw,
                                    created_ms, import_id, conflict_call_id, conflict_raw)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(source_id, file_sha256, source_offset) DO NOTHING
                """)
            insertReject = statement
        }
        statement.bind(1, sourceID)
        statement.bind(2, fileSHA256)
        statement.bind(3, fileName)
        statement.bind(4, Int64(reject.sourceOffset))
        statement.bind(5, reject.reason.rawValue)
        statement.bindNullIfEmpty(6, reject.field)
        statement.bind(7, reject.message)
        statement.bind(8, bytes: reject.raw)
        statement.bind(9, nowMs)
        statement.bind(10, importID)
        statement.bind(11, conflictCallID)
        if let conflictRaw { statement.bind(12, bytes: conflictRaw) } else { statement.bindNull(12) }
        try statement.run()
        return database.changes > 0
    }
}

/// Outcome of an import in the import log.
public enum ImportStatus: String, Sendable {
    /// Still running (or the process died).
    case running
    /// Finished.
    case completed
    /// Stopped by an error.
    case failed
    /// Stopped by a signal, or its process ended without finishing: what was committed stays.
    case interrupted
}

/// Errors of the call store's own rules.
public enum CallStoreError: Error, CustomStringConvertible, Equatable {
    /// The store has no source of this name.
    case unknownSource(String)
    /// A source name is already used by another connector.
    case sourceConnectorMismatch(source: String, existing: String, requested: String)
    /// A source's local times were read in another time zone.
    case sourceTimeZoneMismatch(source: String, existing: String, requested: String)
    /// `probes` keys in a row after a leg's vendor key were taken by other legs starting at the
    /// same instant (64-bit hash collisions): the leg cannot be stored.
    case vendorKeysExhausted(probes: Int)

    /// A message for the admin.
    public var description: String {
        switch self {
        case let .unknownSource(source):
            return "the store has no source '\(source)'; `tollbook calls --format json` lists the sources of stored calls"
        case let .sourceConnectorMismatch(source, existing, requested):
            return "source '\(source)' belongs to connector \(existing), not \(requested); choose another --source name"
        case let .sourceTimeZoneMismatch(source, existing, requested):
            return "source '\(source)' reads its times in \(existing), not \(requested); use --timezone \(existing) (re-reading stored records in another zone would store them again)"
        case let .vendorKeysExhausted(probes):
            return "cannot store a call: \(probes) vendor key collisions in a row at the same start time"
        }
    }
}
