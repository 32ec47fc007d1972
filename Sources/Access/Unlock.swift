import Store

/// A four-eyes unlock as users see it: the stored row with its status at one time (an approved
/// unlock past its expiry reads ``Status/expired``).
public struct Unlock: Sendable, Equatable {
    /// Where an unlock stands.
    public enum Status: String, Sendable, Equatable, CaseIterable {
        /// Waiting for an approver.
        case pending
        /// Approved and valid (until ``Unlock/expiresMs``).
        case approved
        /// Refused by an approver.
        case refused
        /// Withdrawn by its requester, an approver or an administrator.
        case revoked
        /// Approved, and the validity has run out.
        case expired
    }

    /// The unlock id.
    public var id: Int64
    /// The requesting user's id.
    public var requesterID: Int64
    /// The requesting user's name.
    public var requester: String
    /// The participant whose detail is unlocked.
    public var subjectParticipantID: Int64
    /// Start of the period (UTC ms, inclusive).
    public var fromMs: Int64
    /// End of the period (UTC ms, exclusive).
    public var toMs: Int64
    /// The unlocked fields.
    public var fields: [UnlockField]
    /// Why.
    public var purpose: String
    /// When it was requested.
    public var createdMs: Int64
    /// The status at the time it was read.
    public var status: Status
    /// Who approved or refused it.
    public var decidedBy: String?
    /// When it was approved or refused.
    public var decidedMs: Int64?
    /// Until when an approved unlock is valid (exclusive).
    public var expiresMs: Int64?
    /// Who revoked it.
    public var revokedBy: String?
    /// When it was revoked.
    public var revokedMs: Int64?

    /// The unlock of `record` as it stands at `nowMs`.
    public init(_ record: UnlockRecord, nowMs: Int64) {
        id = record.id
        requesterID = record.requesterID
        requester = record.requester
        subjectParticipantID = record.subjectParticipantID
        fromMs = record.fromMs
        toMs = record.toMs
        fields = record.fields.compactMap(UnlockField.init(rawValue:)).sorted()
        purpose = record.purpose
        createdMs = record.createdMs
        let stored = Status(rawValue: record.status) ?? .refused
        if stored == .approved, let expires = record.expiresMs, nowMs >= expires {
            status = .expired
        } else {
            status = stored
        }
        decidedBy = record.decidedBy
        decidedMs = record.decidedMs
        expiresMs = record.expiresMs
        revokedBy = record.revokedBy
        revokedMs = record.revokedMs
    }
}
