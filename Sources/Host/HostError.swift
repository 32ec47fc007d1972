/// Errors of the plugin host. Descriptions are for admins: they name files and reasons, never
/// call data.
public enum HostError: Error, CustomStringConvertible, Equatable {
    /// No loaded plugin has this id.
    case unknownConnector(id: String, available: [String])
    /// The plugin refused its options (`key` names the option, if the plugin said).
    case invalidOptions(connector: String, key: String, message: String)
    /// An option given as `KEY=VALUE` was not of that form.
    case malformedOption(String)
    /// The plugin failed to create a parser or to parse, with its status and message.
    case pluginFailed(connector: String, operation: String, status: Int32, message: String)
    /// The plugin broke the ABI contract (consumed more than it got, never consumed, bad strides).
    case contractViolation(connector: String, detail: String)
    /// A file could not be read.
    case unreadableFile(path: String, reason: String)
    /// The connector's probe says it cannot read this file.
    case probeRefused(path: String, connector: String)
    /// An unknown IANA time zone name.
    case unknownTimeZone(String)
    /// The plugin found no record end in `limitBytes` bytes from `offset`: a record longer than
    /// the limit (or input of another format).
    case recordTooLong(path: String, offset: UInt64, limitBytes: Int)
    /// The import of `path` was stopped by a signal after `stored` records were committed.
    case interrupted(path: String, stored: Int)

    /// A message for the admin.
    public var description: String {
        switch self {
        case let .unknownConnector(id, available):
            let list = available.isEmpty ? "none is loaded (check --plugin-dir / TOLLBOOK_PLUGIN_PATH)" : "loaded: " + available.joined(separator: ", ")
            return "unknown connector '\(id)'; \(list)"
        case let .invalidOptions(connector, key, message):
            return key.isEmpty ? "connector \(connector) refused its options: \(message)"
                : "connector \(connector) refused option '\(key)': \(message)"
        case let .malformedOption(text):
            return "option '\(text)' is not of the form KEY=VALUE"
        case let .pluginFailed(connector, operation, status, message):
            return "connector \(connector) failed in \(operation) (status \(status))" + (message.isEmpty ? "" : ": \(message)")
        case let .contractViolation(connector, detail):
            return "connector \(connector) broke the plugin contract: \(detail)"
        case let .unreadableFile(path, reason):
            return "cannot read \(path): \(reason)"
        case let .probeRefused(path, connector):
            return "\(path) does not look like input for connector \(connector) (its probe refused the file)"
        case let .unknownTimeZone(name):
            return "unknown time zone '\(name)' (use an IANA name such as Europe/Berlin)"
        case let .recordTooLong(path, offset, limit):
            return "\(path): a record longer than the limit of \(limit >> 20) MiB starts at byte \(offset): the connector found "
                + "no record end in \(limit >> 20) MiB (raise the limit with --max-record-mb if records this long are real; "
                + "otherwise the file is damaged or of another format)"
        case let .interrupted(path, stored):
            return "import of \(path) interrupted after \(stored) records were stored (import the file again to add the rest)"
        }
    }
}
