import Directory
import Foundation
import Store
import TollbookCore

/// Users, passwords, roles, scope and API tokens, and who a logged-in user or a token is: the
/// ``Principal`` the query layer and the commands take. Every change and every login is recorded
/// in the audit log.
///
/// ```swift
/// let access = AccessControl(store: store, audit: auditLog, settings: AccessSettings(configuration.access))
/// let principal = try access.authenticate(user: "mia", password: password)
/// ```
/// Not thread-safe (one store connection): one instance per request or command.
public final class AccessControl {
    /// The account of `tollbook setup`, which holds the superuser role.
    public static let superuserName = "SUPERUSER"

    /// The store the accounts are kept in.
    public let store: CallStore
    /// Where logins and changes are recorded.
    public let audit: any AuditRecording
    /// Hashing cost, password policy, lock-out and directory group mapping.
    public let settings: AccessSettings
    /// The directory settings for directory logins (`nil` when the configuration has none).
    public let directory: DirectorySettings?
    /// The time source (lock-out, token expiry, last login).
    public let clock: AccessClock
    private let hasher: PasswordHasher

    /// Works on the accounts in `store`.
    public init(store: CallStore, audit: any AuditRecording, settings: AccessSettings = AccessSettings(),
                directory: DirectorySettings? = nil, clock: AccessClock = .system) {
        self.store = store
        self.audit = audit
        self.settings = settings
        self.directory = directory
        self.clock = clock
        hasher = PasswordHasher(cost: settings.bcryptCost)
    }

    // MARK: Setup

    /// Creates the `SUPERUSER` account with the superuser role; with `force`, resets an existing
    /// one's password and role and enables it again.
    /// - Returns: `true` when the account was created, `false` when an existing one was reset.
    /// - Throws: ``AccessError/alreadySetUp`` without `force` when it exists; policy errors.
    @discardableResult
    public func setup(superuserPassword: String, force: Bool) throws -> Bool {
        let name = Self.superuserName
        if let existing = try store.user(named: name) {
            guard force else {
                try audit.record(AuditEvent(action: AuditAction.setup, actor: name, outcome: .denied, detail: "setup has run already"))
                throw AccessError.alreadySetUp
            }
            try checkPolicy(superuserPassword, userName: name)
            try store.updatePassword(userID: existing.id, hash: hasher.hash(superuserPassword), nowMs: clock.nowMs(),
                                     keepHistory: historyKept)
            try store.setUserRoles(userID: existing.id, [Role.superuser.name])
            try store.setUserDisabled(userID: existing.id, false)
            try audit.record(AuditEvent(action: AuditAction.setup, actor: name, outcome: .success,
                                        detail: "SUPERUSER reset (--force)"))
            return false
        }
        try checkPolicy(superuserPassword, userName: name)
        let id = try store.insertUser(name: name, passwordHash: hasher.hash(superuserPassword), createdMs: clock.nowMs())
        try store.setUserRoles(userID: id, [Role.superuser.name])
        try audit.record(AuditEvent(action: AuditAction.setup, actor: name, outcome: .success, detail: "SUPERUSER created"))
        return true
    }

    // MARK: Users

    /// What a new user is given.
    public struct NewUser: Sendable {
        /// The login name.
        public var name: String
        /// The local password; `nil` for a directory account.
        public var password: String?
        /// Role names (built-in or custom).
        public var roles: [String]
        /// Org node ids of the scope.
        public var scopeNodeIDs: [Int64]
        /// The participant (person) the account is.
        public var participantID: Int64?
        /// The DN a directory login binds as.
        public var directoryDN: String?

        /// Creates a description of a new user.
        public init(name: String, password: String?, roles: [String] = [], scopeNodeIDs: [Int64] = [],
                    participantID: Int64? = nil, directoryDN: String? = nil) {
            self.name = name
            self.password = password
            self.roles = roles
            self.scopeNodeIDs = scopeNodeIDs
            self.participantID = participantID
            self.directoryDN = directoryDN
        }
    }

