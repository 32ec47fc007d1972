/// A user account as the store keeps it (see `docs/access.md`).
public struct UserRecord: Sendable, Equatable {
    /// The row id.
    public var id: Int64
    /// The unique login name.
    public var name: String
    /// The bcrypt hash of the password (salt and cost inside), `nil` for directory-only accounts.
    public var passwordHash: String?
    /// Whether the account is disabled (no login, no token use).
    public var disabled: Bool
    /// When the account was created (UTC milliseconds).
    public var createdMs: Int64
    /// The last successful login, if any.
    public var lastLoginMs: Int64?
    /// Failed logins since the last success.
    public var failedAttempts: Int
    /// Until when the account is locked after failed logins, if it is.
    public var lockedUntilMs: Int64?
    /// The participant (person in the org chart) the account is, if linked.
    public var participantID: Int64?
    /// The directory DN a directory login binds as, `nil` for local accounts.
    public var directoryDN: String?
    /// The names of the user's roles, sorted.
    public var roles: [String]
    /// The org nodes of the user's scope, sorted.
    public var scopeNodeIDs: [Int64]

    /// Creates a record (the store makes them; tests may too).
    public init(id: Int64, name: String, passwordHash: String?, disabled: Bool, createdMs: Int64, lastLoginMs: Int64?,
                failedAttempts: Int, lockedUntilMs: Int64?, participantID: Int64?, directoryDN: String?, roles: [String],
                scopeNodeIDs: [Int64]) {
        self.id = id
        self.name = name
        self.passwordHash = passwordHash
        self.disabled = disabled
        self.createdMs = createdMs
        self.lastLoginMs = lastLoginMs
        self.failedAttempts = failedAttempts
        self.lockedUntilMs = lockedUntilMs
        self.participantID = participantID
        self.directoryDN = directoryDN
        self.roles = roles
        self.scopeNodeIDs = scopeNodeIDs
    }
}

/// An API token as the store keeps it: never the token itself, only its SHA-256.
public struct TokenRecord: Sendable, Equatable {
    /// The row id.
    public var id: Int64
    /// The owning user's id.
    public var userID: Int64
    /// The owning user's name.
    public var userName: String
    /// The token's name (unique per user).
    public var name: String
    /// When it was created (UTC milliseconds).
    public var createdMs: Int64
    /// When it stops working, if ever.
    public var expiresMs: Int64?
    /// When it was revoked, if it was.
    public var revokedMs: Int64?
    /// When it was last used, if ever.
    public var lastUsedMs: Int64?
}

/// One row of the audit log as stored.
public struct AuditRow: Sendable, Equatable {
    /// The row's sequence number (1, 2, …).
    public var seq: Int64
    /// The MAC of the previous row (64 zeros for the first row), hex.
    public var prevMAC: String
    /// When it was written (UTC milliseconds).
    public var timeMs: Int64
    /// The dotted action name.
    public var action: String
    /// The user who acted.
    public var actor: String
    /// The subject's keyed pseudonym, if there is a subject.
    public var subject: String?
    /// `success`, `denied` or `failure`.
    public var outcome: String
    /// Further facts without personal data.
    public var detail: String
    /// HMAC-SHA256 of the row, hex.
    public var mac: String

    /// Creates a row.
    public init(seq: Int64, prevMAC: String, timeMs: Int64, action: String, actor: String, subject: String?,
                outcome: String, detail: String, mac: String) {
        self.seq = seq
        self.prevMAC = prevMAC
        self.timeMs = timeMs
        self.action = action
        self.actor = actor
        self.subject = subject
        self.outcome = outcome
        self.detail = detail
        self.mac = mac
    }
}

