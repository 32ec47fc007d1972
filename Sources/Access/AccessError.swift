import Directory

/// Why an access operation was refused. Messages name users, roles, tokens and files, never a
/// password or a token.
public enum AccessError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Wrong user name or password (the same message for both, so names cannot be probed).
    case invalidCredentials
    /// The account is locked after failed logins until the given time (UTC ms).
    case accountLocked(user: String, untilMs: Int64)
    /// The account is disabled.
    case accountDisabled(String)
    /// The new password breaks the policy.
    case passwordRejected(String)
    /// A user, role or token name is not usable (`kind` says which).
    case invalidName(kind: String, name: String, reason: String)
    /// A token's expiry lies in the past.
    case expiryInPast(Int64)
    /// A role name that is neither built in nor a custom role.
    case unknownRole(String)
    /// A permission name that does not exist.
    case unknownPermission(String)
    /// A custom role cannot be named like a built-in one.
    case builtInRole(String)
    /// A custom role still held by users cannot be removed.
    case roleInUse(String, users: [String])
    /// The acting principal lacks a permission (the message says what was refused and why).
    case notPermitted(String)
    /// The last enabled superuser cannot be removed, disabled or demoted.
    case lastSuperuser(String)
    /// The token is not known.
    case invalidToken
    /// The token has expired.
    case tokenExpired(user: String, token: String)
    /// The token was revoked.
    case tokenRevoked(user: String, token: String)
    /// `setup` ran already.
    case alreadySetUp
    /// The audit key file is unusable.
    case auditKey(path: String, reason: String)
    /// The directory login could not be checked (server, TLS or settings; not a wrong password).
    case directoryUnavailable(String)
    /// A directory account but no `directory:` section is configured.
    case directoryNotConfigured(String)

    /// A one-line message for the admin.
    public var description: String {
        switch self {
        case .invalidCredentials:
            return "invalid user name or password"
        case let .accountLocked(user, untilMs):
            return "account \(user) is locked after repeated failed logins until \(AccessTime.iso(untilMs))"
        case .accountDisabled(let user):
            return "account \(user) is disabled"
        case .passwordRejected(let reason):
            return "password refused: \(reason)"
        case let .invalidName(kind, name, reason):
            return "\(kind) name '\(name)' is not usable: \(reason)"
        case .expiryInPast(let ms):
            return "the expiry \(AccessTime.iso(ms)) lies in the past"
        case .unknownRole(let name):
            return "unknown role \(name) (built in: \(Role.builtIn.map(\.name).joined(separator: ", ")); see tollbook roles list)"
        case .unknownPermission(let name):
            return "unknown permission \(name) (see docs/access.md)"
        case .builtInRole(let name):
            return "\(name) is a built-in role; choose another name for a custom role"
        case let .roleInUse(name, users):
            return "role \(name) is still held by \(users.joined(separator: ", ")); take it from them first"
        case .notPermitted(let what):
            return "not permitted: \(what)"
        case .lastSuperuser(let user):
            return "\(user) is the last enabled superuser; add another superuser first"
        case .invalidToken:
            return "the API token is not valid"
        case let .tokenExpired(user, token):
            return "API token \(token) of user \(user) has expired"
        case let .tokenRevoked(user, token):
            return "API token \(token) of user \(user) was revoked"
        case .alreadySetUp:
            return "setup has run already (user SUPERUSER exists); use --force to reset SUPERUSER's password and role"
        case let .auditKey(path, reason):
            return "audit key file \(path): \(reason)"
        case .directoryUnavailable(let reason):
            return "directory login could not be checked: \(reason)"
        case .directoryNotConfigured(let user):
            return "user \(user) logs in through the directory, but the configuration has no directory: section"
        }
    }
}