    /// Adds a user.
    /// - Throws: ``AccessError`` (name, policy, roles, permissions), ``AccessRecordError/userExists(_:)``.
    public func addUser(_ user: NewUser, by actor: Principal) throws {
        try require(.usersManage, actor, AuditAction.userAdd, subject: user.name)
        try Self.checkName(user.name)
        let roles = try checkRoles(user.roles)
        if roles.contains(Role.superuser.name) {
            try require(.superusersManage, actor, AuditAction.userAdd, subject: user.name, what: "granting the superuser role needs superusers.manage")
        }
        guard user.password != nil || user.directoryDN != nil else {
            throw AccessError.passwordRejected("a new user needs a password (or a directory DN for directory login)")
        }
        if let password = user.password { try checkPolicy(password, userName: user.name) }
        let id = try store.insertUser(name: user.name, passwordHash: user.password.map { hasher.hash($0) },
                                      createdMs: clock.nowMs(), participantID: user.participantID,
                                      directoryDN: user.directoryDN)
        try store.setUserRoles(userID: id, roles)
        try store.setUserScope(userID: id, user.scopeNodeIDs)
        try audit.record(AuditEvent(
            action: AuditAction.userAdd, actor: actor.userName, subject: user.name, outcome: .success,
            detail: "roles=\(roles.joined(separator: ",")) scope_nodes=\(user.scopeNodeIDs.sorted().map(String.init).joined(separator: ","))"
                + (user.directoryDN != nil ? " directory_login" : "") + (user.participantID != nil ? " participant_linked" : "")))
    }

    /// Every user, ordered by name.
    public func users() throws -> [UserAccount] {
        let nowMs = clock.nowMs()
        return try store.users().map { account($0, nowMs: nowMs) }
    }

    /// The user `name`.
    /// - Throws: ``AccessRecordError/noSuchUser(_:)``.
    public func user(named name: String) throws -> UserAccount {
        account(try record(name), nowMs: clock.nowMs())
    }

    /// Disables or enables a user (enabling also lifts a lock-out).
    public func setDisabled(_ name: String, _ disabled: Bool, by actor: Principal) throws {
        let action = disabled ? AuditAction.userDisable : AuditAction.userEnable
        try require(.usersManage, actor, action, subject: name)
        let user = try record(name)
        try guardSuperuser(user, actor, action)
        if disabled { try guardLastSuperuser(user, remainingRoles: []) }
        try store.setUserDisabled(userID: user.id, disabled)
        try audit.record(AuditEvent(action: action, actor: actor.userName, subject: name, outcome: .success))
    }

    /// Removes a user with its roles, scope, password history and tokens.
    public func removeUser(_ name: String, by actor: Principal) throws {
        try require(.usersManage, actor, AuditAction.userRemove, subject: name)
        let user = try record(name)
        try guardSuperuser(user, actor, AuditAction.userRemove)
        try guardLastSuperuser(user, remainingRoles: [])
        try store.deleteUser(userID: user.id)
        try audit.record(AuditEvent(action: AuditAction.userRemove, actor: actor.userName, subject: name, outcome: .success))
    }

    /// Sets a new password: the policy holds, and none of the last N passwords is reused. Any
    /// user may change their own; others' need `users.manage`.
    public func changePassword(_ name: String, to password: String, by actor: Principal) throws {
        if actor.userName != name || actor.kind == .token {
            try require(.usersManage, actor, AuditAction.userPassword, subject: name)
        }
        let user = try record(name)
        if actor.userName != name { try guardSuperuser(user, actor, AuditAction.userPassword) }
        try checkPolicy(password, userName: name)
        let history = try store.passwordHistory(userID: user.id)
        let recent = ([user.passwordHash].compactMap { $0 } + history).prefix(settings.passwordPolicy.historyCount)
        if recent.contains(where: { hasher.verify(password, hash: $0) }) {
            try audit.record(AuditEvent(action: AuditAction.userPassword, actor: actor.userName, subject: name,
                                        outcome: .denied, detail: "reused one of the last passwords"))
            throw AccessError.passwordRejected(
                "it is one of the last \(settings.passwordPolicy.historyCount) passwords of \(name)")
        }
        try store.updatePassword(userID: user.id, hash: hasher.hash(password), nowMs: clock.nowMs(), keepHistory: historyKept)
        try audit.record(AuditEvent(action: AuditAction.userPassword, actor: actor.userName, subject: name, outcome: .success))
    }