/// Errors of the access records, naming the user, role or token (never a password or token).
public enum AccessRecordError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A user of that name exists already.
    case userExists(String)
    /// No user of that name.
    case noSuchUser(String)
    /// The user has a token of that name already.
    case tokenExists(user: String, token: String)
    /// The user has no token of that name.
    case noSuchToken(user: String, token: String)
    /// A custom role of that name exists already.
    case roleExists(String)
    /// No custom role of that name.
    case noSuchRole(String)

    /// A one-line message.
    public var description: String {
        switch self {
        case .userExists(let name): return "user \(name) exists already"
        case .noSuchUser(let name): return "no user \(name)"
        case let .tokenExists(user, token): return "user \(user) has a token named \(token) already"
        case let .noSuchToken(user, token): return "user \(user) has no token named \(token)"
        case .roleExists(let name): return "role \(name) exists already"
        case .noSuchRole(let name): return "no custom role \(name)"
        }
    }
}

extension CallStore {
    // MARK: Users

    /// Adds a user and returns its id.
    /// - Throws: ``AccessRecordError/userExists(_:)``.
    @discardableResult
    public func insertUser(name: String, passwordHash: String?, createdMs: Int64, participantID: Int64? = nil,
                           directoryDN: String? = nil) throws -> Int64 {
        guard try user(named: name) == nil else { throw AccessRecordError.userExists(name) }
        let insert = try database.prepare("""
            INSERT INTO users(name, password_hash, created_ms, participant_id, directory_dn) VALUES (?, ?, ?, ?, ?)
            """)
        insert.bind(1, name)
        if let passwordHash { insert.bind(2, passwordHash) } else { insert.bindNull(2) }
        insert.bind(3, createdMs)
        insert.bind(4, participantID)
        if let directoryDN { insert.bind(5, directoryDN) } else { insert.bindNull(5) }
        try insert.run()
        return database.lastInsertRowID
    }

    /// Every user, ordered by name.
    public func users() throws -> [UserRecord] {
        try selectUsers(where: "", bind: { _ in })
    }

    /// The user `name`, or `nil`.
    public func user(named name: String) throws -> UserRecord? {
        try selectUsers(where: "WHERE name = ?", bind: { $0.bind(1, name) }).first
    }

    /// The user with row id `id`, or `nil`.
    public func user(id: Int64) throws -> UserRecord? {
        try selectUsers(where: "WHERE id = ?", bind: { $0.bind(1, id) }).first
    }

    private func selectUsers(where clause: String, bind: (SQLiteStatement) -> Void) throws -> [UserRecord] {
        let select = try database.prepare("""
            SELECT id, name, password_hash, disabled, created_ms, last_login_ms, failed_attempts, locked_until_ms,
                   participant_id, directory_dn FROM users \(clause) ORDER BY name
            """)
        bind(select)
        var users: [UserRecord] = []
        while try select.step() {
            users.append(UserRecord(
                id: select.int64(0), name: select.text(1), passwordHash: select.isNull(2) ? nil : select.text(2),
                disabled: select.int64(3) != 0, createdMs: select.int64(4), lastLoginMs: select.int64OrNil(5),
                failedAttempts: Int(select.int64(6)), lockedUntilMs: select.int64OrNil(7),
                participantID: select.int64OrNil(8), directoryDN: select.isNull(9) ? nil : select.text(9),
                roles: [], scopeNodeIDs: []))
        }
        let roles = try database.prepare("SELECT role FROM user_roles WHERE user_id = ? ORDER BY role")
        let scope = try database.prepare("SELECT node_id FROM user_scope WHERE user_id = ? ORDER BY node_id")
        for index in users.indices {
            roles.reset()
            roles.bind(1, users[index].id)
            while try roles.step() { users[index].roles.append(roles.text(0)) }
            scope.reset()
            scope.bind(1, users[index].id)
            while try scope.step() { users[index].scopeNodeIDs.append(scope.int64(0)) }
        }
        return users
    }

