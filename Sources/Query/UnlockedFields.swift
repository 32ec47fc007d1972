import Access
import Foundation
import Privacy

/// The four-eyes unlocks of one query as the privacy view's hook (``PrivacyUnlocks``): which fields
/// of a call an approved unlock reveals to its requester, and — for the audit — how many rows each
/// unlock revealed during one read.
///
/// `@unchecked Sendable`: the counts are only touched under `lock`.
final class UnlockedFields: PrivacyUnlocks, @unchecked Sendable {
    /// The principal's approved, unexpired unlocks.
    let grants: UnlockGrants
    private let lock = NSLock()
    private var uses: [Int64: (subject: Int64, rows: Int)] = [:]

    init(grants: UnlockGrants) {
        self.grants = grants
    }

    /// The fields an unlock reveals of the call owned by `owner` starting at `startMs` (only to the
    /// unlock's requester: the grants were resolved for the principal of the query). Every unlock
    /// that applies counts the row once.
    func unlockedFields(for principal: Principal, owner: Int64?, startMs: Int64) -> Set<PrivacyField> {
        guard !grants.isEmpty, owner != nil else { return [] }
        var fields = Set<PrivacyField>()
        var applied: [UnlockGrants.Grant] = []
        for field in PrivacyField.allCases {
            guard let unlockField = UnlockField(rawValue: field.rawValue),
                  let grant = grants.grant(revealing: unlockField, owner: owner, startMs: startMs) else { continue }
            fields.insert(field)
            if !applied.contains(where: { $0.id == grant.id }) { applied.append(grant) }
        }
        if !applied.isEmpty {
            lock.withLock {
                for grant in applied { uses[grant.id, default: (subject: grant.subjectParticipantID, rows: 0)].rows += 1 }
            }
        }
        return fields
    }

    /// The rows each unlock revealed since the last call (unlock id → subject, rows), and resets them.
    func takeUses() -> [Int64: (subject: Int64, rows: Int)] {
        lock.withLock {
            defer { uses = [:] }
            return uses
        }
    }
}