    /// Changes a user's roles.
    /// - Returns: the roles afterwards.
    @discardableResult
    public func changeRoles(_ name: String, _ change: ListChange, _ roles: [String], by actor: Principal) throws -> [String] {
        try require(.usersManage, actor, AuditAction.userRoles, subject: name)
        let user = try record(name)
        let checked = try checkRoles(roles)
        let updated = change.apply(to: user.roles, checked)
        let touchesSuperuser = user.roles.contains(Role.superuser.name) != updated.contains(Role.superuser.name)
        if touchesSuperuser || user.roles.contains(Role.superuser.name) {
            try require(.superusersManage, actor, AuditAction.userRoles, subject: name, what: "changing a superuser's roles needs superusers.manage")
        }
        try guardLastSuperuser(user, remainingRoles: updated)
        try store.setUserRoles(userID: user.id, updated)
        try audit.record(AuditEvent(action: AuditAction.userRoles, actor: actor.userName, subject: name, outcome: .success,
                                    detail: "\(change.rawValue) roles=\(updated.joined(separator: ","))"))
        return updated
    }

    /// Changes a user's scope (org node ids).
    /// - Returns: the node ids afterwards.
    @discardableResult
    public func changeScope(_ name: String, _ change: ListChange, _ nodeIDs: [Int64], by actor: Principal) throws -> [Int64] {
        try require(.usersManage, actor, AuditAction.userScope, subject: name)
        let user = try record(name)
        try guardSuperuser(user, actor, AuditAction.userScope)
        let updated = change.apply(to: user.scopeNodeIDs, nodeIDs)
        try store.setUserScope(userID: user.id, updated)
        try audit.record(AuditEvent(action: AuditAction.userScope, actor: actor.userName, subject: name, outcome: .success,
                                    detail: "\(change.rawValue) scope_nodes=\(updated.map(String.init).joined(separator: ","))"))
        return updated
    }

    // MARK: Roles

    /// The built-in roles, then the custom roles by name.
    public func roles() throws -> [Role] {
        let custom = try store.customRoles().map { custom in
            Role(name: custom.name, permissions: Set(custom.permissions.compactMap(Permission.init(rawValue:))))
        }
        return Role.builtIn + custom
    }