    /// Replaces the password hash of user `userID`, keeping the previous hash in the history
    /// (only the newest `keepHistory` hashes of the history stay).
    public func updatePassword(userID: Int64, hash: String, nowMs: Int64, keepHistory: Int) throws {
        try write { _ in
            let insert = try database.prepare("""
                INSERT INTO password_history(user_id, password_hash, created_ms)
                SELECT id, password_hash, ? FROM users WHERE id = ? AND password_hash IS NOT NULL
                """)
            insert.bind(1, nowMs)
            insert.bind(2, userID)
            try insert.run()
            let trim = try database.prepare("""
                DELETE FROM password_history WHERE user_id = ?1 AND id NOT IN
                    (SELECT id FROM password_history WHERE user_id = ?1 ORDER BY id DESC LIMIT ?2)
                """)
            trim.bind(1, userID)
            trim.bind(2, Int64(max(0, keepHistory)))
            try trim.run()
            let update = try database.prepare("UPDATE users SET password_hash = ? WHERE id = ?")
            update.bind(1, hash)
            update.bind(2, userID)
            try update.run()
        }
    }

    /// The earlier password hashes of user `userID`, newest first.
    public func passwordHistory(userID: Int64) throws -> [String] {
        let select = try database.prepare("SELECT password_hash FROM password_history WHERE user_id = ? ORDER BY id DESC")
        select.bind(1, userID)
        var hashes: [String] = []
        while try select.step() { hashes.append(select.text(0)) }
        return hashes
    }

    /// Disables or enables user `userID`; enabling also clears a lock-out.
    public func setUserDisabled(userID: Int64, _ disabled: Bool) throws {
        let update = try database.prepare(disabled
            ? "UPDATE users SET disabled = 1 WHERE id = ?"
            : "UPDATE users SET disabled = 0, failed_attempts = 0, locked_until_ms = NULL WHERE id = ?")
        update.bind(1, userID)
        try update.run()
    }

    /// Removes user `userID` with its roles, scope, password history and tokens.
    public func deleteUser(userID: Int64) throws {
        try write { _ in
            for table in ["user_roles", "user_scope", "password_history", "api_tokens"] {
                let delete = try database.prepare("DELETE FROM \(table) WHERE user_id = ?")
                delete.bind(1, userID)
                try delete.run()
            }
            let delete = try database.prepare("DELETE FROM users WHERE id = ?")
            delete.bind(1, userID)
            try delete.run()
        }
    }

    /// Records a failed login: the new count of failures and the lock-out, if any.
    public func recordLoginFailure(userID: Int64, failedAttempts: Int, lockedUntilMs: Int64?) throws {
        let update = try database.prepare("UPDATE users SET failed_attempts = ?, locked_until_ms = ? WHERE id = ?")
        update.bind(1, Int64(failedAttempts))
        update.bind(2, lockedUntilMs)
        update.bind(3, userID)
        try update.run()
    }

    /// Records a successful login: clears failures and lock-out, sets the last login.
    public func recordLoginSuccess(userID: Int64, nowMs: Int64) throws {
        let update = try database.prepare(
            "UPDATE users SET failed_attempts = 0, locked_until_ms = NULL, last_login_ms = ? WHERE id = ?")
        update.bind(1, nowMs)
        update.bind(2, userID)
        try update.run()
    }

    /// Replaces the roles of user `userID`.
    public func setUserRoles(userID: Int64, _ roles: [String]) throws {
        try replaceUserRows(table: "user_roles", column: "role", userID: userID, roles) { $0.bind(2, $1) }
    }

    /// Replaces the scope (org node ids) of user `userID`.
    public func setUserScope(userID: Int64, _ nodeIDs: [Int64]) throws {
        try replaceUserRows(table: "user_scope", column: "node_id", userID: userID, nodeIDs) { $0.bind(2, $1) }
    }

    /// Replaces the rows of `table` (`user_id`, `column`) of user `userID` with `values`, in one write.
    private func replaceUserRows<Value>(table: String, column: String, userID: Int64, _ values: [Value],
                                        bind: (SQLiteStatement, Value) -> Void) throws {
        try write { _ in
            let delete = try database.prepare("DELETE FROM \(table) WHERE user_id = ?")
            delete.bind(1, userID)
            try delete.run()
            let insert = try database.prepare("INSERT OR IGNORE INTO \(table)(user_id, \(column)) VALUES (?, ?)")
            for value in values {
                insert.bind(1, userID)
                bind(insert, value)
                try insert.run()
            }
        }
    }

