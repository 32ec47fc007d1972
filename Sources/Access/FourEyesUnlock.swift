import Foundation
import Org
import Store
import TollbookCore

/// Four-eyes unlock of individual detail (privacy P9): a user with `unlock.request` asks to see
/// named fields of one other person's calls in one period beyond that person's privacy package,
/// with a purpose; a *different* human user with `unlock.approve` (works council, DPO) approves
/// or refuses. An approval is valid for at most ``maxHours`` (≤ 24) hours; the query layer then
/// shows the fields to the requester only, read-only, with a watermark. Every step is audited
/// (`unlock.request`, `unlock.approve`, `unlock.refuse`, `unlock.revoke`; the query layer records
/// `unlock.use`) with the unlock id — the purpose stays in the unlock row, never in the log.
///
/// Not thread-safe (one store connection): one instance per command or request.
public final class FourEyesUnlock {
    /// The store the unlocks are kept in.
    public let store: CallStore
    /// Where every step is recorded.
    public let audit: any AuditRecording
    /// How long an approval lasts, in hours (1…24).
    public let maxHours: Int
    /// The time source.
    public let clock: AccessClock

    /// Works on the unlocks in `store`.
    /// - Throws: ``UnlockError/maxHoursOutOfRange(_:)`` when `maxHours` is outside 1…24.
    public init(store: CallStore, audit: any AuditRecording, maxHours: Int = 24, clock: AccessClock = .system) throws {
        guard (1...24).contains(maxHours) else { throw UnlockError.maxHoursOutOfRange(maxHours) }
        self.store = store
        self.audit = audit
        self.maxHours = maxHours
        self.clock = clock
    }

    /// What a request asks for.
    public struct Request: Sendable, Equatable {
        /// The participant whose detail is asked for.
        public var subjectParticipantID: Int64
        /// Start of the period (UTC ms, inclusive).
        public var fromMs: Int64
        /// End of the period (UTC ms, exclusive).
        public var toMs: Int64
        /// The fields to reveal.
        public var fields: [UnlockField]
        /// Why (shown to the subject in their Art. 15 report).
        public var purpose: String

        /// Creates a request.
        public init(subjectParticipantID: Int64, fromMs: Int64, toMs: Int64, fields: [UnlockField], purpose: String) {
            self.subjectParticipantID = subjectParticipantID
            self.fromMs = fromMs
            self.toMs = toMs
            self.fields = fields
            self.purpose = purpose
        }
    }

    /// Files a pending request by `requester` and returns it.
    /// - Throws: ``UnlockError`` (not a human user, no `unlock.request`, no purpose or fields, empty period, own calls).
    @discardableResult
    public func request(_ request: Request, by requester: Principal) throws -> Unlock {
        let subject = Self.subject(request.subjectParticipantID)
        let step = "request an unlock"
        guard requester.kind == .user, let userID = requester.userID else {
            try deny(AuditAction.unlockRequest, requester, subject, UnlockError.notAHuman(step: step))
        }
        guard requester.may(.unlockRequest) else {
            try deny(AuditAction.unlockRequest, requester, subject,
                     UnlockError.notPermitted(step: step, permission: Permission.unlockRequest.rawValue))
        }
        let purpose = request.purpose.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !purpose.isEmpty else { throw UnlockError.purposeMissing }
        guard !request.fields.isEmpty else { throw UnlockError.noFields }
        guard request.fromMs < request.toMs else { throw UnlockError.emptyPeriod }
        guard requester.participantID != request.subjectParticipantID else { throw UnlockError.ownCalls }
        let fields = Array(Set(request.fields)).sorted()
        let id = try store.insertUnlock(
            requesterID: userID, requester: requester.userName, subjectParticipantID: request.subjectParticipantID,
            fromMs: request.fromMs, toMs: request.toMs, fields: fields.map(\.rawValue), purpose: purpose,
            createdMs: clock.nowMs())
        try audit.record(AuditEvent(action: AuditAction.unlockRequest, actor: requester.userName, subject: subject,
                                    outcome: .success, detail: "unlock=\(id) " + Self.scopeDetail(request.fromMs, request.toMs, fields)))
        return try unlock(id)
    }

    /// Approves pending unlock `id`: `approver` must be a human user (not a token), hold
    /// `unlock.approve` and not be the requester. Valid for ``maxHours`` hours from now.
    /// - Throws: ``UnlockError`` (each refusal is audited as a denied `unlock.approve`).
    @discardableResult
    public func approve(_ id: Int64, by approver: Principal) throws -> Unlock {
        try decide(id, approve: true, by: approver)
    }

    /// Refuses pending unlock `id` (the same rules as ``approve(_:by:)``); audited as `unlock.refuse`.
    @discardableResult
    public func refuse(_ id: Int64, by approver: Principal) throws -> Unlock {
        try decide(id, approve: false, by: approver)
    }

