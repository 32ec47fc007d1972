import Crypto
import Foundation

/// What ``StoreTransaction/shred(callIDs:)`` did.
public struct ShredOutcome: Sendable, Equatable {
    /// Calls deleted.
    public var deletedCalls: Int
    /// Fingerprints of the data keys destroyed (hex of the first 16 bytes of SHA-256 of the
    /// wrapped key), for receipts.
    public var destroyedKeyFingerprints: [String]
    /// Calls that shared a destroyed key and were re-encrypted under a fresh one.
    public var rekeyedCalls: Int

    /// Creates an outcome.
    public init(deletedCalls: Int, destroyedKeyFingerprints: [String], rekeyedCalls: Int) {
        self.deletedCalls = deletedCalls
        self.destroyedKeyFingerprints = destroyedKeyFingerprints
        self.rekeyedCalls = rekeyedCalls
    }
}

extension StoreTransaction {
    /// Crypto-shreds calls: deletes them (rejects naming one as a conflict's stored leg lose that
    /// link and its bytes) and, in an
    /// encrypted store, destroys every data key they were sealed under — the other calls of such
    /// a key are first re-sealed under a fresh key — and moves the store to a new key epoch, so
    /// that a copy of the database from before (a backup) can no longer unwrap its data keys.
    /// With `secure_delete` on, the deleted rows and key bytes are overwritten in the file; the
    /// caller checkpoints the WAL after committing (``CallStore/checkpointAndTruncateWAL()``).
    /// - Throws: ``StoreError``, ``StoreEncryptionError``.
    public func shred(callIDs: [Int64]) throws -> ShredOutcome {
        let database = try connection()
        try store.checkCallDataUnlocked()
        try database.execute("""
            PRAGMA secure_delete = ON;
            CREATE TEMP TABLE IF NOT EXISTS shred_ids(id INTEGER PRIMARY KEY);
            DELETE FROM shred_ids;
            """)
        let insert = try database.prepare("INSERT OR IGNORE INTO shred_ids(id) VALUES (?)")
        for id in callIDs {
            insert.reset()
            insert.bind(1, id)
            try insert.run()
        }
        // The KPI roll-ups these calls fed stay as kept sums (docs/rollups.md): note their quarters.
        try database.execute("""
            INSERT INTO rollup_kept(quarter_ms, to_ms)
            SELECT (start_ms / 900000) * 900000, max(max(end_ms, start_ms)) + 1 FROM calls
            WHERE id IN (SELECT id FROM shred_ids) GROUP BY 1
            ON CONFLICT(quarter_ms) DO UPDATE SET to_ms = max(to_ms, excluded.to_ms)
            """)
        var keyIDs: [Int64] = []
        /// How many of each key's calls this shred deletes.
        var deletedPerKey: [Int64: Int64] = [:]
        if store.keyring != nil {
            let keys = try database.prepare("""
                SELECT data_key_id, count(*) FROM calls WHERE id IN (SELECT id FROM shred_ids) AND data_key_id IS NOT NULL
                GROUP BY data_key_id
                """)
            while try keys.step() {
                keyIDs.append(keys.int64(0))
                deletedPerKey[keys.int64(0)] = keys.int64(1)
            }
        }
        // Rejects naming a shredded leg as a conflict's stored leg lose that link and its bytes.
        if let keyring = store.keyring {
            let quoting = try database.prepare("""
                SELECT id, sealed_raw, data_key_id FROM rejects
                WHERE conflict_call_id IN (SELECT id FROM shred_ids) AND sealed_raw IS NOT NULL
                """)
            var resealed: [(Int64, [UInt8])] = []
            while try quoting.step() {
                let id = quoting.int64(0)
                let key = try keyring.readKey(id: quoting.int64(2), database: database)
                let data = try quoting.blob(1).withUnsafeBytes { try keyring.open($0, key: key, table: "rejects", column: "raw", rowID: id) }
                let raw: [UInt8]? = data.withUnsafeBytes { bytes in StoreKeyring.unpack(bytes).flatMap { $0.first.map { Array(bytes[$0]) } } }
                guard let raw else { throw StoreEncryptionError.decryptionFailed(table: "rejects", rowID: id) }
                keyring.pack([raw, [], []])
                resealed.append((id, try keyring.seal(keyring.plaintext, key: key, table: "rejects", column: "raw", rowID: id)))
            }
            let update = try database.prepare("UPDATE rejects SET sealed_raw = ? WHERE id = ?")
            for (id, sealed) in resealed {
                update.reset()
                update.bind(1, bytes: sealed)
                update.bind(2, id)
                try update.run()
            }
        }
        try database.execute("""
            UPDATE rejects SET conflict_call_id = NULL, conflict_raw = NULL WHERE conflict_call_id IN (SELECT id FROM shred_ids)
            """)
        try database.execute("DELETE FROM calls WHERE id IN (SELECT id FROM shred_ids)")
        let deleted = database.changes
        try database.execute("DELETE FROM shred_ids")
        guard let keyring = store.keyring, !keyIDs.isEmpty else {
            return ShredOutcome(deletedCalls: deleted, destroyedKeyFingerprints: [], rekeyedCalls: 0)
        }
        let nowMs = Int64(Date().timeIntervalSince1970 * 1000)
        var fingerprints: [String] = []
        var rekeyed = 0
        for keyID in keyIDs.sorted() {
            let row = try database.prepare("""
                SELECT wrapped, subject, category, month, calls FROM data_keys WHERE id = ? AND destroyed_ms IS NULL
                """)
            row.bind(1, keyID)
            guard try row.step() else { continue }
            let wrapped = row.blob(0)
            let subject = row.blob(1), category = row.text(2), month = row.text(3)
            // The key's count says whether any of its calls is left; unknown (an older key) or
            // more than deleted: look for them.
            let othersLeft = row.isNull(4) || row.int64(4) > deletedPerKey[keyID, default: 0]
            fingerprints.append(HexBytes.encode(SHA256.hash(data: wrapped).prefix(16)))
            // A call is sealed under the key of its start's UTC month (StoreKeyring.month(ofMs:)),
            // so the key's other calls are among that month's, found through the start index.
            guard let months = CalendarMonth(utc: month) else { throw StoreEncryptionError.dataKeyUnavailable(keyID: keyID) }
            let remaining = try database.prepare("""
                SELECT id, sealed FROM calls WHERE start_ms >= ? AND start_ms < ? AND data_key_id = ? ORDER BY id
                """)
            remaining.bind(1, months.startMs)
            remaining.bind(2, months.endMs)
            remaining.bind(3, keyID)
            var survivors: [(Int64, [String])] = []
            while othersLeft, try remaining.step() {
                let id = remaining.int64(0)
                survivors.append((id, try remaining.blob(1).withUnsafeBytes {
                    try keyring.openCall($0, keyID: keyID, rowID: id, database: database)
                }))
            }
            let destroy = try database.prepare(
                "UPDATE data_keys SET wrapped = NULL, destroyed_ms = ?, fingerprint = ? WHERE id = ?")
            destroy.bind(1, nowMs)
            destroy.bind(2, fingerprints[fingerprints.count - 1])
            destroy.bind(3, keyID)
            try destroy.run()
            guard !survivors.isEmpty else { continue }
            let newID = (try database.scalarInt("SELECT coalesce(max(id), 0) + 1 FROM data_keys")) ?? 1
            let newKey = SymmetricKey(size: .bits256)
            let create = try database.prepare("""
                INSERT INTO data_keys(id, subject, category, month, wrapped, created_ms, calls) VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            create.bind(1, newID)
            create.bind(2, bytes: subject)
            create.bind(3, category)
            create.bind(4, month)
            create.bind(5, bytes: try keyring.wrap(newKey, id: newID))
            create.bind(6, nowMs)
            create.bind(7, Int64(survivors.count))
            try create.run()
            for (id, fields) in survivors {
                try store.update(callID: id, fields: fields, keyID: newID, key: newKey, keyring: keyring)
            }
            rekeyed += survivors.count
        }
        // A new key epoch: the live keys are re-wrapped under it; the old epoch's secret is
        // deleted from the epoch file once this is committed (checkpointAndTruncateWAL, next open).
        let file = KeyEpochFile(kek: keyring.kek)
        var epochs = try file.read()
        let epoch = max(epochs.keys.max() ?? 0, keyring.epoch) + 1
        let secret = SymmetricKey(size: .bits256)
        epochs[epoch] = secret
        try file.write(epochs)
        let wrapKey = StoreKeyring.deriveWrapKey(kek: keyring.kek, epochSecret: secret)
        _ = try store.rewrapLiveKeys(keyring: keyring, under: wrapKey)
        try StoreKeyring.writeMeta(database, StoreKeyring.Meta.epoch, Array(String(epoch).utf8))
        keyring.beginEpoch(epoch, wrapKey: wrapKey, level: level)
        return ShredOutcome(deletedCalls: deleted, destroyedKeyFingerprints: fingerprints, rekeyedCalls: rekeyed)
    }
}

extension CallStore {
    /// Copies the WAL into the database and truncates it to zero bytes, with `secure_delete` on,
    /// so that deleted rows and destroyed keys leave no copy in the WAL; in an encrypted store it
    /// also deletes key epochs older than the store's from the epoch file. Call it after the
    /// transaction of a shred has committed.
    public func checkpointAndTruncateWAL() throws {
        try database.execute("PRAGMA secure_delete = ON")
        _ = try database.scalarInt("PRAGMA wal_checkpoint(TRUNCATE)")
        guard let keyring else { return }
        let meta = try StoreKeyring.readMeta(database)
        guard let bytes = meta[StoreKeyring.Meta.epoch], let epoch = Int64(String(decoding: bytes, as: UTF8.self)) else { return }
        let file = KeyEpochFile(kek: keyring.kek)
        let epochs = try file.read()
        if epochs[epoch] != nil, epochs.keys.contains(where: { $0 < epoch }) {
            try file.write(epochs.filter { $0.key >= epoch })
        }
    }
}

/// A UTC calendar month `YYYY-MM` as a half-open range of instants (ms).
struct CalendarMonth {
    /// The first instant of the month.
    let startMs: Int64
    /// The first instant of the next month.
    let endMs: Int64

    /// Parses `YYYY-MM`; `nil` for anything else.
    init?(utc text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int64(parts[0]), let month = Int64(parts[1]),
              (1...12).contains(month) else { return nil }
        startMs = Self.daysFromCivil(year: year, month: month) * 86_400_000
        endMs = (month == 12 ? Self.daysFromCivil(year: year + 1, month: 1) : Self.daysFromCivil(year: year, month: month + 1))
            * 86_400_000
    }

    /// Days since 1970-01-01 of the first day of a month (proleptic Gregorian).
    static func daysFromCivil(year: Int64, month: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
