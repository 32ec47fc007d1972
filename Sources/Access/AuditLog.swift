import Foundation
import Store
import Synchronization
import TollbookCore

/// The audit log (P10): an append-only, HMAC-chained table in the store. Each row's MAC is
/// HMAC-SHA256(key, seq ‖ prev ‖ time ‖ action ‖ actor ‖ subject ‖ outcome ‖ detail) with the key
/// from a file outside the database; subjects are stored as keyed pseudonyms, never in plain.
///
/// Uses its own connection to the store, so that recording works from any thread.
public final class AuditLog: AuditRecording {
    private let store: Mutex<CallStore>
    /// The key rows are MACed with.
    public let key: AuditKey
    private let clock: AccessClock

    /// Opens the log of the store at `databasePath` with the key file at `keyPath`. The key file is
    /// created (mode 0600) only while the log is empty: a missing key for a log with rows is an error.
    /// - Throws: ``AccessError/auditKey(path:reason:)``, ``StoreError``.
    public init(databasePath: String, keyPath: String, clock: AccessClock = .system) throws {
        let opened = try CallStore(path: databasePath, encryption: .withoutCallData)
        let empty = try opened.auditHead() == nil
        key = try AuditKey.load(path: keyPath, create: empty)
        self.clock = clock
        store = Mutex(opened)
    }

    /// Appends `event`: the subject pseudonymised, the row MACed and chained to the previous one.
    public func record(_ event: AuditEvent) throws {
        _ = try append(event)
    }

    /// Appends `event` and returns the stored row.
    @discardableResult
    public func append(_ event: AuditEvent) throws -> AuditRow {
        let key = self.key
        let subject = event.subject.map { key.pseudonym($0) }
        let nowMs = clock.nowMs()
        return try store.withLock { store in
            try store.appendAudit(timeMs: nowMs, action: event.action, actor: event.actor, subject: subject,
                                  outcome: event.outcome.rawValue, detail: event.detail) { seq, prev in
                key.mac(Self.macInput(seq: seq, prev: prev, timeMs: nowMs, action: event.action, actor: event.actor,
                                      subject: subject, outcome: event.outcome.rawValue, detail: event.detail))
            }
        }
    }

    /// The rows matching `filter`, in sequence order.
    public func entries(_ filter: AuditFilter = AuditFilter()) throws -> [AuditRow] {
        let subject = filter.subject.map { self.key.pseudonym($0) }
        return try store.withLock { store in
            var rows: [AuditRow] = []
            try store.forEachAuditRow { row in
                if let from = filter.fromMs, row.timeMs < from { return }
                if let to = filter.toMs, row.timeMs >= to { return }
                if let actor = filter.actor, row.actor != actor { return }
                if let subject, row.subject != subject { return }
                if let action = filter.action, row.action != action && !row.action.hasPrefix(action + ".") { return }
                rows.append(row)
            }
            return rows
        }
    }

    /// The newest row's sequence number and MAC (what `tollbook audit anchor` prints), `nil` when empty.
    public func head() throws -> AuditAnchor? {
        try store.withLock { store in try store.auditHead().map { AuditAnchor(seq: $0.seq, mac: $0.mac) } }
    }

    /// Records the export of an anchor and returns the new head (which includes that record).
    public func exportAnchor(actor: String) throws -> AuditAnchor {
        let row = try append(AuditEvent(action: AuditAction.auditAnchor, actor: actor, outcome: .success))
        return AuditAnchor(seq: row.seq, mac: row.mac)
    }

