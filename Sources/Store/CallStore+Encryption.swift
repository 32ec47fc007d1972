import Crypto
import Foundation
import TollbookCore

/// A leg's sealed fields, ready to bind: the blob, its data key and the blind index.
struct SealedRow {
    /// The columns an encrypted INSERT appends (after the call and pricing columns).
    static let columns = ["id", "sealed", "data_key_id", "remote_bidx"]
    /// The plaintext columns whose values are in the sealed blob (bound NULL).
    static let plainCallColumns: [CallColumn] = [.calling, .called, .originalCalled, .connected, .redirecting, .remote, .extra]
    /// The pricing columns whose values are in the sealed blob (bound NULL).
    static let plainPricingColumns: [PricingColumn] = [.remoteE164, .localE164] + PricingColumn.partyNumbers

    var sealed: [UInt8]
    var keyID: Int64
    var blindIndex: Int64?
}

/// What an encrypted store says about its keys (`tollbook keys status`).
public struct StoreEncryptionStatus: Sendable, Equatable {
    /// Whether the store is encrypted at rest.
    public var encrypted: Bool
    /// Data keys in use.
    public var liveDataKeys: Int
    /// Data keys destroyed by crypto-shredding.
    public var destroyedDataKeys: Int
    /// Fingerprint of the KEK the store was opened with (`nil` for a plaintext store).
    public var kekFingerprint: String?
    /// The store's key epoch (0 for a plaintext store).
    public var keyEpoch: Int64
}

extension CallStore {
    /// A preparer of batches for this store's sealing (``PreparedSeals``), to run on the thread
    /// that parses, ahead of ``insert(_:sourceID:importID:ratedMs:seals:)``; `nil` for a
    /// plaintext store.
    public func sealPreparer() throws -> SealPreparer? {
        guard let keyring else { return nil }
        return try SealPreparer(indexKey: keyring.indexKey)
    }

    /// Seals prepared leg `index` under its (subject, category, month) data key, bound to row `id`;
    /// `keys` holds the batch's keys by slot, each looked up once.
    func seal(_ seals: PreparedSeals, row index: Int, keys: inout [LiveDataKey?], sourceID: Int64, id: Int64, nowMs: Int64,
              keyring: StoreKeyring) throws -> SealedRow {
        let row = seals.rows[index]
        return try seals.bytes.withUnsafeBytes { arena in
            let dataKey: LiveDataKey
            if let known = keys[Int(row.slot)] {
                dataKey = known
            } else {
                let slot = seals.slots[Int(row.slot)]
                keyring.writeKeyName.removeAll(keepingCapacity: true)
                keyring.writeKeyName.append(contentsOf: arena[Int(slot.start)..<Int(slot.subjectEnd)])
                if slot.siteSubject { keyring.writeKeyName.append(contentsOf: try sourceName(id: sourceID, keyring: keyring).utf8) }
                keyring.writeKeyName.append(contentsOf: arena[Int(slot.subjectEnd)..<Int(slot.end)])
                dataKey = try keyring.writeKeyForName(database: database, nowMs: nowMs)
                keys[Int(row.slot)] = dataKey
            }
            let sealed = try keyring.seal(UnsafeRawBufferPointer(rebasing: arena[Int(row.start)..<Int(row.end)]),
                                          cipher: dataKey.cipher, table: "calls", column: "sealed", rowID: id)
            return SealedRow(sealed: sealed, keyID: dataKey.id, blindIndex: row.hasBlindIndex ? row.blindIndex : nil)
        }
    }

    /// Adds a batch's stored calls to their data keys' counts (`data_keys.calls`).
    func countSealedCalls(_ counts: [Int64], keys: [LiveDataKey?]) throws {
        let update = try database.prepare("UPDATE data_keys SET calls = calls + ? WHERE id = ?")
        for (count, key) in zip(counts, keys) where count > 0 {
            guard let key else { continue }
            update.reset()
            update.bind(1, count)
            update.bind(2, key.id)
            try update.run()
        }
    }

