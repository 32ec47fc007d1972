internal import CSQLite
import Foundation

/// SQLITE_TRANSIENT: SQLite copies bound text before the bind call returns.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A prepared statement. Bind with 1-based indexes, read columns with 0-based indexes.
///
/// Every bind's result code is checked: a bind that SQLite refuses (an index out of range, text
/// too big, no memory) is recorded and thrown by the next ``step()`` or ``run()`` as
/// ``StoreError/bindFailed(parameter:code:message:)``, so a statement never runs with a value
/// silently missing. (Binds stay non-throwing because the ingest hot path binds ~50 values per
/// row; checking the code is one comparison.) Error descriptions never contain bound values:
/// they may be personal data.
///
/// Internal to `Store`: other modules use the store's typed API, never SQL.
final class SQLiteStatement {
    private let statement: OpaquePointer
    private unowned let database: SQLiteDatabase
    /// Bit `i - 1` is set while parameter `i` (1…64) is bound to NULL, so binding NULL again is
    /// skipped: a bulk insert rebinds the same absent columns row after row. Parameters start
    /// NULL; higher parameters are always bound.
    private var nullParameters: UInt64 = ~0
    /// Bit `i - 1` is set while parameter `i` (1…64) is bound to the integer `integers[i - 1]`,
    /// so binding the same integer again is skipped (the source, the import, the rating time and
    /// many codes repeat from row to row).
    private var integerParameters: UInt64 = 0
    /// 64 integers (raw memory rather than an array: no exclusivity checks per bind).
    private let integers: UnsafeMutablePointer<Int64>
    /// The first bind SQLite refused since the last step or reset, thrown by the next ``step()``.
    private var bindFailure: StoreError?

    init(database: SQLiteDatabase, sql: String) throws {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(database.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw StoreError.sqlite(code: code, message: database.errorMessage(), context: "preparing a statement")
        }
        self.statement = statement
        self.database = database
        integers = .allocate(capacity: 64)
        integers.initialize(repeating: 0, count: 64)
    }

    deinit {
        sqlite3_finalize(statement)
        integers.deallocate()
    }

    /// Binds text (copied by SQLite).
    func bind(_ index: Int32, _ value: String) {
        markBound(index)
        var value = value
        value.withUTF8 { buffer in
            guard let base = buffer.baseAddress else {
                check(sqlite3_bind_text(statement, index, "", 0, transient), index)
                return
            }
            let pointer = UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
            check(sqlite3_bind_text(statement, index, pointer, Int32(buffer.count), transient), index)
        }
    }

    /// Binds UTF-8 bytes as text (copied by SQLite).
    func bind(_ index: Int32, utf8 bytes: [UInt8]) {
        markBound(index)
        bytes.withUnsafeBytes { buffer in
            let pointer = buffer.baseAddress?.assumingMemoryBound(to: CChar.self)
            check(sqlite3_bind_text(statement, index, pointer ?? UnsafePointer(bitPattern: 1), Int32(buffer.count), transient),
                  index)
        }
    }

    /// Binds UTF-8 bytes as text without copying them, or NULL when empty. The bytes must stay
    /// valid and unchanged until the statement has run and been reset.
    func bindNullIfEmpty(_ index: Int32, borrowing bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty, let base = bytes.baseAddress else {
            bindNull(index)
            return
        }
        markBound(index)
        check(sqlite3_bind_text(statement, index, base.assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil), index)
    }

    /// Binds UTF-8 bytes as text without copying them (an empty string when empty). The bytes must
    /// stay valid and unchanged until the statement has run and been reset.
    func bind(_ index: Int32, borrowing bytes: UnsafeRawBufferPointer) {
        markBound(index)
        guard !bytes.isEmpty, let base = bytes.baseAddress else {
            check(sqlite3_bind_text(statement, index, "", 0, nil), index)
            return
        }
        check(sqlite3_bind_text(statement, index, base.assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil), index)
    }

    /// Binds text, or NULL for an empty string.
    func bindNullIfEmpty(_ index: Int32, _ value: String) {
        if value.isEmpty { bindNull(index) } else { bind(index, value) }
    }

    /// Binds an integer.
    func bind(_ index: Int32, _ value: Int64) {
        if index >= 1 && index <= 64 {
            let bit: UInt64 = 1 << UInt64(index - 1)
            let slot = Int(index - 1)
            if integerParameters & bit != 0 && integers[slot] == value { return }
            nullParameters &= ~bit
            integerParameters |= bit
            integers[slot] = value
        }
        check(sqlite3_bind_int64(statement, index, value), index)
    }

