import Access
import Crypto
import Foundation
import Org
import Store
import TollbookConfiguration

/// Whose data an erasure request covers.
public enum ErasureSubject: Sendable, Equatable {
    /// A participant of the org chart: `#<id>`, an employee id, an e-mail address or a unique name
    /// (as every `tollbook org` command names them). Every call the chart allocates to them is erased.
    case participant(String)
    /// An E.164 number: every call with it in any party column is erased.
    case number(String)
}

/// Erasure with receipt (P12, Art. 17 GDPR): resolves the subject's calls, folds them into the
/// k-safe sums (which stay; those of held categories are listed with their legal basis), shreds
/// them through the store (destroying their data keys when encryption is on), replaces the
/// participant's personal fields in the org chart by a pseudonym, audits the erasure, secure-
/// deletes and truncates the WAL, and returns a signed receipt.
public struct Erasure {
    /// The store's path.
    public let storePath: String
    /// The store's key when it is encrypted (``StoreKeyAccess/none`` for a plaintext store).
    public let encryption: StoreKeyAccess
    /// Legal holds and the signing key file.
    public let configuration: ErasureConfiguration
    /// Months of sums on this clock.
    public let months: MonthClock
    /// The audit log (its key also makes the subject's pseudonym).
    public let audit: AuditLog
    /// Who asks (`tollbook erase`).
    public let actor: String
    /// The receipt signing key.
    public let signingKey: Curve25519.Signing.PrivateKey

    /// An erasure service for the store at `storePath`.
    public init(storePath: String, configuration: ErasureConfiguration, timeZone: TimeZone, audit: AuditLog, actor: String,
                signingKey: Curve25519.Signing.PrivateKey, encryption: StoreKeyAccess = .none) {
        self.storePath = storePath
        self.encryption = encryption
        self.configuration = configuration
        months = MonthClock(timeZone: timeZone)
        self.audit = audit
        self.actor = actor
        self.signingKey = signingKey
    }