    /// The category a row's data key is kept under.
    static func category(of row: CallBatch.Row) -> String {
        row.category.rawValue
    }

    /// A source's name (cached), for subjects `site:<source>`.
    func sourceName(id: Int64, keyring: StoreKeyring) throws -> String {
        if let name = keyring.sourceNames[id] { return name }
        let select = try database.prepare("SELECT name FROM sources WHERE id = ?")
        select.bind(1, id)
        let name = try select.step() ? select.text(0) : String(id)
        keyring.sourceNames[id] = name
        return name
    }

    /// Binds a sealed row: NULL for the plaintext columns it replaces, then id, blob, key, index.
    func bind(_ sealing: SealedRow, id: Int64, priced: Bool, to statement: SQLiteStatement) {
        for column in SealedRow.plainCallColumns { statement.bindNull(column.rawValue) }
        var next = CallColumn.count + 1
        if priced {
            for column in SealedRow.plainPricingColumns { statement.bindNull(next + column.rawValue) }
            next += PricingColumn.count
        }
        statement.bind(next, id)
        // The blob stays in `sealing` (the keyring's buffer) until the statement has run.
        sealing.sealed.withUnsafeBytes { statement.bind(next + 1, borrowingBlob: $0) }
        statement.bind(next + 2, sealing.keyID)
        statement.bind(next + 3, sealing.blindIndex)
    }

    /// Puts the opened fields of a sealed call into `stored`.
    static func apply(_ fields: [String], packedCategories: Int64, to stored: inout StoredCall) {
        typealias F = SealedCallField
        stored.call.parties.calling = fields[F.calling.rawValue]
        stored.call.parties.called = fields[F.called.rawValue]
        stored.call.parties.originalCalled = fields[F.originalCalled.rawValue]
        stored.call.parties.connected = fields[F.connected.rawValue]
        stored.call.parties.redirecting = fields[F.redirecting.rawValue]
        stored.call.parties.remote = fields[F.remote.rawValue]
        stored.call.extra = VendorFieldsJSON.decode(fields[F.extra.rawValue])
        if var pricing = stored.call.pricing {
            pricing.remoteE164 = fields[F.remoteE164.rawValue]
            pricing.localE164 = fields[F.localE164.rawValue]
            pricing.numbers = PartyNumberStorage.load(
                packed: packedCategories, own: Array(fields[F.callingE164.rawValue...F.redirectingE164.rawValue]),
                remoteE164: pricing.remoteE164, localE164: pricing.localE164)
            stored.call.pricing = pricing
        }
    }

    /// Re-seals a leg after re-rating changed its E.164 numbers (encrypted stores).
    func resealPricing(callID: Int64, pricing: CallPricing, keyring: StoreKeyring) throws {
        let select = try database.prepare("SELECT sealed, data_key_id FROM calls WHERE id = ?")
        select.bind(1, callID)
        guard try select.step(), !select.isNull(0) else { return }
        let keyID = select.int64(1)
        var fields = try select.blob(0).withUnsafeBytes { try keyring.openCall($0, keyID: keyID, rowID: callID, database: database) }
        let stored = PartyNumberStorage.store(pricing.numbers, remoteE164: pricing.remoteE164, localE164: pricing.localE164)
        fields[SealedCallField.remoteE164.rawValue] = pricing.remoteE164
        fields[SealedCallField.localE164.rawValue] = pricing.localE164
        for (offset, value) in stored.own.enumerated() { fields[SealedCallField.callingE164.rawValue + offset] = value }
        let key = try keyring.readKey(id: keyID, database: database)
        try update(callID: callID, fields: fields, keyID: keyID, key: key, keyring: keyring)
    }

