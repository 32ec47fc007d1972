import Access
import Foundation
import Store
import TollbookCore

/// Listing and acknowledging alarms, through the access layer: listing needs `alarms.read`,
/// acknowledging `alarms.acknowledge`; every acknowledgement and every refusal is recorded in the
/// audit log (action `alarms.list` / `alarms.acknowledge`, subject `alarm:<id>` — pseudonymised by
/// the log like every subject — and detail `alarm=<id>`; the comment stays in the alarm and never
/// enters the audit log).
public struct AlarmBook {
    /// The audit action of a refused listing.
    public static let listAction = "alarms.list"
    /// The audit action of an acknowledgement.
    public static let acknowledgeAction = "alarms.acknowledge"

    private let store: CallStore
    private let audit: any AuditRecording
    private let clock: AccessClock

    /// The alarms of `store`, audited to `audit`.
    public init(store: CallStore, audit: any AuditRecording, clock: AccessClock = .system) {
        self.store = store
        self.audit = audit
        self.clock = clock
    }

    /// The alarms (only those in `state`: `open` or `acknowledged`), oldest first.
    /// - Throws: ``AlarmError/notPermitted(step:permission:)`` without `alarms.read` (audited).
    public func list(state: String?, by principal: Principal) throws -> [AlarmRecord] {
        guard principal.may(.alarmsRead) else {
            try audit.record(AuditEvent(action: Self.listAction, actor: principal.userName, outcome: .denied))
            throw AlarmError.notPermitted(step: "list alarms", permission: Permission.alarmsRead.rawValue)
        }
        return try store.alarms(state: state)
    }

    /// Acknowledges open alarm `id` with an optional comment and records it in the audit log.
    /// - Throws: ``AlarmError/notPermitted(step:permission:)`` (audited), ``AlarmRecordError``.
    @discardableResult
    public func acknowledge(_ id: Int64, comment: String?, by principal: Principal) throws -> AlarmRecord {
        let subject = "alarm:\(id)"
        guard principal.may(.alarmsAcknowledge) else {
            try audit.record(AuditEvent(action: Self.acknowledgeAction, actor: principal.userName, subject: subject, outcome: .denied,
                                        detail: "alarm=\(id)"))
            throw AlarmError.notPermitted(step: "acknowledge alarms", permission: Permission.alarmsAcknowledge.rawValue)
        }
        let text = comment?.trimmingCharacters(in: .whitespacesAndNewlines)
        try store.acknowledgeAlarm(id: id, by: principal.userName, comment: text?.isEmpty == false ? text : nil, nowMs: clock.nowMs())
        try audit.record(AuditEvent(action: Self.acknowledgeAction, actor: principal.userName, subject: subject, outcome: .success,
                                    detail: "alarm=\(id)"))
        guard let alarm = try store.alarm(id: id) else { throw AlarmRecordError.noSuchAlarm(id) }
        return alarm
    }
}
