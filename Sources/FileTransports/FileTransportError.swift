/// Errors of the file transports. Messages name host, port, user and path, never passwords or file contents.
public enum FileTransportError: Error, Equatable, CustomStringConvertible {
    /// A settings value is unusable (e.g. an account without any credential).
    case invalidSettings(String)
    /// A local file could not be read or written.
    case localFile(path: String, reason: String)
    /// The host key file could not be loaded or generated.
    case hostKey(path: String, reason: String)
    /// The SFTP server could not listen.
    case listen(host: String, port: Int, reason: String)
    /// A connection to a remote server failed.
    case connect(host: String, port: Int, reason: String)
    /// The remote server's host key is not the expected one.
    case hostKeyMismatch(host: String, port: Int, expected: String, actual: String)
    /// Logging in to a remote server failed.
    case authentication(host: String, port: Int, user: String, reason: String)
    /// A remote directory could not be listed.
    case list(peer: String, path: String, reason: String)
    /// A remote file could not be downloaded.
    case download(peer: String, path: String, reason: String)
    /// A remote file could not be deleted.
    case delete(peer: String, path: String, reason: String)
    /// The pickup state file could not be read or written.
    case stateFile(path: String, reason: String)

    /// A readable message.
    public var description: String {
        switch self {
        case .invalidSettings(let what): return "invalid file transport settings: \(what)"
        case .localFile(let path, let reason): return "local file \(path): \(reason)"
        case .hostKey(let path, let reason): return "SSH host key \(path): \(reason)"
        case .listen(let host, let port, let reason): return "cannot listen on \(host):\(port): \(reason)"
        case .connect(let host, let port, let reason): return "cannot connect to \(host):\(port): \(reason)"
        case .hostKeyMismatch(let host, let port, let expected, let actual):
            return "host key of \(host):\(port) is \(actual), expected \(expected)"
        case .authentication(let host, let port, let user, let reason):
            return "login as \(user) at \(host):\(port) failed: \(reason)"
        case .list(let peer, let path, let reason): return "cannot list \(path) at \(peer): \(reason)"
        case .download(let peer, let path, let reason): return "cannot download \(path) from \(peer): \(reason)"
        case .delete(let peer, let path, let reason): return "cannot delete \(path) at \(peer): \(reason)"
        case .stateFile(let path, let reason): return "pickup state file \(path): \(reason)"
        }
    }
}