    /// Writes a leg's sealed fields (and blind index) under `key`.
    func update(callID: Int64, fields: [String], keyID: Int64, key: SymmetricKey, keyring: StoreKeyring) throws {
        keyring.pack(fields.map { Array($0.utf8) })
        let sealed = try keyring.seal(keyring.plaintext, key: key, table: "calls", column: "sealed", rowID: callID)
        let remote = fields[SealedCallField.remoteE164.rawValue].isEmpty
            ? fields[SealedCallField.remote.rawValue] : fields[SealedCallField.remoteE164.rawValue]
        let update = try database.prepare("UPDATE calls SET sealed = ?, data_key_id = ?, remote_bidx = ? WHERE id = ?")
        update.bind(1, bytes: sealed)
        update.bind(2, keyID)
        update.bind(3, remote.isEmpty ? nil : try keyring.blindIndex(remote))
        update.bind(4, callID)
        try update.run()
    }

    // MARK: Lookups, status, rotation

    /// The ids of the legs whose remote number is `number` (E.164 as stored, or the raw remote
    /// number when the leg has no E.164 form). An encrypted store looks it up through the keyed
    /// blind index, never a plaintext column; a plaintext store compares the columns.
    public func callIDs(withRemoteNumber number: String) throws -> [Int64] {
        try checkCallDataUnlocked()
        let select: SQLiteStatement
        if let keyring {
            select = try database.prepare("SELECT id FROM calls WHERE remote_bidx = ? ORDER BY id")
            select.bind(1, try keyring.blindIndex(number))
        } else {
            select = try database.prepare(
                "SELECT id FROM calls WHERE remote_e164 = ?1 OR (coalesce(remote_e164, '') = '' AND remote = ?1) ORDER BY id")
            select.bind(1, number)
        }
        var ids: [Int64] = []
        while try select.step() { ids.append(select.int64(0)) }
        return ids
    }

    /// What the store says about its encryption.
    public func encryptionStatus() throws -> StoreEncryptionStatus {
        guard isEncrypted else {
            return StoreEncryptionStatus(encrypted: false, liveDataKeys: 0, destroyedDataKeys: 0, kekFingerprint: nil, keyEpoch: 0)
        }
        let live = Int(try database.scalarInt("SELECT count(*) FROM data_keys WHERE destroyed_ms IS NULL") ?? 0)
        let destroyed = Int(try database.scalarInt("SELECT count(*) FROM data_keys WHERE destroyed_ms IS NOT NULL") ?? 0)
        return StoreEncryptionStatus(encrypted: true, liveDataKeys: live, destroyedDataKeys: destroyed,
                                     kekFingerprint: keyring?.kek.fingerprint, keyEpoch: keyring?.epoch ?? 0)
    }

    /// Re-wraps every live data key and the store's index and pseudonym keys under `newKEK`, in
    /// one transaction; afterwards only `newKEK` opens the store and the old key file (and its
    /// `.epochs` file) can be removed.
    /// - Returns: how many data keys were re-wrapped.
    /// - Throws: ``StoreEncryptionError/keyRequired(path:)`` for a plaintext store.
    @discardableResult
    public func rotateKeyEncryptionKey(to newKEK: KeyEncryptionKey) throws -> Int {
        guard let keyring else { throw StoreEncryptionError.keyRequired(path: database.path) }
        let file = KeyEpochFile(kek: newKEK)
        var epochs = try file.read()
        let epoch = max(epochs.keys.max() ?? 0, keyring.epoch) + 1
        let secret = SymmetricKey(size: .bits256)
        epochs[epoch] = secret
        try file.write(epochs)
        let wrapKey = StoreKeyring.deriveWrapKey(kek: newKEK, epochSecret: secret)
        let count = try write { _ in
            let count = try rewrapLiveKeys(keyring: keyring, under: wrapKey)
            try StoreKeyring.writeMeta(database, StoreKeyring.Meta.check, newKEK.checkValue)
            try StoreKeyring.writeMeta(database, StoreKeyring.Meta.indexKey,
                                       try StoreKeyring.wrapMeta(keyring.indexKey, name: StoreKeyring.Meta.indexKey, kek: newKEK))
            try StoreKeyring.writeMeta(database, StoreKeyring.Meta.subjectKey,
                                       try StoreKeyring.wrapMeta(keyring.subjectKey, name: StoreKeyring.Meta.subjectKey, kek: newKEK))
            try StoreKeyring.writeMeta(database, StoreKeyring.Meta.epoch, Array(String(epoch).utf8))
            if let journal = try StoreKeyring.readMeta(database)[StoreKeyring.Meta.journalKey] {
                let key = try StoreKeyring.unwrapMeta(journal, name: StoreKeyring.Meta.journalKey, kek: keyring.kek, path: database.path)
                try StoreKeyring.writeMeta(database, StoreKeyring.Meta.journalKey,
                                           try StoreKeyring.wrapMeta(key, name: StoreKeyring.Meta.journalKey, kek: newKEK))
            }
            return count
        }
        self.keyring = try StoreKeyring.unlock(database, path: database.path, kek: newKEK)
        return count
    }

