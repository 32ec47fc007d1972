/// The audited actions the query layer, [privacy] and the configuration commands record, each as
/// one call with the right action name. Subjects are pseudonymised by the log; `detail` must hold
/// no phone numbers and no names of people.
extension AuditRecording {
    /// Call data was exported (CSV, PDF, API download): `detail` says what and how many rows.
    public func recordExport(actor: String, subject: String? = nil, outcome: AuditEvent.Outcome = .success,
                             detail: String) throws {
        try record(AuditEvent(action: AuditAction.export, actor: actor, subject: subject, outcome: outcome, detail: detail))
    }

    /// A report or statement was run about another person (`subject`).
    public func recordReportForOther(actor: String, subject: String, detail: String) throws {
        try record(AuditEvent(action: AuditAction.reportForOther, actor: actor, subject: subject, outcome: .success,
                              detail: detail))
    }

    /// A read outside the reader's scope was refused (it returned nothing).
    public func recordScopeDenied(actor: String, subject: String? = nil, detail: String) throws {
        try record(AuditEvent(action: AuditAction.scopeDenied, actor: actor, subject: subject, outcome: .denied, detail: detail))
    }

    /// Individual detail was unlocked (four-eyes): `detail` names the purpose and the approver.
    public func recordUnlock(actor: String, subject: String, detail: String) throws {
        try record(AuditEvent(action: AuditAction.unlock, actor: actor, subject: subject, outcome: .success, detail: detail))
    }

    /// A person's data was erased: `detail` holds the counts per category and the receipt id.
    public func recordErasure(actor: String, subject: String, detail: String) throws {
        try record(AuditEvent(action: AuditAction.erasure, actor: actor, subject: subject, outcome: .success, detail: detail))
    }

    /// A retention run deleted expired data: `detail` holds the counts per category.
    public func recordRetentionRun(actor: String, outcome: AuditEvent.Outcome = .success, detail: String) throws {
        try record(AuditEvent(action: AuditAction.retentionRun, actor: actor, outcome: outcome, detail: detail))
    }

    /// The configuration was changed: `detail` names the file and the changed keys.
    public func recordConfigurationChange(actor: String, detail: String) throws {
        try record(AuditEvent(action: AuditAction.configurationChange, actor: actor, outcome: .success, detail: detail))
    }
}