    /// Adds a custom role from permission names.
    public func addCustomRole(_ name: String, permissions: [String], by actor: Principal) throws {
        try require(.usersManage, actor, AuditAction.roleAdd, subject: nil, detail: "role=\(name)")
        guard !Role.builtIn.contains(where: { $0.name == name }) else { throw AccessError.builtInRole(name) }
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
            throw AccessError.invalidName(kind: "role", name: name, reason: "use letters, digits, _ and - only")
        }
        let parsed = try permissions.map { text -> Permission in
            guard let permission = Permission(rawValue: text) else { throw AccessError.unknownPermission(text) }
            return permission
        }
        if parsed.contains(.superusersManage) || parsed.contains(.callsReadAll) {
            try require(.superusersManage, actor, AuditAction.roleAdd, subject: nil, detail: "role=\(name)",
                        what: "a role with superusers.manage or calls.read_all needs superusers.manage")
        }
        let names = Set(parsed).sorted().map(\.rawValue)
        try store.insertCustomRole(name: name, permissions: names, createdMs: clock.nowMs())
        try audit.record(AuditEvent(action: AuditAction.roleAdd, actor: actor.userName, outcome: .success,
                                    detail: "role=\(name) permissions=\(names.joined(separator: ","))"))
    }

    /// Removes a custom role that no user holds.
    public func removeCustomRole(_ name: String, by actor: Principal) throws {
        try require(.usersManage, actor, AuditAction.roleRemove, subject: nil, detail: "role=\(name)")
        guard !Role.builtIn.contains(where: { $0.name == name }) else { throw AccessError.builtInRole(name) }
        let holders = try store.users(holdingRole: name)
        guard holders.isEmpty else { throw AccessError.roleInUse(name, users: holders) }
        try store.deleteCustomRole(name: name)
        try audit.record(AuditEvent(action: AuditAction.roleRemove, actor: actor.userName, outcome: .success, detail: "role=\(name)"))
    }

    // MARK: API tokens

    /// Creates an API token for `user` and returns it: it is shown this once, only its SHA-256 is kept.
    /// Users with `tokens.manage` create their own; tokens of others need `users.manage`.
    public func createToken(user name: String, name tokenName: String, expiresMs: Int64?, by actor: Principal) throws -> String {
        try require(actor.userName == name ? .tokensManage : .usersManage, actor, AuditAction.tokenCreate, subject: name,
                    detail: "token=\(tokenName)")
        let user = try record(name)
        guard !tokenName.isEmpty, tokenName.count <= 64, !tokenName.contains(where: { $0.isWhitespace || $0.isNewline }) else {
            throw AccessError.invalidName(kind: "token", name: tokenName, reason: "it must have 1 to 64 characters and no spaces")
        }
        let nowMs = clock.nowMs()
        if let expiresMs, expiresMs <= nowMs { throw AccessError.expiryInPast(expiresMs) }
        let token = APIToken.generate()
        try store.insertToken(userID: user.id, userName: name, name: tokenName, sha256: APIToken.digest(token),
                              createdMs: nowMs, expiresMs: expiresMs)
        try audit.record(AuditEvent(action: AuditAction.tokenCreate, actor: actor.userName, subject: name, outcome: .success,
                                    detail: "token=\(tokenName)" + (expiresMs.map { " expires=\(AccessTime.iso($0))" } ?? "")))
        return token
    }

    /// The tokens of `user` (everyone's when `nil`).
    public func tokens(user name: String?) throws -> [TokenInfo] {
        let userID = try name.map { try record($0).id }
        return try store.tokens(userID: userID).map {
            TokenInfo(user: $0.userName, name: $0.name, createdMs: $0.createdMs, expiresMs: $0.expiresMs,
                      revokedMs: $0.revokedMs, lastUsedMs: $0.lastUsedMs)
        }
    }

    /// Revokes `user`'s token `name`.
    public func revokeToken(user name: String, name tokenName: String, by actor: Principal) throws {
        try require(actor.userName == name ? .tokensManage : .usersManage, actor, AuditAction.tokenRevoke, subject: name,
                    detail: "token=\(tokenName)")
        let user = try record(name)
        try store.revokeToken(userID: user.id, userName: name, name: tokenName, nowMs: clock.nowMs())
        try audit.record(AuditEvent(action: AuditAction.tokenRevoke, actor: actor.userName, subject: name, outcome: .success,
                                    detail: "token=\(tokenName)"))
    }

    // MARK: Who is asking

    /// The principal of user `name`: the union of the permissions of their roles, their scope
    /// (everything with `calls.read_all`), their participant.
    /// - Throws: ``AccessRecordError/noSuchUser(_:)``, ``AccessError/accountDisabled(_:)``.
    public func principal(forUser name: String) throws -> Principal {
        let user = try record(name)
        guard !user.disabled else { throw AccessError.accountDisabled(name) }
        return try principal(of: user, kind: .user)
    }

    /// The principal an API token stands for (its user's), noting the token's use.
    /// - Throws: ``AccessError/invalidToken``, ``AccessError/tokenExpired(user:token:)``,
    ///   ``AccessError/tokenRevoked(user:token:)``, ``AccessError/accountDisabled(_:)``.
    public func principal(forToken token: String) throws -> Principal {
        let nowMs = clock.nowMs()
        guard let stored = try store.token(sha256: APIToken.digest(token)) else {
            try audit.record(AuditEvent(action: AuditAction.tokenLogin, actor: "-", outcome: .failure, detail: "unknown token"))
            throw AccessError.invalidToken
        }
        func deny(_ reason: String, _ error: AccessError) throws -> Never {
            try audit.record(AuditEvent(action: AuditAction.tokenLogin, actor: stored.userName, outcome: .denied,
                                        detail: "token=\(stored.name) \(reason)"))
            throw error
        }
        if stored.revokedMs != nil { try deny("revoked", .tokenRevoked(user: stored.userName, token: stored.name)) }
        if let expires = stored.expiresMs, expires <= nowMs {
            try deny("expired", .tokenExpired(user: stored.userName, token: stored.name))
        }
        guard let user = try store.user(id: stored.userID) else { throw AccessError.invalidToken }
        if user.disabled { try deny("account disabled", .accountDisabled(user.name)) }
        try store.touchToken(id: stored.id, nowMs: nowMs)
        try audit.record(AuditEvent(action: AuditAction.tokenLogin, actor: user.name, outcome: .success, detail: "token=\(stored.name)"))
        return try principal(of: user, kind: .token)
    }

    /// Checks a login as the web login will: lock-out first, then the password (bcrypt) or, for a
    /// directory account, a bind as its DN; failures count towards the lock-out, a success resets
    /// it. Every attempt is audited.
    /// - Throws: ``AccessError/invalidCredentials`` (unknown user or wrong password alike),
    ///   ``AccessError/accountLocked(user:untilMs:)``, ``AccessError/accountDisabled(_:)``,
    ///   ``AccessError/directoryUnavailable(_:)``.
    public func authenticate(user name: String, password: String) throws -> Principal {
        let nowMs = clock.nowMs()
        guard let user = try store.user(named: name) else {
            _ = hasher.hash(password)  // the same work as for a known user: names cannot be probed by timing
            try audit.record(AuditEvent(action: AuditAction.login, actor: "-", subject: name, outcome: .failure,
                                        detail: "unknown user"))
            throw AccessError.invalidCredentials
        }
        if user.disabled {
            try audit.record(AuditEvent(action: AuditAction.login, actor: name, outcome: .denied, detail: "account disabled"))
            throw AccessError.accountDisabled(name)
        }
        if let until = user.lockedUntilMs, until > nowMs {
            try audit.record(AuditEvent(action: AuditAction.login, actor: name, outcome: .denied,
                                        detail: "locked until \(AccessTime.iso(until))"))
            throw AccessError.accountLocked(user: name, untilMs: until)
        }
        let accepted: Bool
        var method = "password"
        if let dn = user.directoryDN {
            method = "directory"
            accepted = try directoryLogin(user: user, dn: dn, password: password)
        } else if let hash = user.passwordHash {
            accepted = hasher.verify(password, hash: hash)
        } else {
            accepted = false
        }
        guard accepted else {
            let failures = user.failedAttempts + 1
            let seconds = settings.lockout.lockSeconds(afterFailures: failures)
            let until = seconds > 0 ? nowMs + Int64(seconds) * 1000 : nil
            try store.recordLoginFailure(userID: user.id, failedAttempts: failures, lockedUntilMs: until)
            try audit.record(AuditEvent(
                action: AuditAction.login, actor: name, outcome: .failure,
                detail: "\(method) wrong, failure \(failures)" + (until.map { ", locked until \(AccessTime.iso($0))" } ?? "")))
            throw AccessError.invalidCredentials
        }
        try store.recordLoginSuccess(userID: user.id, nowMs: nowMs)
        try audit.record(AuditEvent(action: AuditAction.login, actor: name, outcome: .success, detail: method))
        return try principal(forUser: name)
    }

    // MARK: Helpers

    private var historyKept: Int { max(0, settings.passwordPolicy.historyCount - 1) }

    private func record(_ name: String) throws -> UserRecord {
        guard let user = try store.user(named: name) else { throw AccessRecordError.noSuchUser(name) }
        return user
    }

    private func account(_ user: UserRecord, nowMs: Int64) -> UserAccount {
        UserAccount(name: user.name, roles: user.roles, scopeNodeIDs: user.scopeNodeIDs, disabled: user.disabled,
                    lastLoginMs: user.lastLoginMs, createdMs: user.createdMs,
                    lockedUntilMs: user.lockedUntilMs.flatMap { $0 > nowMs ? $0 : nil }, failedAttempts: user.failedAttempts,
                    participantID: user.participantID, directoryDN: user.directoryDN, hasPassword: user.passwordHash != nil)
    }

    private func principal(of user: UserRecord, kind: Principal.Kind) throws -> Principal {
        let known = try roles()
        var permissions = Set<Permission>()
        for name in user.roles {
            if let role = known.first(where: { $0.name == name }) { permissions.formUnion(role.permissions) }
        }
        let scope: Principal.Scope = permissions.contains(.callsReadAll) ? .everything : .subtrees(Set(user.scopeNodeIDs))
        return Principal(kind: kind, userName: user.name, userID: user.id, permissions: permissions, scope: scope,
                         participantID: user.participantID)
    }

    private func checkPolicy(_ password: String, userName: String) throws {
        if let violation = settings.passwordPolicy.violation(password, userName: userName) {
            throw AccessError.passwordRejected(violation)
        }
    }

    /// Role names that exist (built-in or custom), sorted and unique.
    private func checkRoles(_ names: [String]) throws -> [String] {
        let known = Set(try roles().map(\.name))
        for name in names where !known.contains(name) { throw AccessError.unknownRole(name) }
        return Array(Set(names)).sorted()
    }

    static func checkName(_ name: String) throws {
        guard !name.isEmpty, name.count <= 64 else {
            throw AccessError.invalidName(kind: "user", name: name, reason: "it must have 1 to 64 characters")
        }
        guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._@-".contains($0)) }) else {
            throw AccessError.invalidName(kind: "user", name: name, reason: "use letters, digits and . _ @ - only")
        }
        guard name != "-" else { throw AccessError.invalidName(kind: "user", name: name, reason: "'-' stands for unknown users in the audit log") }
    }

    /// Throws (and audits the refusal) unless `actor` holds `permission`.
    private func require(_ permission: Permission, _ actor: Principal, _ action: String, subject: String?,
                         detail: String = "", what: String? = nil) throws {
        guard !actor.may(permission) else { return }
        try audit.record(AuditEvent(action: action, actor: actor.userName, subject: subject, outcome: .denied,
                                    detail: "missing permission \(permission.rawValue)" + (detail.isEmpty ? "" : " \(detail)")))
        throw AccessError.notPermitted(what ?? "this needs the permission \(permission.rawValue)")
    }

    /// Changing a superuser needs `superusers.manage`.
    private func guardSuperuser(_ user: UserRecord, _ actor: Principal, _ action: String) throws {
        guard user.roles.contains(Role.superuser.name) else { return }
        try require(.superusersManage, actor, action, subject: user.name, what: "changing a superuser needs superusers.manage")
    }

    /// Refuses to leave no enabled superuser.
    private func guardLastSuperuser(_ user: UserRecord, remainingRoles: [String]) throws {
        guard user.roles.contains(Role.superuser.name), !user.disabled, !remainingRoles.contains(Role.superuser.name) else { return }
        let others = try store.users().filter { $0.id != user.id && !$0.disabled && $0.roles.contains(Role.superuser.name) }
        if others.isEmpty { throw AccessError.lastSuperuser(user.name) }
    }

    /// Binds as the user's DN; on success maps the user's directory groups to local roles.
    private func directoryLogin(user: UserRecord, dn: String, password: String) throws -> Bool {
        guard let directory else { throw AccessError.directoryNotConfigured(user.name) }
        let groups: [String]
        do {
            groups = try DirectoryLogin(settings: directory).authenticate(dn: dn, password: password)
        } catch {
            if case .bindFailed = error { return false }
            try audit.record(AuditEvent(action: AuditAction.login, actor: user.name, outcome: .failure,
                                        detail: "directory unavailable"))
            throw AccessError.directoryUnavailable("\(error)")
        }
        let member = Set(groups.map(Self.normalisedDN))
        let known = Set(try roles().map(\.name))
        let mapped = Array(Set(settings.directoryGroupRoles
            .filter { member.contains(Self.normalisedDN($0.groupDN)) && known.contains($0.role) }
            .map(\.role))).sorted()
        if mapped != user.roles {
            try store.setUserRoles(userID: user.id, mapped)
            try audit.record(AuditEvent(action: AuditAction.userRoles, actor: user.name, subject: user.name, outcome: .success,
                                        detail: "from directory groups roles=\(mapped.joined(separator: ","))"))
        }
        return true
    }

    /// A DN compared without case and without spaces after separators.
    static func normalisedDN(_ dn: String) -> String {
        dn.lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ",")
    }
}