    /// Re-wraps every live data key under `wrapKey` (inside the caller's transaction).
    func rewrapLiveKeys(keyring: StoreKeyring, under wrapKey: SymmetricKey) throws -> Int {
        let select = try database.prepare("SELECT id, wrapped FROM data_keys WHERE destroyed_ms IS NULL")
        var rewrapped: [(Int64, [UInt8])] = []
        while try select.step() {
            let id = select.int64(0)
            let key = try keyring.unwrap(select.blob(1), id: id)
            rewrapped.append((id, try keyring.wrap(key, id: id, under: wrapKey)))
        }
        let update = try database.prepare("UPDATE data_keys SET wrapped = ? WHERE id = ?")
        for (id, wrapped) in rewrapped {
            update.reset()
            update.bind(1, bytes: wrapped)
            update.bind(2, id)
            try update.run()
        }
        return rewrapped.count
    }
}

extension CallStore {
    /// Quarantines a reject in an encrypted store: its raw bytes (and a conflict's stored bytes)
    /// are sealed under the data key of subject `rejects:<source>` for the month, bound to the
    /// reject's row id (`rejects|raw|<id>`); `raw` itself stays empty.
    func insertSealed(_ reject: QuarantinedInput, sourceID: Int64, importID: Int64?, fileSHA256: String, fileName: String,
                      nowMs: Int64, conflictCallID: Int64?, conflictRaw: [UInt8]?, keyring: StoreKeyring) throws -> Bool {
        let id = (try database.scalarInt("SELECT coalesce(max(id), 0) + 1 FROM rejects")) ?? 1
        let dataKey = try keyring.writeKey(subject: "rejects:" + (try sourceName(id: sourceID, keyring: keyring)), category: "business",
                                           month: keyring.month(ofMs: nowMs), database: database, nowMs: nowMs)
        keyring.pack([reject.raw, conflictRaw ?? [], conflictRaw == nil ? [] : [1]])
        let sealed = try keyring.seal(keyring.plaintext, key: dataKey.key, table: "rejects", column: "raw", rowID: id)
        let statement = try database.prepare("""
            INSERT INTO rejects(source_id, file_sha256, file_name, source_offset, reason, field, message, raw,
                                created_ms, import_id, conflict_call_id, conflict_raw, id, sealed_raw, data_key_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)
            ON CONFLICT(source_id, file_sha256, source_offset) DO NOTHING
            """)
        statement.bind(1, sourceID)
        statement.bind(2, fileSHA256)
        statement.bind(3, fileName)
        statement.bind(4, Int64(reject.sourceOffset))
        statement.bind(5, reject.reason.rawValue)
        statement.bindNullIfEmpty(6, reject.field)
        statement.bind(7, reject.message)
        statement.bind(8, bytes: [])
        statement.bind(9, nowMs)
        statement.bind(10, importID)
        statement.bind(11, conflictCallID)
        statement.bind(12, id)
        statement.bind(13, bytes: sealed)
        statement.bind(14, dataKey.id)
        try statement.run()
        return database.changes > 0
    }
}
