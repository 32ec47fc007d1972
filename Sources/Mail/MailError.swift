/// Why a report was not mailed. Messages name the schedule, the server and what failed — never a
/// recipient's address or a person's name (they go to logs and to the audit log's detail).
public enum MailError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A header value holds a line break (header injection) or is otherwise unusable.
    case invalidHeader(name: String, reason: String)
    /// An attachment's file name or media type cannot be put into a header.
    case invalidAttachment(reason: String)
    /// A cron expression is malformed; `field` is `minute`, `hour`, `day of month`, `month` or `day of week`.
    case invalidSchedule(field: String, reason: String)
    /// The secret file is missing, empty or readable by others.
    case secretFile(path: String, reason: String)
    /// The SMTP server could not be reached, or the connection broke.
    case connect(host: String, port: Int, reason: String)
    /// The server does not offer STARTTLS, or the TLS handshake failed (certificate not trusted, …).
    case tls(host: String, port: Int, reason: String)
    /// The server refused the user name or password.
    case authentication(host: String, port: Int, user: String, reason: String)
    /// The server refused the sender, a recipient or the message.
    case refused(host: String, port: Int, reason: String)
    /// No scheduled report of that name in the configuration.
    case unknownReport(String)
    /// The configuration has no `mail:` section.
    case notConfigured
    /// The report could not be rendered.
    case rendering(report: String, reason: String)
    /// A recipient entry cannot be resolved (a `manager:` path that names no org node).
    case recipients(report: String, reason: String)

    /// Whether trying again later may help (the server was down or refused for now).
    public var isTransient: Bool {
        switch self {
        case .connect, .refused: return true
        default: return false
        }
    }

    /// A message for the operator.
    public var description: String {
        switch self {
        case let .invalidHeader(name, reason): return "mail header \(name): \(reason)"
        case let .invalidAttachment(reason): return "mail attachment: \(reason)"
        case let .invalidSchedule(field, reason): return "\(field): \(reason)"
        case let .secretFile(path, reason): return "\(path): \(reason)"
        case let .connect(host, port, reason): return "SMTP server \(host):\(port) cannot be reached: \(reason)"
        case let .tls(host, port, reason): return "SMTP server \(host):\(port): STARTTLS failed: \(reason)"
        case let .authentication(host, port, user, reason):
            return "SMTP server \(host):\(port) refused the login of user \(user): \(reason)"
        case let .refused(host, port, reason): return "SMTP server \(host):\(port) refused the message: \(reason)"
        case let .unknownReport(name): return "there is no scheduled report '\(name)' in the configuration's reports: section"
        case .notConfigured: return "the configuration has no mail: section (the SMTP server)"
        case let .rendering(report, reason): return "report '\(report)' could not be rendered: \(reason)"
        case let .recipients(report, reason): return "report '\(report)': \(reason)"
        }
    }
}