    /// Links user `userID` to a participant and a directory DN (either may be `nil`).
    public func setUserIdentity(userID: Int64, participantID: Int64?, directoryDN: String?) throws {
        let update = try database.prepare("UPDATE users SET participant_id = ?, directory_dn = ? WHERE id = ?")
        update.bind(1, participantID)
        if let directoryDN { update.bind(2, directoryDN) } else { update.bindNull(2) }
        update.bind(3, userID)
        try update.run()
    }

    // MARK: Custom roles

    /// The custom roles: name and permission names, ordered by name.
    public func customRoles() throws -> [(name: String, permissions: [String])] {
        let select = try database.prepare("SELECT name, permissions FROM custom_roles ORDER BY name")
        var roles: [(name: String, permissions: [String])] = []
        while try select.step() {
            roles.append((select.text(0), select.text(1).split(separator: " ").map(String.init)))
        }
        return roles
    }

    /// Adds a custom role.
    /// - Throws: ``AccessRecordError/roleExists(_:)``.
    public func insertCustomRole(name: String, permissions: [String], createdMs: Int64) throws {
        guard try customRoles().contains(where: { $0.name == name }) == false else { throw AccessRecordError.roleExists(name) }
        let insert = try database.prepare("INSERT INTO custom_roles(name, permissions, created_ms) VALUES (?, ?, ?)")
        insert.bind(1, name)
        insert.bind(2, permissions.joined(separator: " "))
        insert.bind(3, createdMs)
        try insert.run()
    }

    /// Removes a custom role.
    /// - Throws: ``AccessRecordError/noSuchRole(_:)``.
    public func deleteCustomRole(name: String) throws {
        let delete = try database.prepare("DELETE FROM custom_roles WHERE name = ?")
        delete.bind(1, name)
        try delete.run()
        guard database.changes == 1 else { throw AccessRecordError.noSuchRole(name) }
    }

    /// The names of the users holding role `role`, sorted.
    public func users(holdingRole role: String) throws -> [String] {
        let select = try database.prepare("""
            SELECT u.name FROM user_roles r JOIN users u ON u.id = r.user_id WHERE r.role = ? ORDER BY u.name
            """)
        select.bind(1, role)
        var names: [String] = []
        while try select.step() { names.append(select.text(0)) }
        return names
    }

    // MARK: API tokens

    /// Stores a token's SHA-256 (hex) for user `userID`.
    /// - Throws: ``AccessRecordError/tokenExists(user:token:)``.
    public func insertToken(userID: Int64, userName: String, name: String, sha256: String, createdMs: Int64,
                            expiresMs: Int64?) throws {
        guard try tokens(userID: userID).contains(where: { $0.name == name }) == false else {
            throw AccessRecordError.tokenExists(user: userName, token: name)
        }
        let insert = try database.prepare("""
            INSERT INTO api_tokens(user_id, name, token_sha256, created_ms, expires_ms) VALUES (?, ?, ?, ?, ?)
            """)
        insert.bind(1, userID)
        insert.bind(2, name)
        insert.bind(3, sha256)
        insert.bind(4, createdMs)
        insert.bind(5, expiresMs)
        try insert.run()
    }

    /// The token whose SHA-256 (hex) is `sha256`, or `nil`.
    public func token(sha256: String) throws -> TokenRecord? {
        try selectTokens(where: "WHERE t.token_sha256 = ?", bind: { $0.bind(1, sha256) }).first
    }

    /// The tokens of user `userID` (every user's when `nil`), ordered by user and name.
    public func tokens(userID: Int64? = nil) throws -> [TokenRecord] {
        guard let userID else { return try selectTokens(where: "", bind: { _ in }) }
        return try selectTokens(where: "WHERE t.user_id = ?", bind: { $0.bind(1, userID) })
    }

