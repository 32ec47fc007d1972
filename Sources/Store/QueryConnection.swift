internal import CSQLite

/// Why a query connection refused a statement: SQLite's authorizer denied it while compiling.
///
/// Descriptions name tables, columns and actions only, never values.
public enum QueryConnectionError: Error, CustomStringConvertible, Equatable {
    /// The statement reads a table or column the query layer may not read.
    case readDenied(table: String, column: String)
    /// The statement would change something (insert, update, delete, create, pragma, attach, …).
    case writeDenied(action: String)
    /// The database file was not migrated far enough for the query layer (run any command that
    /// writes, e.g. `tollbook import`, or open it once with a newer tollbook).
    case schemaTooOld(path: String, found: Int, needed: Int)

    /// A message for the admin.
    public var description: String {
        switch self {
        case let .readDenied(table, column):
            return "the query connection may not read \(table)\(column.isEmpty ? "" : "." + column) (denied by the authorizer)"
        case let .writeDenied(action):
            return "the query connection is read-only: \(action) denied by the authorizer"
        case let .schemaTooOld(path, found, needed):
            return "database \(path) has schema version \(found); the query layer needs \(needed) or later"
        }
    }
}

/// What a query connection may read: tables, each with every column or a list of columns.
public struct ReadableTables: Sendable, Equatable {
    /// Columns per table; `nil` means every column of the table.
    public var columns: [String: Set<String>?]

    /// Creates a policy from columns per table (`nil`: every column).
    public init(_ columns: [String: Set<String>?]) {
        self.columns = columns
    }

    /// Whether `column` of `table` may be read (an empty column: the table as a whole, e.g. `count(*)`).
    public func allows(table: String, column: String) -> Bool {
        guard let entry = columns[table] else { return false }
        guard let allowed = entry, !column.isEmpty else { return true }
        return allowed.contains(column)
    }

    /// What the query layer reads: calls and their lookups, rejects, the org chart and the allocation view. Not the import
    /// log, the ingest positions, the users, tokens or audit tables, or anything added later.
    public static let queryLayer = ReadableTables([
        "calls": nil,
        // The allocation view (SQLite checks the view's columns and then the tables it reads).
        "call_allocations": nil,
        "sources": ["id", "name", "connector"],
        "pricing_keys": nil,
        "number_categories": nil,
        "rejects": nil,
        "org_nodes": nil,
        "participants": ["id", "name", "email", "employee_id", "person_group", "external_id", "ended_ms"],
        "participant_placements": nil,
        "classifiers": nil,
        "classifier_assignments": nil,
        // k-safe sums of expired or erased detail (no participant, no number), for cost reports.
        "retained_sums": nil,
        // Approved four-eyes unlocks of the reader (privacy P9), resolved once per query; not the purpose.
        "unlocks": ["id", "requester_id", "requester", "subject_participant_id", "from_ms", "to_ms", "fields", "created_ms",
                    "status", "decided_by", "decided_ms", "expires_ms", "revoked_by", "revoked_ms"],
        // Wrapped data keys, to open sealed calls of an encrypted store (useless without the KEK).
        "data_keys": ["id", "wrapped", "destroyed_ms"],
        // KPI roll-ups (docs/rollups.md): sums per hunt group, trunk, site and enterprise; not the caller-key secret.
        "rollup_days": nil,
        "rollup_entities": nil,
        "rollup_dirty": nil,
        "rollup_meta": ["id", "fingerprint", "retained_before_ms", "refreshed_ms"],
        "rollup_kept": nil,
    ])
}

/// The authorizer's state: the policy and the first denial of the statement being compiled.
/// One per connection; used only while that connection compiles a statement (one thread).
final class AuthorizerState {
    let policy: ReadableTables
    var denial: QueryConnectionError?

    init(policy: ReadableTables) {
        self.policy = policy
    }
}

/// The authorizer callback: allows SELECT, reads the policy permits, functions, recursive CTEs
/// and read transactions; denies everything else.
private func queryAuthorizer(
    _ context: UnsafeMutableRawPointer?, _ action: Int32, _ first: UnsafePointer<CChar>?, _ second: UnsafePointer<CChar>?,
    _ database: UnsafePointer<CChar>?, _ trigger: UnsafePointer<CChar>?
) -> Int32 {
    guard let context else { return SQLITE_DENY }
    let state = Unmanaged<AuthorizerState>.fromOpaque(context).takeUnretainedValue()
    switch action {
    case SQLITE_SELECT, SQLITE_FUNCTION, SQLITE_RECURSIVE:
        return SQLITE_OK
    case SQLITE_TRANSACTION:
        // BEGIN (deferred), COMMIT and ROLLBACK of a read transaction.
        return SQLITE_OK
    case SQLITE_READ:
        let table = first.map { String(cString: $0) } ?? ""
        let column = second.map { String(cString: $0) } ?? ""
        if state.policy.allows(table: table, column: column) { return SQLITE_OK }
        if state.denial == nil { state.denial = .readDenied(table: table, column: column) }
        return SQLITE_DENY
    default:
        // CREATE, DROP and ALTER are first asked as writes to the schema table: name them so.
        let schemaTable = first.map { String(cString: $0).hasPrefix("sqlite_") } ?? false
        var name = authorizerActionName(action)
        if schemaTable {
            switch action {
            case SQLITE_INSERT: name = "create"
            case SQLITE_DELETE: name = "drop"
            case SQLITE_UPDATE: name = "schema change"
            default: break
            }
        }
        if state.denial == nil { state.denial = .writeDenied(action: name) }
        return SQLITE_DENY
    }
}

