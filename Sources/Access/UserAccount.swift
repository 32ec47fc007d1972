/// A user as the management commands show it (never the password hash).
public struct UserAccount: Sendable, Equatable {
    /// The login name.
    public var name: String
    /// Role names, sorted.
    public var roles: [String]
    /// Org node ids of the scope, sorted.
    public var scopeNodeIDs: [Int64]
    /// Whether the account is disabled.
    public var disabled: Bool
    /// The last successful login (UTC ms), if any.
    public var lastLoginMs: Int64?
    /// When the account was created (UTC ms).
    public var createdMs: Int64
    /// Until when the account is locked, if it is locked now.
    public var lockedUntilMs: Int64?
    /// Failed logins since the last success.
    public var failedAttempts: Int
    /// The linked participant, if any.
    public var participantID: Int64?
    /// The directory DN of a directory account.
    public var directoryDN: String?
    /// Whether a local password is set.
    public var hasPassword: Bool
}

/// How a role list or scope list is changed: replaced, added to or taken from.
public enum ListChange: String, Sendable, CaseIterable {
    /// Replace the list.
    case set
    /// Add these entries.
    case add
    /// Remove these entries.
    case remove

    /// `current` changed by `entries`, sorted, without duplicates.
    func apply<T: Comparable & Hashable>(to current: [T], _ entries: [T]) -> [T] {
        switch self {
        case .set: return Array(Set(entries)).sorted()
        case .add: return Array(Set(current).union(entries)).sorted()
        case .remove: return Array(Set(current).subtracting(entries)).sorted()
        }
    }
}

/// An API token as `tokens list` shows it (never the token).
public struct TokenInfo: Sendable, Equatable {
    /// The owner.
    public var user: String
    /// The token's name.
    public var name: String
    /// Created (UTC ms).
    public var createdMs: Int64
    /// Expiry (UTC ms), if any.
    public var expiresMs: Int64?
    /// Revoked (UTC ms), if it was.
    public var revokedMs: Int64?
    /// Last use (UTC ms), if any.
    public var lastUsedMs: Int64?
}
