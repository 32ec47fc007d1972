import TollbookCore

extension StoredReject {
    /// The SELECT of quarantined spans, oldest first; without `rawBytes` the columns that may hold
    /// phone numbers (`raw`, `conflict_raw`) are not read at all.
    /// With `sealed` (an encrypted store), the sealed raw bytes and their data key follow (13, 14).
    static func selectSQL(rawBytes: Bool, sealed: Bool = false) -> String {
        """
        SELECT r.id, s.name, r.file_name, r.file_sha256, r.source_offset, r.reason, r.field, r.message,
               \(rawBytes ? "r.raw" : "NULL"), r.created_ms, r.import_id, r.conflict_call_id,
               \(rawBytes ? "r.conflict_raw" : "NULL")\(sealed ? ", " + (rawBytes ? "r.sealed_raw" : "NULL") + ", r.data_key_id" : "")
        FROM rejects r JOIN sources s ON s.id = r.source_id
        ORDER BY r.id
        """
    }

    /// The span of the current row of a statement of ``selectSQL(rawBytes:)`` (a `NULL` raw column
    /// reads as empty bytes).
    init(row statement: SQLiteStatement) {
        let reject = QuarantinedInput(
            reason: RejectReason(rawValue: statement.text(5)) ?? .other,
            sourceOffset: UInt64(max(0, statement.int64(4))), raw: statement.blob(8), field: statement.text(6),
            message: statement.text(7))
        self.init(
            id: statement.int64(0), source: statement.text(1), fileName: statement.text(2),
            fileSHA256: statement.text(3), reject: reject, createdMs: statement.int64(9),
            importID: statement.int64OrNil(10), conflictCallID: statement.int64OrNil(11),
            conflictRaw: statement.isNull(12) ? nil : statement.blob(12))
    }
}

extension StoredReject {
    /// Puts the opened raw bytes of a sealed reject (columns 13, 14 of ``selectSQL(rawBytes:sealed:)``) into this span.
    mutating func openSealedRaw(_ statement: SQLiteStatement, keyring: StoreKeyring, database: SQLiteDatabase) throws {
        guard !statement.isNull(13) else { return }
        let key = try keyring.readKey(id: statement.int64(14), database: database)
        let data = try statement.blob(13).withUnsafeBytes {
            try keyring.open($0, key: key, table: "rejects", column: "raw", rowID: id)
        }
        let fields: [[UInt8]]? = data.withUnsafeBytes { bytes in
            StoreKeyring.unpack(bytes).map { ranges in ranges.map { Array(bytes[$0]) } }
        }
        guard let fields, fields.count == 3 else { throw StoreEncryptionError.decryptionFailed(table: "rejects", rowID: id) }
        reject.raw = fields[0]
        conflictRaw = fields[2].isEmpty ? nil : fields[1]
    }
}

extension QueryConnection {
    /// Calls `body` with every quarantined span, oldest first; without `rawBytes`, the raw bytes
    /// (which may hold phone numbers) are not read at all: `raw` is empty and `conflictRaw` nil.
    public func forEachQuarantinedSpan(rawBytes: Bool, _ body: (StoredReject) throws -> Void) throws {
        if callDataLocked { throw StoreEncryptionError.callDataLocked(path: database.path) }
        let statement = try prepare(StoredReject.selectSQL(rawBytes: rawBytes, sealed: keyring != nil))
        while try statement.step() {
            var reject = StoredReject(row: statement)
            if let keyring { try reject.openSealedRaw(statement, keyring: keyring, database: database) }
            try body(reject)
        }
    }
}
