/// Who asks: the resolved identity behind every read of call data. The query layer takes one of
/// these with every query and applies its permissions and scope (and, later, the privacy rules).
public struct Principal: Sendable, Equatable {
    /// How the principal authenticated.
    public enum Kind: String, Sendable, Equatable {
        /// The operator who owns the database file and runs the CLI without `--as`.
        case databaseOwner = "database_owner"
        /// A user logged in with a password (local or directory).
        case user
        /// An API token of a user.
        case token
    }

    /// Which calls the principal may see beyond its own.
    public enum Scope: Sendable, Equatable {
        /// Every call.
        case everything
        /// Calls allocated (at the time of the call) to these org nodes or any node below them.
        case subtrees(Set<Int64>)
    }

    /// How the principal authenticated.
    public var kind: Kind
    /// The user's name (`SUPERUSER` for the database owner).
    public var userName: String
    /// The user's id in the store, `nil` for the database owner.
    public var userID: Int64?
    /// The union of the permissions of the user's roles.
    public var permissions: Set<Permission>
    /// The org subtrees the user may see.
    public var scope: Scope
    /// The participant (person in the org chart) the user is, for own calls; `nil` when none.
    public var participantID: Int64?

    /// Creates a principal.
    public init(kind: Kind, userName: String, userID: Int64?, permissions: Set<Permission>, scope: Scope,
                participantID: Int64?) {
        self.kind = kind
        self.userName = userName
        self.userID = userID
        self.permissions = permissions
        self.scope = scope
        self.participantID = participantID
    }

    /// Whether the principal holds `permission`.
    public func may(_ permission: Permission) -> Bool { permissions.contains(permission) }

    /// The operator who owns the database file: acts as superuser.
    public static let databaseOwner = Principal(
        kind: .databaseOwner, userName: "SUPERUSER", userID: nil, permissions: Role.superuser.permissions,
        scope: .everything, participantID: nil)
}
