import Access
import Store

/// The reader's approved four-eyes unlocks (privacy P9), resolved once per query: which fields of
/// which subject's calls in which period the principal may see beyond the subject's package.
///
/// Grants only ever *reveal* fields of calls the principal can already list (an unlock never widens
/// the scope, never allows a write, and never reveals a protected number: those are replaced at
/// ingest). Only a human user's own approved, unexpired and unrevoked unlocks count: API tokens get
/// none. The masking of the privacy packages asks ``grant(revealing:owner:startMs:)`` per field.
public struct UnlockGrants: Sendable, Equatable {
    /// One approved unlock.
    public struct Grant: Sendable, Equatable {
        /// The unlock id.
        public var id: Int64
        /// The participant whose calls it concerns.
        public var subjectParticipantID: Int64
        /// Start of the period (UTC ms, inclusive).
        public var fromMs: Int64
        /// End of the period (UTC ms, exclusive).
        public var toMs: Int64
        /// The fields it reveals.
        public var fields: Set<UnlockField>
        /// Until when it is valid.
        public var expiresMs: Int64

        /// Creates a grant.
        public init(id: Int64, subjectParticipantID: Int64, fromMs: Int64, toMs: Int64, fields: Set<UnlockField>,
                    expiresMs: Int64) {
            self.id = id
            self.subjectParticipantID = subjectParticipantID
            self.fromMs = fromMs
            self.toMs = toMs
            self.fields = fields
            self.expiresMs = expiresMs
        }
    }

    /// The user the grants were given to.
    public let requester: String
    /// The valid grants, by id.
    public let grants: [Grant]

    /// No grant.
    public static let none = UnlockGrants(requester: "", grants: [])

    /// Creates grants (tests; the query layer resolves them with ``resolve(principal:store:nowMs:)``).
    public init(requester: String, grants: [Grant]) {
        self.requester = requester
        self.grants = grants.sorted { $0.id < $1.id }
    }

    /// The approved unlocks of `principal` valid at `nowMs`, read through the query connection's store.
    public static func resolve(principal: Principal, store: CallStore, nowMs: Int64) throws -> UnlockGrants {
        guard principal.kind == .user, let userID = principal.userID else { return .none }
        let grants = try store.activeUnlocks(requesterID: userID, nowMs: nowMs).compactMap { record -> Grant? in
            guard let expires = record.expiresMs else { return nil }
            return Grant(id: record.id, subjectParticipantID: record.subjectParticipantID, fromMs: record.fromMs,
                         toMs: record.toMs, fields: Set(record.fields.compactMap(UnlockField.init(rawValue:))),
                         expiresMs: expires)
        }
        return UnlockGrants(requester: principal.userName, grants: grants)
    }

    /// Whether there is no grant.
    public var isEmpty: Bool { grants.isEmpty }

    /// The grant that reveals `field` of a call owned by `owner` starting at `startMs`, if any.
    @inline(__always)
    public func grant(revealing field: UnlockField, owner: Int64?, startMs: Int64) -> Grant? {
        guard let owner, !grants.isEmpty else { return nil }
        for grant in grants where grant.subjectParticipantID == owner && grant.fromMs <= startMs && startMs < grant.toMs
            && grant.fields.contains(field) {
            return grant
        }
        return nil
    }

    /// The visible watermark of every output made under these grants (`nil` without grants):
    /// `UNLOCKED (four-eyes): shown to ben under unlock 3 until 2026-06-02T10:00:00Z; read-only, do not pass on`.
    public var watermark: String? {
        guard !grants.isEmpty else { return nil }
        let unlocks = grants.map { "unlock \($0.id) until \(AccessTime.iso($0.expiresMs))" }.joined(separator: ", ")
        return "UNLOCKED (four-eyes): shown to \(requester) under \(unlocks); read-only, do not pass on"
    }
}
