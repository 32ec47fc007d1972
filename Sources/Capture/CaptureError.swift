/// Errors of the capture service. Messages name instances, files and peers, never call data.
public enum CaptureError: Error, CustomStringConvertible, Equatable {
    /// A transport could not start (port taken, folder missing, …).
    case transportFailed(instance: String, transport: String, reason: String)
    /// A connector instance could not start.
    case instanceFailed(instance: String, reason: String)
    /// The configuration names no such connector instance.
    case unknownInstance(String)
    /// Another process already ingests this instance's journal.
    case instanceBusy(instance: String, lockFile: String)
    /// A received file could not be read into the journal.
    case unreadableFile(path: String, reason: String)
    /// The operations endpoint's token file is missing, unreadable or too open.
    case opsToken(path: String, reason: String)

    /// A message for the admin.
    public var description: String {
        switch self {
        case let .transportFailed(instance, transport, reason):
            return "connector '\(instance)': \(transport) transport: \(reason)"
        case let .instanceFailed(instance, reason):
            return "connector '\(instance)': \(reason)"
        case let .unknownInstance(name):
            return "no connector instance or site '\(name)' in the configuration"
        case let .unreadableFile(path, reason):
            return "\(path): cannot be read (\(reason))"
        case let .opsToken(path, reason):
            return "operations token \(path): \(reason)"
        case let .instanceBusy(instance, lockFile):
            return "connector '\(instance)' is being ingested by another process (lock \(lockFile)); stop it there first (tollbook sites disable \(instance))"
        }
    }
}