/// A readable name of an authorizer action code, for error messages.
private func authorizerActionName(_ action: Int32) -> String {
    switch action {
    case SQLITE_INSERT: return "insert"
    case SQLITE_UPDATE: return "update"
    case SQLITE_DELETE: return "delete"
    case SQLITE_PRAGMA: return "pragma"
    case SQLITE_ATTACH: return "attach"
    case SQLITE_DETACH: return "detach"
    case SQLITE_CREATE_TABLE, SQLITE_CREATE_TEMP_TABLE: return "create table"
    case SQLITE_CREATE_INDEX, SQLITE_CREATE_TEMP_INDEX: return "create index"
    case SQLITE_CREATE_VIEW, SQLITE_CREATE_TEMP_VIEW: return "create view"
    case SQLITE_CREATE_TRIGGER, SQLITE_CREATE_TEMP_TRIGGER: return "create trigger"
    case SQLITE_DROP_TABLE, SQLITE_DROP_TEMP_TABLE: return "drop table"
    case SQLITE_ALTER_TABLE: return "alter table"
    case SQLITE_SAVEPOINT: return "savepoint"
    default: return "action \(action)"
    }
}

/// A read-only connection for the query layer, guarded by SQLite's authorizer: statements may only
/// read the tables and columns of its policy (``ReadableTables/queryLayer``); any write and any
/// read of another table fails while the statement is compiled, with a ``QueryConnectionError``.
///
/// Not thread-safe: one connection is used by one task at a time.
public final class QueryConnection {
    /// The connection (opened read-only; the authorizer is installed). Internal: other modules read
    /// through the typed API below, never with SQL of their own.
    let database: SQLiteDatabase
    /// The typed store API on this same guarded connection (org-chart reads for scope resolution).
    /// Every statement it runs passes the authorizer; its writes are refused.
    public private(set) lazy var store: CallStore = {
        let store = CallStore(guardedConnection: database)
        store.keyring = keyring
        store.callDataLocked = callDataLocked
        return store
    }()
    /// The authorizer's state; retained here because SQLite holds it as a raw pointer.
    private let state: AuthorizerState

    /// The keys of an encrypted store; `nil` for a plaintext one.
    let keyring: StoreKeyring?
    /// An encrypted store opened without its key (``StoreKeyAccess/withoutCallData``).
    let callDataLocked: Bool

    /// The oldest schema the query layer reads (org chart, conflicts of rejects, `pricing_keys.pricing`).
    public static let minimumSchemaVersion = 9

    /// Opens `path` read-only and installs the authorizer with `policy`.
    /// An encrypted store is checked first, as by ``CallStore/init(path:readOnly:encryption:)``.
    /// - Throws: ``StoreError/cannotOpen(path:message:)``, ``QueryConnectionError/schemaTooOld(path:found:needed:)``,
    ///   ``StoreEncryptionError``.
    public init(path: String, policy: ReadableTables = .queryLayer, encryption: StoreKeyAccess = .none) throws {
        database = try SQLiteDatabase(path: path, readOnly: true)
        // Read before the authorizer is installed: it denies every pragma.
        let version = Int(try database.scalarInt("PRAGMA user_version") ?? 0)
        guard version >= Self.minimumSchemaVersion else {
            throw QueryConnectionError.schemaTooOld(path: path, found: version, needed: Self.minimumSchemaVersion)
        }
        var keyring: StoreKeyring?
        var locked = false
        if try StoreKeyring.isEncrypted(database) {
            switch encryption {
            case .none: throw StoreEncryptionError.keyRequired(path: path)
            case let .key(kek): keyring = try StoreKeyring.unlock(database, path: path, kek: kek)
            case .withoutCallData: locked = true
            }
        }
        self.keyring = keyring
        callDataLocked = locked
        state = AuthorizerState(policy: policy)
        sqlite3_set_authorizer(database.handle, queryAuthorizer, Unmanaged.passUnretained(state).toOpaque())
    }

    deinit {
        sqlite3_set_authorizer(database.handle, nil, nil)
    }

    /// Compiles `sql`; a statement the authorizer refuses throws the typed reason.
    /// - Throws: ``QueryConnectionError`` when denied, ``StoreError`` for other SQLite errors.
    func prepare(_ sql: String) throws -> SQLiteStatement {
        state.denial = nil
        do {
            return try database.prepare(sql)
        } catch let error as StoreError {
            throw translate(error)
        }
    }

    /// Runs `sql` (no rows expected); a statement the authorizer refuses throws the typed reason.
    func execute(_ sql: String) throws {
        state.denial = nil
        do {
            try database.execute(sql)
        } catch let error as StoreError {
            throw translate(error)
        }
    }

    /// Compiles `sql` into a raw statement for ``CallRowCursor``.
    func prepareRaw(_ sql: String) throws -> OpaquePointer {
        state.denial = nil
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(database.handle, sql, -1, 0, &statement, nil)
        guard code == SQLITE_OK, let statement else {
            if let denial = state.denial { throw denial }
            throw StoreError.sqlite(code: code, message: database.errorMessage(), context: "preparing a query")
        }
        return statement
    }

    /// Runs `body` in one read transaction, so that everything it reads comes from one snapshot.
    public func readTransaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    private func translate(_ error: StoreError) -> Error {
        if case let .sqlite(code, _, _) = error, code & 0xFF == SQLITE_AUTH, let denial = state.denial { return denial }
        return error
    }
}
