import Access
import Foundation
import Org
import Store
import TollbookConfiguration

/// What a retention run deleted (or, dry, would delete): counts per data class and category.
/// Never a number, a name or a call id.
public struct RetentionReport: Sendable, Equatable {
    /// One line: a data class, a category (`-` where the class has none) and a count.
    public struct Line: Sendable, Equatable {
        /// The data class.
        public var dataClass: RetentionDataClass
        /// The category, or `-`.
        public var category: String
        /// Rows (calls, rejects, sums, audit rows) deleted or to delete.
        public var count: Int
        /// The period that applied (`3 months`; several for detail under group rules: the default's).
        public var period: String
    }

    /// The instant the run expired data as of (UTC ms).
    public var asOfMs: Int64
    /// Whether nothing was changed.
    public var dryRun: Bool
    /// Every data class × category, in a fixed order.
    public var lines: [Line]
    /// Data keys destroyed by the shred (empty without encryption at rest).
    public var destroyedKeyFingerprints: [String]
    /// The seq of the `retention.run` audit row.
    public var auditSeq: Int64?

    /// The count of `dataClass` (summed over categories).
    public func count(_ dataClass: RetentionDataClass, category: String? = nil) -> Int {
        lines.filter { $0.dataClass == dataClass && (category == nil || $0.category == category) }.reduce(0) { $0 + $1.count }
    }
}

/// The retention engine (P11): expires call detail per person group × category, folds it into
/// k-safe sums first (so cost totals stay), shreds it through the store, prunes rejects, old
/// sums and a prefix of the audit log, checkpoints and truncates the WAL, and audits the run.
public struct RetentionEngine {
    /// The store's path.
    public let storePath: String
    /// The store's key when it is encrypted (``StoreKeyAccess/none`` for a plaintext store).
    public let encryption: StoreKeyAccess
    /// The rules.
    public let configuration: RetentionConfiguration
    /// Months of retained sums are read on this clock (the sites' time zone).
    public let months: MonthClock
    /// Where the run is recorded.
    public let audit: AuditLog
    /// Who runs it (`tollbook retention run`, `tollbook serve`).
    public let actor: String

    /// An engine for the store at `storePath`.
    public init(storePath: String, configuration: RetentionConfiguration, timeZone: TimeZone, audit: AuditLog, actor: String,
                encryption: StoreKeyAccess = .none) {
        self.storePath = storePath
        self.encryption = encryption
        self.configuration = configuration
        months = MonthClock(timeZone: timeZone)
        self.audit = audit
        self.actor = actor
    }