    private func selectTokens(where clause: String, bind: (SQLiteStatement) -> Void) throws -> [TokenRecord] {
        let select = try database.prepare("""
            SELECT t.id, t.user_id, u.name, t.name, t.created_ms, t.expires_ms, t.revoked_ms, t.last_used_ms
            FROM api_tokens t JOIN users u ON u.id = t.user_id \(clause) ORDER BY u.name, t.name
            """)
        bind(select)
        var tokens: [TokenRecord] = []
        while try select.step() {
            tokens.append(TokenRecord(id: select.int64(0), userID: select.int64(1), userName: select.text(2),
                                      name: select.text(3), createdMs: select.int64(4), expiresMs: select.int64OrNil(5),
                                      revokedMs: select.int64OrNil(6), lastUsedMs: select.int64OrNil(7)))
        }
        return tokens
    }

    /// Revokes user `userID`'s token `name` (a revoked token stays listed).
    /// - Throws: ``AccessRecordError/noSuchToken(user:token:)``.
    public func revokeToken(userID: Int64, userName: String, name: String, nowMs: Int64) throws {
        let update = try database.prepare("""
            UPDATE api_tokens SET revoked_ms = ifnull(revoked_ms, ?) WHERE user_id = ? AND name = ?
            """)
        update.bind(1, nowMs)
        update.bind(2, userID)
        update.bind(3, name)
        try update.run()
        guard database.changes == 1 else { throw AccessRecordError.noSuchToken(user: userName, token: name) }
    }

    /// Notes that token `id` was used at `nowMs`.
    public func touchToken(id: Int64, nowMs: Int64) throws {
        let update = try database.prepare("UPDATE api_tokens SET last_used_ms = ? WHERE id = ?")
        update.bind(1, nowMs)
        update.bind(2, id)
        try update.run()
    }

    // MARK: Audit log

    /// The MAC of an empty log: what the first row's `prev_mac` is.
    public static let auditGenesisMAC = String(repeating: "0", count: 64)

    /// The last row's sequence number and MAC, or `nil` for an empty log.
    public func auditHead() throws -> (seq: Int64, mac: String)? {
        let select = try database.prepare("SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1")
        guard try select.step() else { return try auditPrunedAnchor() }
        return (select.int64(0), select.text(1))
    }

    /// Appends a row in one transaction: the next sequence number and the previous MAC are read,
    /// then `mac(seq, prevMAC)` computes the new row's MAC.
    /// - Returns: the written row.
    @discardableResult
    public func appendAudit(timeMs: Int64, action: String, actor: String, subject: String?, outcome: String,
                            detail: String, mac: (_ seq: Int64, _ prevMAC: String) -> String) throws -> AuditRow {
        try write { _ in
            let head = try auditHead()
            let seq = (head?.seq ?? 0) + 1
            let prev = head?.mac ?? Self.auditGenesisMAC
            let row = AuditRow(seq: seq, prevMAC: prev, timeMs: timeMs, action: action, actor: actor, subject: subject,
                               outcome: outcome, detail: detail, mac: mac(seq, prev))
            let insert = try database.prepare("""
                INSERT INTO audit_log(seq, prev_mac, time_ms, action, actor, subject, outcome, detail, mac)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            insert.bind(1, row.seq)
            insert.bind(2, row.prevMAC)
            insert.bind(3, row.timeMs)
            insert.bind(4, row.action)
            insert.bind(5, row.actor)
            if let subject { insert.bind(6, subject) } else { insert.bindNull(6) }
            insert.bind(7, row.outcome)
            insert.bind(8, row.detail)
            insert.bind(9, row.mac)
            try insert.run()
            return row
        }
    }

    /// Calls `body` for every audit row in sequence order (for verification and listing).
    public func forEachAuditRow(_ body: (AuditRow) throws -> Void) throws {
        let select = try database.prepare("""
            SELECT seq, prev_mac, time_ms, action, actor, subject, outcome, detail, mac FROM audit_log ORDER BY seq
            """)
        while try select.step() {
            try body(AuditRow(seq: select.int64(0), prevMAC: select.text(1), timeMs: select.int64(2),
                              action: select.text(3), actor: select.text(4),
                              subject: select.isNull(5) ? nil : select.text(5), outcome: select.text(6),
                              detail: select.text(7), mac: select.text(8)))
        }
    }
}
