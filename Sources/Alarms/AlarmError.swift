/// Why an alarm operation failed. Messages name files, sites and ids — never phone numbers or names.
public enum AlarmError: Error, Equatable, CustomStringConvertible {
    /// The principal lacks the permission the step needs (recorded as a denied audit event).
    case notPermitted(step: String, permission: String)
    /// A secret file is missing, unreadable, empty or readable by others.
    case secretFile(path: String, reason: String)
    /// A webhook attempt failed (connection, timeout, or a status other than 2xx).
    case webhookFailed(url: String, reason: String)
    /// The outbox holds a notification for a channel nobody delivers.
    case noNotifier(channel: String)
    /// The outbox holds a notification of a site without notification settings.
    case noWebhook(site: String)
    /// `--from` is not before `--to`.
    case emptyWindow

    /// What went wrong and what to do.
    public var description: String {
        switch self {
        case let .notPermitted(step, permission):
            return "not permitted to \(step): the permission \(permission) is needed (ask an administrator)"
        case let .secretFile(path, reason): return "\(path): \(reason)"
        case let .webhookFailed(url, reason): return "webhook \(url): \(reason)"
        case .noNotifier(let channel): return "no notifier delivers the channel '\(channel)' (is this build missing it?)"
        case .noWebhook(let site): return "site '\(site)' has no alarms.webhook in the configuration any more"
        case .emptyWindow: return "--from must be before --to"
        }
    }
}