    /// Runs retention as of `asOfMs`; with `dryRun`, counts what would go and changes no data
    /// (the run itself is still audited, as `retention.run` with `dry_run=true`).
    /// Unlock records (data class `unlock`) expire through ``expireUnlockRecords(store:before:dryRun:)``.
    public func run(asOfMs: Int64, dryRun: Bool) throws -> RetentionReport {
        let store = try CallStore(path: storePath, encryption: encryption)
        let chart = OrgChart(store: store)
        let policy = try RetentionPolicy(configuration: configuration, chart: chart)
        // Detail: every call older than the shortest period is a candidate; its own rule decides.
        var expired: [Int64] = []
        var perCategory: [String: Int] = [:]
        var sums: [SumKey: RetainedSum] = [:]
        try store.forEachRetentionCandidate(beforeMs: policy.shortestDetail.cutoffMs(asOfMs: asOfMs)) { call in
            guard call.startMs < policy.detail(nodeID: call.nodeID, category: call.category).cutoffMs(asOfMs: asOfMs) else { return }
            expired.append(call.callID)
            perCategory[call.category, default: 0] += 1
            Self.fold(call, into: &sums, months: months)
        }
        // Aggregates: sums of months before the cutoff month of their node's rule.
        let expiredSums = try store.retainedSums(fromMonth: "0000-00", untilMonth: "9999-99").filter { sum in
            sum.month < months.month(ofMs: policy.aggregates(nodeID: sum.nodeID, category: sum.category).cutoffMs(asOfMs: asOfMs))
        }
        let rejectCutoff = configuration.rejects.cutoffMs(asOfMs: asOfMs)
        let rejects = try store.rejectCount(createdBeforeMs: rejectCutoff)
        let auditPrefix = try store.auditPrunablePrefix(beforeMs: configuration.audit.cutoffMs(asOfMs: asOfMs))
        var fingerprints: [String] = []
        if !dryRun {
            fingerprints = try store.write { transaction -> [String] in
                try transaction.enableSecureDelete()
                try transaction.deleteRetainedSums(expiredSums)
                try transaction.addRetainedSums(sums.values.sorted { ($0.month, $0.nodeID, $0.category) < ($1.month, $1.nodeID, $1.category) })
                let outcome = try transaction.shred(callIDs: expired)
                // KPI roll-ups (docs/rollups.md): quarters before the detail horizon stay as kept sums (never
                // rebuilt, skipped by verify); rows older than the strictest aggregates rule go.
                try store.setRollupsRetainedBefore(policy.shortestDetail.cutoffMs(asOfMs: asOfMs))
                if let cutoff = configuration.defaultRule.aggregates.values.map({ $0.cutoffMs(asOfMs: asOfMs) }).max() {
                    try store.deleteRollups(before: cutoff)
                }
                try transaction.deleteRejects(createdBeforeMs: rejectCutoff)
                if let auditPrefix {
                    try transaction.pruneAudit(throughSeq: auditPrefix.seq, mac: auditPrefix.mac, nowMs: asOfMs)
                }
                return outcome.destroyedKeyFingerprints
            }
        }
        let unlock = try expireUnlockRecords(store: store, before: configuration.unlock.cutoffMs(asOfMs: asOfMs), dryRun: dryRun)
        var lines: [RetentionReport.Line] = []
        for category in RetentionCategories.all {
            lines.append(.init(dataClass: .detail, category: category, count: perCategory[category] ?? 0,
                               period: configuration.defaultRule.detail[category]?.description ?? "-"))
        }
        for category in RetentionCategories.all {
            lines.append(.init(dataClass: .aggregates, category: category,
                               count: expiredSums.filter { $0.category == category }.count,
                               period: configuration.defaultRule.aggregates[category]?.description ?? "-"))
        }
        lines.append(.init(dataClass: .rejects, category: "-", count: rejects, period: configuration.rejects.description))
        lines.append(.init(dataClass: .audit, category: "-", count: auditPrefix?.rows ?? 0, period: configuration.audit.description))
        lines.append(.init(dataClass: .unlock, category: "-", count: unlock, period: configuration.unlock.description))
        var report = RetentionReport(asOfMs: asOfMs, dryRun: dryRun, lines: lines, destroyedKeyFingerprints: fingerprints)
        let detail = (["dry_run=\(dryRun)", "as_of=\(asOfMs)"] + lines.map { line in
            line.category == "-" ? "\(line.dataClass.rawValue)=\(line.count)" : "\(line.dataClass.rawValue).\(line.category)=\(line.count)"
        } + ["keys_destroyed=\(fingerprints.count)"] + (auditPrefix.map { ["audit_pruned_through=\($0.seq)"] } ?? []))
            .joined(separator: " ")
        report.auditSeq = try audit.append(AuditEvent(action: AuditAction.retentionRun, actor: actor, outcome: .success,
                                                      detail: detail)).seq
        if !dryRun {
            do {
                try store.checkpointAndTruncateWAL()
            } catch {
                throw RetentionError.checkpoint(reason: "\(error)")
            }
        }
        return report
    }

    /// Unlock records (P9: requests, approvals, refusals, revocations) whose last event lies
    /// before `before`: deleted (counted only with `dryRun`).
    public func expireUnlockRecords(store: CallStore, before: Int64, dryRun: Bool) throws -> Int {
        try store.expireUnlocks(beforeMs: before, dryRun: dryRun)
    }

    /// A sum's key.
    struct SumKey: Hashable {
        var month: String
        var nodeID: Int64
        var category: String
        var currency: String
    }

    /// Adds `call` to the sum of its month, node, category and currency.
    static func fold(_ call: RetentionCandidate, into sums: inout [SumKey: RetainedSum], months: MonthClock) {
        let month = months.month(ofMs: call.startMs)
        let key = SumKey(month: month, nodeID: call.nodeID, category: call.category, currency: call.currency)
        var sum = sums[key] ?? RetainedSum(month: month, nodeID: call.nodeID, category: call.category, currency: call.currency,
                                           calls: 0, talkMs: 0, costMinor: 0)
        sum.calls += 1
        sum.talkMs += call.talkMs
        sum.costMinor += call.costMinor
        sums[key] = sum
    }
}
