/// Why reading the directory failed. Messages name the URL, the bind DN, the base DN or the
/// password file's path, and carry libldap's text; never a password and never a person's data.
public enum DirectoryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A setting is unusable before any connection is tried (the message names the setting).
    case invalidSettings(String)
    /// The password file is missing or cannot be read.
    case passwordFileUnreadable(path: String)
    /// The password file holds no password (an empty password would be an anonymous bind).
    case passwordFileEmpty(path: String)
    /// The server could not be reached.
    case connectFailed(url: String, reason: String)
    /// TLS (StartTLS or `ldaps://`) could not be set up, e.g. the certificate is not trusted.
    case tlsFailed(url: String, reason: String)
    /// The server refused the bind, e.g. because of invalid credentials.
    case bindFailed(dn: String, reason: String)
    /// The search failed.
    case searchFailed(baseDN: String, reason: String)

    /// A one-line message for the admin.
    public var description: String {
        switch self {
        case .invalidSettings(let message):
            return "directory settings: \(message)"
        case .passwordFileUnreadable(let path):
            return "directory password file \(path): missing or not readable"
        case .passwordFileEmpty(let path):
            return "directory password file \(path): empty (the password must be its first line)"
        case .connectFailed(let url, let reason):
            return "cannot connect to \(url): \(reason)"
        case .tlsFailed(let url, let reason):
            return "TLS with \(url) failed: \(reason)"
        case .bindFailed(let dn, let reason):
            return "bind as \(dn) failed: \(reason)"
        case .searchFailed(let baseDN, let reason):
            return "search under \(baseDN) failed: \(reason)"
        }
    }
}