    /// Erases `subject` at `nowMs` and returns the signed receipt.
    /// - Throws: ``RetentionError``, ``StoreError``.
    public func erase(_ subject: ErasureSubject, reason: String?, nowMs: Int64) throws -> ErasureReceipt {
        let store = try CallStore(path: storePath, encryption: encryption)
        let chart = OrgChart(store: store)
        var participantID: Int64?
        var candidates: [RetentionCandidate] = []
        let auditSubject: String
        switch subject {
        case let .participant(reference):
            let participant = try Self.participant(reference, in: chart)
            participantID = participant.id
            auditSubject = "participant:#\(participant.id)"
            // The chart's allocation decides; only calls with one of their classifiers can be theirs.
            try store.forEachRetentionCandidate(callIDs: try store.callIDs(withClassifiersOfParticipant: participant.id)) {
                if $0.participantID == participant.id { candidates.append($0) }
            }
        case let .number(number):
            guard number.hasPrefix("+"), number.count >= 6, number.count <= 16, number.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }),
                  !number.hasPrefix("+0") else { throw RetentionError.notE164 }
            auditSubject = "number:\(number)"
            try store.forEachRetentionCandidate(callIDs: try store.callIDs(withNumber: number)) { candidates.append($0) }
        }
        let pseudonym = audit.key.pseudonym(auditSubject)
        var sums: [RetentionEngine.SumKey: RetainedSum] = [:]
        var perCategory: [String: Int] = [:]
        for category in RetentionCategories.all { perCategory[category] = 0 }
        for call in candidates {
            RetentionEngine.fold(call, into: &sums, months: months)
            perCategory[call.category, default: 0] += 1
        }
        // What stays under legal hold: the subject's sums of held categories, per month.
        var held: [ErasureReceipt.HeldItem] = []
        for hold in configuration.legalHolds {
            var byMonth: [String: (calls: Int64, cost: Int64, currency: String)] = [:]
            for sum in sums.values where hold.categories.contains(sum.category) && sum.costMinor != 0 {
                let key = "\(sum.month)|\(sum.category)|\(sum.currency)"
                var entry = byMonth[key] ?? (0, 0, sum.currency)
                entry.calls += sum.calls
                entry.cost += sum.costMinor
                byMonth[key] = entry
            }
            for (key, entry) in byMonth.sorted(by: { $0.key < $1.key }) {
                let parts = key.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                held.append(ErasureReceipt.HeldItem(hold: hold.name, category: parts[1], month: parts[0], calls: entry.calls,
                                                    costMinor: entry.cost, currency: entry.currency, basis: hold.basis,
                                                    keptUntil: Self.month(parts[0], plus: hold.period)))
            }
        }
        let outcome = try store.write { transaction -> ShredOutcome in
            try transaction.enableSecureDelete()
            try transaction.addRetainedSums(sums.values.sorted { ($0.month, $0.nodeID, $0.category) < ($1.month, $1.nodeID, $1.category) })
            let outcome = try transaction.shred(callIDs: candidates.map(\.callID))
            if let participantID {
                try transaction.pseudonymiseParticipant(id: participantID, pseudonym: "erased " + String(pseudonym.dropFirst(3).prefix(12)))
            }
            return outcome
        }
        let requestID = UUID().uuidString.lowercased()
        let detail = "request=\(requestID) scope=\(participantID == nil ? "number" : "participant") calls=\(outcome.deletedCalls) "
            + RetentionCategories.all.map { "\($0)=\(perCategory[$0] ?? 0)" }.joined(separator: " ")
            + " keys_destroyed=\(outcome.destroyedKeyFingerprints.count) legal_hold_items=\(held.count)"
        let row = try audit.append(AuditEvent(action: AuditAction.erasure, actor: actor, subject: auditSubject, outcome: .success,
                                              detail: detail))
        do {
            try store.checkpointAndTruncateWAL()
        } catch {
            throw RetentionError.checkpoint(reason: "\(error)")
        }
        var receipt = ErasureReceipt(
            requestID: requestID, scopeKind: participantID == nil ? "number" : "participant", subject: pseudonym,
            reason: reason, deletedPerCategory: perCategory, destroyedKeyFingerprints: outcome.destroyedKeyFingerprints,
            rekeyedCalls: outcome.rekeyedCalls, orgChartPseudonymised: participantID != nil, legalHold: held,
            auditSeq: row.seq, time: Self.iso(nowMs), publicKey: "", signature: "")
        try receipt.sign(with: signingKey)
        return receipt
    }

    /// The participant `reference` names, active or not (people who left are the usual subjects of
    /// an erasure): as `tollbook org` resolves it among the active ones, else `#id`, an employee id,
    /// an e-mail or a name that exactly one participant (active or ended) has.
    static func participant(_ reference: String, in chart: OrgChart) throws -> Participant {
        if let active = try? chart.participant(matching: reference) { return active }
        let everyone = try chart.participants()
        if reference.hasPrefix("#"), let id = Int64(reference.dropFirst()), let found = everyone.first(where: { $0.id == id }) {
            return found
        }
        for key in [\ParticipantFields.employeeID, \.email, \.name] {
            let matches = everyone.filter { !$0.fields[keyPath: key].isEmpty && $0.fields[keyPath: key] == reference }
            if matches.count == 1 { return matches[0] }
            if matches.count > 1 { throw RetentionError.noSuchParticipant(reason: "\(matches.count) participants match it; use #id") }
        }
        throw RetentionError.noSuchParticipant(reason: "no participant matches it")
    }

    /// `2026-12-07T16:00:00Z`.
    static func iso(_ ms: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(ms) / 1000))
    }

    /// `YYYY-MM` plus a period (days and weeks round to whole months).
    static func month(_ month: String, plus period: RetentionPeriod) -> String {
        let parts = month.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2 else { return month }
        let months: Int
        switch period.unit {
        case .year: months = period.amount * 12
        case .month: months = period.amount
        case .week, .day: months = max(1, period.approximateDays / 30)
        }
        let total = parts[0] * 12 + (parts[1] - 1) + months
        return String(format: "%04d-%02d", total / 12, total % 12 + 1)
    }
}
