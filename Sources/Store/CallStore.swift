import TollbookCore

/// The call store on an SQLite file: sources, calls, quarantined input and the import log.
///
/// Writes go through prepared statements inside caller-controlled transactions
/// (``beginBatch()`` / ``commitBatch()``), so large imports commit in big batches.
public final class CallStore {
    /// The underlying connection.
    public let database: SQLiteDatabase
    private var insertCall: SQLiteStatement?
    private var insertReject: SQLiteStatement?
    private var insertPricedCall: SQLiteStatement?
    var updatePricingStatement: SQLiteStatement?
    /// Cache of `pricing_keys` ids. Valid for the connection's life: rows there are never changed.
    var pricingKeyCache: [PricingOutcome: Int64] = [:]
    private var selectKeyHolder: SQLiteStatement?
    private var inBatch = false

    /// Opens the store at `path`, creating and migrating it as needed; with `readOnly`, opens an
    /// existing store for reading only (read-only commands work on a write-protected file).
    /// - Throws: ``StoreError`` when the file cannot be opened or migrated (or, read-only, is not
    ///   at the current schema).
    public init(path: String, readOnly: Bool = false) throws {
        guard !readOnly else {
            database = try SQLiteDatabase(path: path, readOnly: true)
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
        try database.execute("""
            PRAGMA page_size = 16384;  -- new files only: fewer B-tree levels and page writes for wide rows
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            PRAGMA foreign_keys = ON;
            PRAGMA cache_size = -65536;
            PRAGMA temp_store = MEMORY;
            """)
        try database.migrate()
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
    public func beginBatch() throws {
        guard !inBatch else { return }
        try database.execute("BEGIN IMMEDIATE")
        inBatch = true
    }

    /// Commits the open write transaction (no-op if none is open).
    public func commitBatch() throws {
        guard inBatch else { return }
        try database.execute("COMMIT")
        inBatch = false
    }

    /// Whether a write transaction of ``beginBatch()`` is open.
    public var isInBatch: Bool { inBatch }

    /// Rolls back the open write transaction, if any.
    public func rollbackBatch() {
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
    public func insert(_ batch: CallBatch, sourceID: Int64, importID: Int64?, ratedMs: Int64 = 0) throws
        -> (inserted: Int, duplicates: Int, conflicts: [Conflict]) {
        let priced = batch.isPriced
        let statement = try insertCallStatement(withPricing: priced)
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
                for _ in 0..<64 {
                    bind(row, arena: arena, sourceID: sourceID, importID: importID, key: key, to: statement)
                    statement.bind(36, digest)
                    if priced {
                        bindPricing(index < batch.priced.count ? batch.priced[index] : CallBatch.PricedRow(),
                                    outcomeIDs: outcomeIDs, arena: arena, ratedMs: ratedMs, from: 37, to: statement)
                    }
                    try statement.run()
                    if database.changes > 0 {
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
                guard settled else {
                    throw StoreError.sqlite(code: 0, message: "64 vendor key collisions in a row", context: "storing a call")
                }
                if stored {
                    inserted += 1
                } else if let conflicting {
                    conflicts.append(Conflict(row: index, storedCallID: conflicting))
                } else {
                    duplicates += 1
                }
            }
        }
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
        func text(_ index: Int32, _ value: CallBatch.Text) {
            statement.bindNullIfEmpty(index, borrowing: bytes(value))
        }
        func optional(_ index: Int32, _ value: Int64) {
            if value == .min { statement.bindNull(index) } else { statement.bind(index, value) }
        }
        statement.bind(1, sourceID)
        statement.bind(2, borrowing: bytes(row.vendorRecordID))
        statement.bind(3, borrowing: bytes(row.correlationID))
        statement.bind(4, row.startMs)
        optional(5, row.answerMs)
        statement.bind(6, row.endMs)
        statement.bind(7, row.ringMs)
        statement.bind(8, row.talkMs)
        statement.bind(9, Int64(row.direction.abiCode))
        statement.bind(10, Int64(row.disposition.abiCode))
        statement.bind(11, Int64(row.flags.rawValue))
        text(12, row.trunk)
        text(13, row.device)
        text(14, row.remoteDevice)
        text(15, row.huntGroup)
        optional(16, row.cause)
        text(17, row.causeText)
        optional(18, row.chargeUnits)
        optional(19, row.chargeMinor)
        text(20, row.chargeCurrency)
        statement.bind(21, Int64(bitPattern: row.sourceOffset))
        statement.bind(22, Int64(bitPattern: row.sourceLength))
        text(23, row.extraJSON)
        text(24, row.calling)
        text(25, row.called)
        text(26, row.originalCalled)
        text(27, row.connected)
        text(28, row.redirecting)
        text(29, row.extension)
        text(30, row.remote)
        text(31, row.accountCode)
        text(32, row.pin)
        text(33, row.projectCode)
        statement.bind(34, importID)
        statement.bind(35, key)
    }

    /// Binds a batch row's pricing to parameters `first` … `first + 11` in the order of
    /// ``pricingColumns`` (all NULL when the row was not priced). Text is bound from the arena.
    func bindPricing(_ row: CallBatch.PricedRow, outcomeIDs: [Int64], arena: UnsafeRawBufferPointer, ratedMs: Int64,
                     from first: Int32, to statement: SQLiteStatement) {
        guard row.outcome >= 0, Int(row.outcome) < outcomeIDs.count else {
            for index in first..<first + Int32(Self.pricingColumnCount) { statement.bindNull(index) }
            return
        }
        func text(_ index: Int32, _ value: CallBatch.Text) {
            let start = Int(value.offset)
            statement.bindNullIfEmpty(first + index,
                                      borrowing: UnsafeRawBufferPointer(rebasing: arena[start..<start + Int(value.length)]))
        }
        statement.bind(first, outcomeIDs[Int(row.outcome)])
        if row.costMinor == .min { statement.bindNull(first + 1) } else { statement.bind(first + 1, row.costMinor) }
        text(2, row.remoteE164)
        text(3, row.extensionKey)
        statement.bind(first + 4, ratedMs)
        text(5, row.localE164)
        text(6, row.callingE164)
        text(7, row.calledE164)
        text(8, row.originalCalledE164)
        text(9, row.connectedE164)
        text(10, row.redirectingE164)
        statement.bind(first + 11, row.packedCategories)
    }

    /// Binds a leg's pricing like ``bindPricing(_:outcomeIDs:arena:ratedMs:from:to:)``, from a ``CallPricing``.
    func bindPricing(_ pricing: CallPricing, ratedMs: Int64, from first: Int32, to statement: SQLiteStatement) throws {
        statement.bind(first, try pricingKey(for: pricing.outcome))
        statement.bind(first + 1, pricing.costMinor)
        statement.bindNullIfEmpty(first + 2, pricing.remoteE164)
        statement.bindNullIfEmpty(first + 3, pricing.extensionKey)
        statement.bind(first + 4, ratedMs)
        statement.bindNullIfEmpty(first + 5, pricing.localE164)
        let stored = PartyNumberStorage.store(pricing.numbers, remoteE164: pricing.remoteE164, localE164: pricing.localE164)
        for (offset, e164) in stored.own.enumerated() { statement.bindNullIfEmpty(first + 6 + Int32(offset), e164) }
        statement.bind(first + 11, stored.packed)
    }

    /// The per-call pricing columns, in the order the `bindPricing` functions bind them.
    static let pricingColumns = """
        pricing_key, cost_minor, remote_e164, extension_key, rated_ms, local_e164, calling_e164, called_e164, \
        original_called_e164, connected_e164, redirecting_e164, number_categories
        """
    /// Number of ``pricingColumns``.
    static let pricingColumnCount = 12

    /// The id of `outcome` in `pricing_keys`, created on first use and cached.
    func pricingKey(for outcome: PricingOutcome) throws -> Int64 {
        if let id = pricingKeyCache[outcome] { return id }
        let fields = [outcome.status.rawValue, outcome.remoteCategory, outcome.currency, outcome.provider,
                      outcome.tariffVersion, outcome.zone, outcome.destination, outcome.bands, outcome.increments,
                      outcome.reason, outcome.pricing.rawValue]
        let select = try database.prepare("""
            SELECT id FROM pricing_keys WHERE status = ? AND remote_category = ? AND currency = ? AND provider = ?
                AND tariff_version = ? AND zone = ? AND destination = ? AND bands = ? AND increments = ? AND reason = ?
                AND pricing = ?
            """)
        for (index, field) in fields.enumerated() { select.bind(Int32(index + 1), field) }
        let id: Int64
        if try select.step() {
            id = select.int64(0)
        } else {
            let insert = try database.prepare("""
                INSERT INTO pricing_keys(status, remote_category, currency, provider, tariff_version, zone, destination,
                                         bands, increments, reason, pricing)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for (index, field) in fields.enumerated() { insert.bind(Int32(index + 1), field) }
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
        let pricing = priced ? ", " + Self.pricingColumns : ""
        let placeholders = Array(repeating: "?", count: priced ? 36 + Self.pricingColumnCount : 36)
            .joined(separator: ", ")
        let statement = try database.prepare("""
            INSERT INTO calls(source_id, vendor_record_id, correlation_id, start_ms, answer_ms, end_ms, ring_ms,
                talk_ms, direction, disposition, flags, trunk, device, remote_device, hunt_group, cause,
                cause_text, charge_units, charge_minor, charge_currency, source_offset, source_length, extra,
                calling, called, original_called, connected, redirecting, extension, remote, account_code, pin,
                project_code, import_id, vendor_key, content_hash\(pricing))
            VALUES (\(placeholders))
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
    /// A source name is already used by another connector.
    case sourceConnectorMismatch(source: String, existing: String, requested: String)
    /// A source's local times were read in another time zone.
    case sourceTimeZoneMismatch(source: String, existing: String, requested: String)

    /// A message for the admin.
    public var description: String {
        switch self {
        case let .sourceConnectorMismatch(source, existing, requested):
            return "source '\(source)' belongs to connector \(existing), not \(requested); choose another --source name"
        case let .sourceTimeZoneMismatch(source, existing, requested):
            return "source '\(source)' reads its times in \(existing), not \(requested); use --timezone \(existing) (re-reading stored records in another zone would store them again)"
        }
    }
}