    /// Checks every row's MAC, the sequence and the chain, and (with an anchor) that the log
    /// still reaches the anchor's row with the anchor's MAC. After retention pruned a prefix, the
    /// chain starts at the prune point the store keeps (the last pruned row's seq and MAC).
    ///
    /// Problems are described as `row 7 was edited`, `row 5 was deleted`, `rows 5–8 were deleted`,
    /// `row 3 holds what was written as seq 4 (rows were reordered)`, `row 9 does not follow row 8`,
    /// `truncated after seq 8 (the anchor names seq 10)` and `row 10 differs from the anchor`.
    public func verify(anchor: AuditAnchor?) throws -> AuditVerification {
        let key = self.key
        return try store.withLock { store in
            var problems: [String] = []
            var expectedSeq: Int64 = 1
            var previousMAC = CallStore.auditGenesisMAC
            // Retention prunes whole prefixes and leaves the last pruned row's seq and MAC: the chain starts there.
            let pruned = try store.auditPrunedAnchor()
            if let pruned {
                expectedSeq = pruned.seq + 1
                previousMAC = pruned.mac
            }
            var previousValid = true
            var count = 0
            var last: AuditRow?
            var anchorRow: AuditRow?
            try store.forEachAuditRow { row in
                count += 1
                func mac(asSeq seq: Int64) -> String {
                    key.mac(Self.macInput(seq: seq, prev: row.prevMAC, timeMs: row.timeMs, action: row.action,
                                          actor: row.actor, subject: row.subject, outcome: row.outcome, detail: row.detail))
                }
                let valid = mac(asSeq: row.seq) == row.mac
                if row.seq > expectedSeq {
                    problems.append(row.seq - expectedSeq == 1 ? "row \(expectedSeq) was deleted"
                                    : "rows \(expectedSeq)–\(row.seq - 1) were deleted")
                }
                if !valid {
                    let window = max(1, row.seq - 1000)...(row.seq + 1000)
                    if let original = window.first(where: { $0 != row.seq && mac(asSeq: $0) == row.mac }) {
                        problems.append("row \(row.seq) holds what was written as seq \(original) (rows were reordered)")
                    } else {
                        problems.append("row \(row.seq) was edited")
                    }
                } else if previousValid && row.seq == expectedSeq && row.prevMAC != previousMAC {
                    problems.append("row \(row.seq) does not follow row \(row.seq - 1) (the chain is broken)")
                }
                previousValid = valid
                previousMAC = row.mac
                expectedSeq = row.seq + 1
                last = row
                if row.seq == anchor?.seq { anchorRow = row }
            }
            if let anchor, let pruned, anchor.seq <= pruned.seq {
                // The anchor's row was pruned by retention: only the prune point itself can be compared.
                if anchor.seq == pruned.seq && anchor.mac != pruned.mac {
                    problems.append("row \(anchor.seq) differs from the anchor (the log was replaced up to there)")
                }
            } else if let anchor {
                let lastSeq = last?.seq ?? pruned?.seq ?? 0
                if lastSeq < anchor.seq {
                    problems.append("truncated after seq \(lastSeq) (the anchor names seq \(anchor.seq))")
                } else if let anchorRow, anchorRow.mac != anchor.mac {
                    problems.append("row \(anchor.seq) differs from the anchor (the log was replaced up to there)")
                } else if anchorRow == nil {
                    problems.append("row \(anchor.seq) of the anchor is missing")
                }
            }
            return AuditVerification(rows: count, head: last.map { AuditAnchor(seq: $0.seq, mac: $0.mac) },
                                     anchor: anchor, problems: problems)
        }
    }

    /// The bytes a row's MAC is computed over: a version tag, then every field as its byte count,
    /// a colon and its UTF-8 bytes (a missing subject as `-`), so no two rows share an input.
    static func macInput(seq: Int64, prev: String, timeMs: Int64, action: String, actor: String, subject: String?,
                         outcome: String, detail: String) -> [UInt8] {
        var bytes = Array("tollbook-audit-v1\n".utf8)
        func field(_ text: String) {
            let utf8 = Array(text.utf8)
            bytes += Array("\(utf8.count):".utf8)
            bytes += utf8
        }
        field(String(seq))
        field(prev)
        field(String(timeMs))
        field(action)
        field(actor)
        if let subject { field(subject) } else { bytes += Array("-".utf8) }
        field(outcome)
        field(detail)
        return bytes
    }
}

/// Which rows `tollbook audit list` shows.
public struct AuditFilter: Sendable, Equatable {
    /// Rows at or after this time (UTC ms).
    public var fromMs: Int64?
    /// Rows before this time (UTC ms).
    public var toMs: Int64?
    /// Rows of this actor (user name).
    public var actor: String?
    /// Rows about this subject (given in plain, compared by its pseudonym).
    public var subject: String?
    /// Rows of this action or its sub-actions (`users` matches `users.add`).
    public var action: String?

    /// Creates a filter; `nil` fields do not filter.
    public init(fromMs: Int64? = nil, toMs: Int64? = nil, actor: String? = nil, subject: String? = nil,
                action: String? = nil) {
        self.fromMs = fromMs
        self.toMs = toMs
        self.actor = actor
        self.subject = subject
        self.action = action
    }
}