    /// Revokes a pending or approved unlock: its requester, an approver (`unlock.approve`) or an
    /// administrator (`privacy.administer`) may. From then on the query layer masks again.
    /// - Throws: ``UnlockError``.
    @discardableResult
    public func revoke(_ id: Int64, by actor: Principal) throws -> Unlock {
        let current = try unlock(id)
        let subject = Self.subject(current.subjectParticipantID)
        let isRequester = actor.kind != .databaseOwner && actor.userID == current.requesterID
        guard isRequester || actor.may(.unlockApprove) || actor.may(.privacyAdminister) else {
            try deny(AuditAction.unlockRevoke, actor, subject, UnlockError.notPermitted(
                step: "revoke another person's unlock", permission: Permission.unlockApprove.rawValue), id: id)
        }
        guard current.status == .pending || current.status == .approved else {
            throw UnlockError.wrongState(id: id, status: current.status.rawValue, step: "revoked")
        }
        try translate { try store.revokeUnlock(id: id, by: actor.userName, nowMs: clock.nowMs()) }
        try audit.record(AuditEvent(action: AuditAction.unlockRevoke, actor: actor.userName, subject: subject,
                                    outcome: .success, detail: "unlock=\(id)"))
        return try unlock(id)
    }

    /// The unlocks `actor` may see, newest first: every unlock for approvers (`unlock.approve`),
    /// auditors (`audit.read`) and administrators (`privacy.administer`); one's own requests otherwise.
    public func list(for actor: Principal) throws -> [Unlock] {
        let nowMs = clock.nowMs()
        let all = try store.unlocks().map { Unlock($0, nowMs: nowMs) }
        if actor.may(.unlockApprove) || actor.may(.auditRead) || actor.may(.privacyAdminister) { return all }
        guard actor.kind != .databaseOwner, let userID = actor.userID else { return [] }
        return all.filter { $0.requesterID == userID }
    }

    /// The participant `reference` names (`#<id>`, employee id, e-mail or unique name).
    /// - Throws: ``OrgError`` when none or several match.
    public func participantID(matching reference: String) throws -> Int64 {
        try OrgChart(store: store).participant(matching: reference).id
    }

    /// The unlock `id` as it is now.
    /// - Throws: ``UnlockError/noSuchUnlock(_:)``.
    public func unlock(_ id: Int64) throws -> Unlock {
        guard let record = try store.unlock(id: id) else { throw UnlockError.noSuchUnlock(id) }
        return Unlock(record, nowMs: clock.nowMs())
    }

    // MARK: Private

    private func decide(_ id: Int64, approve: Bool, by approver: Principal) throws -> Unlock {
        let action = approve ? AuditAction.unlockApprove : AuditAction.unlockRefuse
        let step = approve ? "approve an unlock" : "refuse an unlock"
        let current = try unlock(id)
        let subject = Self.subject(current.subjectParticipantID)
        guard approver.kind == .user, let userID = approver.userID else {
            try deny(action, approver, subject, UnlockError.notAHuman(step: step), id: id)
        }
        guard userID != current.requesterID else {
            try deny(action, approver, subject, UnlockError.selfApproval(id: id), id: id)
        }
        guard approver.may(.unlockApprove) else {
            try deny(action, approver, subject,
                     UnlockError.notPermitted(step: step, permission: Permission.unlockApprove.rawValue), id: id)
        }
        guard current.status == .pending else {
            throw UnlockError.wrongState(id: id, status: current.status.rawValue, step: approve ? "approved" : "refused")
        }
        let nowMs = clock.nowMs()
        let expiresMs = approve ? nowMs + Int64(maxHours) * 3_600_000 : nil
        try translate {
            try store.decideUnlock(id: id, status: approve ? "approved" : "refused", by: approver.userName, nowMs: nowMs,
                                   expiresMs: expiresMs)
        }
        try audit.record(AuditEvent(action: action, actor: approver.userName, subject: subject, outcome: .success,
                                    detail: "unlock=\(id)" + (expiresMs.map { " expires=\(AccessTime.iso($0))" } ?? "")))
        return try unlock(id)
    }

    /// Records a refused step and throws `error`.
    private func deny(_ action: String, _ actor: Principal, _ subject: String, _ error: UnlockError,
                      id: Int64? = nil) throws -> Never {
        try audit.record(AuditEvent(action: action, actor: actor.userName, subject: subject, outcome: .denied,
                                    detail: (id.map { "unlock=\($0) " } ?? "") + error.description))
        throw error
    }

    /// Store errors of a concurrent change as ``UnlockError``.
    private func translate(_ body: () throws -> Void) throws {
        do { try body() } catch let error as UnlockRecordError {
            switch error {
            case .noSuchUnlock(let id): throw UnlockError.noSuchUnlock(id)
            case let .notInState(id, expected): throw UnlockError.wrongState(id: id, status: "no longer \(expected)", step: "changed")
            }
        }
    }

    /// The audit subject of a participant (pseudonymised by the log).
    static func subject(_ participantID: Int64) -> String { "participant:\(participantID)" }

    /// `from=… to=… fields=…` of the audit detail (dates and field names only).
    static func scopeDetail(_ fromMs: Int64, _ toMs: Int64, _ fields: [UnlockField]) -> String {
        "from=\(AccessTime.iso(fromMs)) to=\(AccessTime.iso(toMs)) fields=\(fields.map(\.rawValue).joined(separator: ","))"
    }
}
