/// Errors of the certification suite itself (not findings about a plugin: those are check results).
public enum CertificationError: Error, CustomStringConvertible, Equatable {
    /// The `--corpus` directory or one of its files cannot be read.
    case unreadableCorpus(path: String, reason: String)
    /// The plugin file cannot be read (for its sha256).
    case unreadablePlugin(path: String)
    /// No check has this id (or id prefix).
    case unknownCheck(String)
    /// A worker process could not be started.
    case workerLaunchFailed(reason: String)

    /// A message for the user.
    public var description: String {
        switch self {
        case let .unreadableCorpus(path, reason):
            return "cannot read corpus \(path): \(reason)"
        case let .unreadablePlugin(path):
            return "cannot read plugin file \(path)"
        case let .unknownCheck(id):
            return "no check is named '\(id)' (see docs/certification.md for the check ids)"
        case let .workerLaunchFailed(reason):
            return "cannot start a certification worker: \(reason)"
        }
    }
}
