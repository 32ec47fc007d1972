/// Something the audit log records: a login, an export, a report run for another person, a read
/// outside the reader's scope, a user or role change, a configuration change, …
///
/// Events carry no phone numbers and no names of people: `subject` is turned into a keyed
/// pseudonym by the log before it is written, and `detail` must be free of personal data.
public struct AuditEvent: Sendable, Equatable {
    /// How the audited action ended.
    public enum Outcome: String, Sendable, Equatable, Codable {
        /// It was done.
        case success
        /// It was refused (missing permission, outside the scope, locked account).
        case denied
        /// It was attempted and failed (wrong password, error).
        case failure
    }

    /// What was done, as a stable dotted name (`login`, `calls.list`, `users.add`, `audit.verify`, …).
    public var action: String
    /// The user name of who did it (`SUPERUSER` for the database owner).
    public var actor: String
    /// Whom or what it concerned (a participant id, a user name, an org node), pseudonymised by the log.
    public var subject: String?
    /// How it ended.
    public var outcome: Outcome
    /// What else an auditor needs (filters, counts, reason) — never phone numbers or names.
    public var detail: String

    /// Creates an event.
    public init(action: String, actor: String, subject: String? = nil, outcome: Outcome, detail: String = "") {
        self.action = action
        self.actor = actor
        self.subject = subject
        self.outcome = outcome
        self.detail = detail
    }
}

/// Where audited events go (the HMAC-chained audit log in the store). The query layer and the
/// commands record through this, so they do not depend on how the log is kept.
public protocol AuditRecording: Sendable {
    /// Appends `event` to the log; throws when it cannot be written (the action must then fail too).
    func record(_ event: AuditEvent) throws
}