/// The head of the log at one time: stored elsewhere, it lets `verify` detect truncation and
/// replacement of the rows up to it.
public struct AuditAnchor: Sendable, Equatable, CustomStringConvertible {
    /// The head row's sequence number.
    public var seq: Int64
    /// The head row's MAC, hex.
    public var mac: String

    /// Creates an anchor.
    public init(seq: Int64, mac: String) {
        self.seq = seq
        self.mac = mac
    }

    /// `tollbook-audit-anchor seq=12 mac=<hex>`: the line `tollbook audit anchor` prints.
    public var description: String { "tollbook-audit-anchor seq=\(seq) mac=\(mac)" }

    /// Reads the line ``description`` writes (surrounding white space ignored).
    public init?(parsing text: String) {
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
        guard parts.count == 3, parts[0] == "tollbook-audit-anchor", parts[1].hasPrefix("seq="), parts[2].hasPrefix("mac="),
              let seq = Int64(parts[1].dropFirst(4)), seq >= 1 else { return nil }
        let mac = String(parts[2].dropFirst(4))
        guard mac.count == 64, mac.allSatisfy({ $0.isHexDigit }) else { return nil }
        self.init(seq: seq, mac: mac.lowercased())
    }
}

/// What `verify` found.
public struct AuditVerification: Sendable, Equatable {
    /// Rows read.
    public var rows: Int
    /// The last row, `nil` for an empty log.
    public var head: AuditAnchor?
    /// The anchor checked against, if any.
    public var anchor: AuditAnchor?
    /// Every problem found, in sequence order; empty when the log is intact.
    public var problems: [String]
    /// Whether no problem was found.
    public var isIntact: Bool { problems.isEmpty }
}

/// The action names the audit log uses (`docs/access.md` lists them).
public enum AuditAction {
    /// A password or directory login.
    public static let login = "login"
    /// A request authenticated with an API token.
    public static let tokenLogin = "login.token"
    /// `tollbook setup`.
    public static let setup = "setup"
    /// A user was added.
    public static let userAdd = "users.add"
    /// A user was removed.
    public static let userRemove = "users.remove"
    /// A user was disabled.
    public static let userDisable = "users.disable"
    /// A user was enabled (and unlocked).
    public static let userEnable = "users.enable"
    /// A password was set.
    public static let userPassword = "users.passwd"
    /// A user's roles changed.
    public static let userRoles = "users.roles"
    /// A user's scope changed.
    public static let userScope = "users.scope"
    /// A custom role was added.
    public static let roleAdd = "roles.add"
    /// A custom role was removed.
    public static let roleRemove = "roles.remove"
    /// An API token was created.
    public static let tokenCreate = "tokens.create"
    /// An API token was revoked.
    public static let tokenRevoke = "tokens.revoke"
    /// The head was exported as an anchor.
    public static let auditAnchor = "audit.anchor"
    /// The log was verified.
    public static let auditVerify = "audit.verify"
    /// Call data was exported ([privacy], [analytics]).
    public static let export = "export"
    /// A report was run about another person.
    public static let reportForOther = "report.other_person"
    /// A person's data was erased.
    public static let erasure = "erasure"
    /// A retention run deleted expired data.
    public static let retentionRun = "retention.run"
    /// The configuration was changed.
    public static let configurationChange = "configuration.change"
    /// Individual detail was unlocked (four-eyes, [privacy]).
    public static let unlock = "unlock"
    /// A four-eyes unlock was requested (privacy P9).
    public static let unlockRequest = "unlock.request"
    /// A four-eyes unlock was approved.
    public static let unlockApprove = "unlock.approve"
    /// A four-eyes unlock was refused by an approver.
    public static let unlockRefuse = "unlock.refuse"
    /// A four-eyes unlock was revoked.
    public static let unlockRevoke = "unlock.revoke"
    /// Detail was shown under an approved unlock (recorded by the query layer).
    public static let unlockUse = "unlock.use"
    /// A data subject's Art. 15 report was produced (privacy P13).
    public static let subjectReport = "privacy.report"
    /// A read outside the reader's scope was refused.
    public static let scopeDenied = "read.denied"
}
