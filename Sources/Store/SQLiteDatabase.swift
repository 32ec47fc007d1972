internal import CSQLite

/// One connection to an SQLite database file.
///
/// Not thread-safe: one connection is used by one task at a time. Internal to `Store`: other
/// modules use the typed API of ``CallStore`` (and ``StoreTransaction`` for writes), never SQL.
final class SQLiteDatabase {
    let handle: OpaquePointer
    /// The path of the database file.
    let path: String
    /// Whether the connection was opened read-only (a write-protected store).
    let isReadOnly: Bool

    /// Opens (and creates, if missing) the database file at `path`; with `readOnly`, opens an
    /// existing file for reading only (it may be write-protected).
    /// - Throws: ``StoreError/cannotOpen(path:message:)``.
    init(path: String, readOnly: Bool = false) throws {
        isReadOnly = readOnly
        _ = Self.configureLibrary
        var db: OpaquePointer?
        let flags = readOnly ? SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &db, flags, nil)
        guard code == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let db { sqlite3_close_v2(db) }
            throw StoreError.cannotOpen(path: path, message: message)
        }
        self.handle = db
        self.path = path
        sqlite3_busy_timeout(db, Self.busyTimeoutMs)
        sqlite3_extended_result_codes(db, 1)
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Process-wide SQLite settings, applied once before the first connection opens.
    private static let configureLibrary: Void = {
        _ = tollbook_sqlite3_disable_memstatus()
    }()

    /// How long a statement waits for another connection's lock before it fails.
    static let busyTimeoutMs: Int32 = 5000

    /// Runs `body` with lock waits of at most `milliseconds` (0: fail at once when busy).
    func withBusyTimeout<T>(milliseconds: Int32, _ body: () throws -> T) rethrows -> T {
        sqlite3_busy_timeout(handle, milliseconds)
        defer { sqlite3_busy_timeout(handle, Self.busyTimeoutMs) }
        return try body()
    }

    /// Runs one or more SQL statements that return no rows.
    func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &error)
        if code != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_free(error)
            throw StoreError.sqlite(code: code, message: describe(code, message), context: "executing a statement")
        }
    }

    /// Compiles a statement for repeated use.
    func prepare(_ sql: String) throws -> SQLiteStatement {
        try SQLiteStatement(database: self, sql: sql)
    }

    /// Runs `body` inside one transaction: committed when it returns, rolled back when it throws.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Number of rows changed by the last INSERT, UPDATE or DELETE.
    var changes: Int { Int(sqlite3_changes(handle)) }

    /// The rowid of the last inserted row.
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// The first column of the first row of a query, as an integer (or `nil` for no row / NULL).
    func scalarInt(_ sql: String) throws -> Int64? {
        let statement = try prepare(sql)
        guard try statement.step() else { return nil }
        return statement.int64OrNil(0)
    }

    /// The first column of the first row of a query, as text (or `nil` for no row).
    func scalarText(_ sql: String) throws -> String? {
        let statement = try prepare(sql)
        guard try statement.step() else { return nil }
        return statement.text(0)
    }

    func errorMessage() -> String {
        describe(sqlite3_extended_errcode(handle), String(cString: sqlite3_errmsg(handle)))
    }

    /// SQLite's message prefixed with the database file and, for the errors an admin must act on
    /// (a full disk, a damaged or foreign file, an I/O error, a read-only file), what they mean.
    func describe(_ code: Int32, _ message: String) -> String {
        let meaning: String
        switch code & 0xFF {
        case SQLITE_FULL: meaning = "disk full"
        case SQLITE_CORRUPT: meaning = "the database file is damaged (malformed); restore it from a backup"
        case SQLITE_NOTADB: meaning = "not a Tollbook database (file is not a database)"
        case SQLITE_IOERR: meaning = "disk I/O error"
        case SQLITE_READONLY: meaning = "the database file is read-only"
        case SQLITE_CANTOPEN: meaning = "cannot open the database file"
        case SQLITE_BUSY, SQLITE_LOCKED: meaning = "the database is locked by another process"
        default: return "\(path): \(message)"
        }
        return "\(path): \(meaning) (SQLite: \(message))"
    }
}