    /// Binds an integer or NULL.
    func bind(_ index: Int32, _ value: Int64?) {
        if let value { bind(index, value) } else { bindNull(index) }
    }

    /// Binds a blob (copied by SQLite).
    func bind(_ index: Int32, bytes: [UInt8]) {
        markBound(index)
        bytes.withUnsafeBytes { buffer in
            check(sqlite3_bind_blob(statement, index, buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(buffer.count),
                                    transient), index)
        }
    }

    /// Binds a blob without copying it. The bytes must stay valid and unchanged until the
    /// statement has run and been reset.
    func bind(_ index: Int32, borrowingBlob bytes: UnsafeRawBufferPointer) {
        markBound(index)
        check(sqlite3_bind_blob(statement, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(bytes.count), nil),
              index)
    }

    /// Binds a blob from `Data` (copied by SQLite).
    func bind(_ index: Int32, data: Data) {
        markBound(index)
        data.withUnsafeBytes { buffer in
            check(sqlite3_bind_blob(statement, index, buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(buffer.count),
                                    transient), index)
        }
    }

    /// Binds NULL.
    func bindNull(_ index: Int32) {
        if index >= 1 && index <= 64 {
            let bit: UInt64 = 1 << UInt64(index - 1)
            if nullParameters & bit != 0 { return }
            nullParameters |= bit
            integerParameters &= ~bit
        }
        check(sqlite3_bind_null(statement, index), index)
    }

    /// Checks a bind's result code: one comparison on the hot path, the rest out of line.
    @inline(__always)
    private func check(_ code: Int32, _ index: Int32) {
        if _slowPath(code != SQLITE_OK) { recordBindFailure(code, index) }
    }

    /// Records a bind SQLite refused (the first one until the next step or reset) and forgets what
    /// the parameter was thought to hold, so that the next bind of it really binds.
    @inline(never)
    private func recordBindFailure(_ code: Int32, _ index: Int32) {
        if index >= 1 && index <= 64 {
            let bit: UInt64 = 1 << UInt64(index - 1)
            nullParameters &= ~bit
            integerParameters &= ~bit
        }
        if bindFailure == nil {
            bindFailure = .bindFailed(parameter: index, code: code, message: database.describe(code, String(cString: sqlite3_errstr(code))))
        }
    }

    /// Notes that parameter `index` is about to be bound to a value.
    @inline(__always)
    private func markBound(_ index: Int32) {
        if index >= 1 && index <= 64 {
            let bit: UInt64 = 1 << UInt64(index - 1)
            nullParameters &= ~bit
            integerParameters &= ~bit
        }
    }

    /// Runs the statement one step. Returns `true` when a row is available, `false` when done.
    @discardableResult
    func step() throws -> Bool {
        if _slowPath(bindFailure != nil) { try throwBindFailure() }
        let code = sqlite3_step(statement)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            throw StoreError.sqlite(code: code, message: database.errorMessage(), context: "running a statement")
        }
    }

    /// Throws the recorded bind failure once (the statement does not run).
    @inline(never)
    private func throwBindFailure() throws {
        guard let failure = bindFailure else { return }
        bindFailure = nil
        throw failure
    }

    /// Resets the statement for the next execution and clears its bindings.
    func reset() {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        nullParameters = ~0
        integerParameters = 0
        bindFailure = nil
    }

    /// Runs the statement to completion, then resets it. Bindings are kept: callers rebind every
    /// parameter before the next run.
    func run() throws {
        defer { sqlite3_reset(statement) }
        while try step() {}
    }

    /// Integer column (0 for NULL).
    func int64(_ column: Int32) -> Int64 {
        sqlite3_column_int64(statement, column)
    }

    /// Whether the column is NULL.
    func isNull(_ column: Int32) -> Bool {
        sqlite3_column_type(statement, column) == SQLITE_NULL
    }

    /// Integer column, `nil` for NULL.
    func int64OrNil(_ column: Int32) -> Int64? {
        sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : sqlite3_column_int64(statement, column)
    }

    /// Text column ("" for NULL).
    func text(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(statement, column) else { return "" }
        let count = Int(sqlite3_column_bytes(statement, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// Blob column (empty for NULL).
    func blob(_ column: Int32) -> [UInt8] {
        guard let pointer = sqlite3_column_blob(statement, column) else { return [] }
        let count = Int(sqlite3_column_bytes(statement, column))
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}
