import Analytics
import Foundation
import Query
import Store
import TollbookCore

/// The result of `tollbook rollups verify`: the stored rows against rows recomputed from the detail
/// with the same builder, field by field.
public struct RollupVerifyReport: Sendable, Equatable, Codable {
    /// What was checked of one entity kind.
    public struct KindSummary: Sendable, Equatable, Codable {
        /// `group`, `trunk`, `site` or `enterprise`.
        public var kind: String
        /// Quarters with a row (stored or recomputed) checked.
        public var quarters: Int
        /// Rows checked.
        public var rows: Int
        /// Rows with at least one differing field.
        public var mismatchedRows: Int

        /// The JSON field names.
        public enum CodingKeys: String, CodingKey { case kind, quarters, rows, mismatchedRows = "mismatched_rows" }
    }

    /// One differing field.
    public struct Mismatch: Sendable, Equatable, Codable {
        /// The entity (`group:Sales`, `enterprise`).
        public var entity: String
        /// The quarter's start, ISO 8601 UTC.
        public var quarter: String
        /// The field of ``RollupRow`` (`offered`, `answeredWaitHistogram`, …).
        public var field: String
        /// The stored value.
        public var stored: String
        /// The value recomputed from the detail.
        public var recomputed: String
    }

    /// The range checked, ISO 8601 UTC.
    public var from: String
    /// End of the range checked (exclusive), ISO 8601 UTC.
    public var to: String
    /// Per kind.
    public var kinds: [KindSummary]
    /// Every differing field.
    public var mismatches: [Mismatch]
    /// Quarters skipped as kept sums of erased or expired detail, as merged ISO ranges `from/to`.
    public var kept: [String]
    /// Number of quarters skipped as kept sums.
    public var keptQuarters: Int

    /// Whether every checked row matched.
    public var passed: Bool { mismatches.isEmpty }

    /// The JSON field names.
    public enum CodingKeys: String, CodingKey {
        case from, to, kinds, mismatches, kept, keptQuarters = "kept_quarters", passed
    }

    /// Creates a report.
    public init(from: String, to: String, kinds: [KindSummary], mismatches: [Mismatch], kept: [String], keptQuarters: Int) {
        self.from = from
        self.to = to
        self.kinds = kinds
        self.mismatches = mismatches
        self.kept = kept
        self.keptQuarters = keptQuarters
    }

    /// Decodes a report.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        from = try container.decode(String.self, forKey: .from)
        to = try container.decode(String.self, forKey: .to)
        kinds = try container.decode([KindSummary].self, forKey: .kinds)
        mismatches = try container.decode([Mismatch].self, forKey: .mismatches)
        kept = try container.decode([String].self, forKey: .kept)
        keptQuarters = try container.decode(Int.self, forKey: .keptQuarters)
    }

    /// Encodes the report (with `passed`).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(kinds, forKey: .kinds)
        try container.encode(mismatches, forKey: .mismatches)
        try container.encode(kept, forKey: .kept)
        try container.encode(keptQuarters, forKey: .keptQuarters)
        try container.encode(passed, forKey: .passed)
    }
}

/// `tollbook rollups status`.
public struct RollupStatus: Sendable, Equatable, Codable {
    /// Rows per kind.
    public var rows: [String: Int]
    /// Entities with rows per kind.
    public var entities: [String: Int]
    /// Changed ranges not refreshed yet, ISO `from/to`.
    public var dirty: [String]
    /// The fingerprint the rows were built with (`null`: never built, or built while disabled).
    public var storedFingerprint: String?
    /// The fingerprint of the current configuration's settings.
    public var configuredFingerprint: String
    /// Whether they are equal (else `tollbook rollups rebuild`; the KPI engine reads the detail meanwhile).
    public var fingerprintMatches: Bool
    /// The last refresh or rebuild, ISO 8601 UTC.
    public var lastRefresh: String?
    /// Quarters before this instant are kept sums of expired detail.
    public var retainedBefore: String?

    /// The JSON field names.
    public enum CodingKeys: String, CodingKey {
        case rows, entities, dirty, storedFingerprint = "stored_fingerprint", configuredFingerprint = "configured_fingerprint"
        case fingerprintMatches = "fingerprint_matches", lastRefresh = "last_refresh", retainedBefore = "retained_before"
    }
}

extension RollupMaintenance {
    /// Recomputes the rows of `[fromMs, toMs)` (quarter-aligned outwards; default: every quarter
    /// with stored rows or detail) from the detail and compares them with the stored rows, field by
    /// field. Quarters before the detail horizon and quarters whose detail was shredded (erasure,
    /// retention: `rollup_kept`, widened by the look-ahead) are skipped and reported as kept.
    public func verify(fromMs: Int64?, toMs: Int64?) throws -> RollupVerifyReport {
        let store = try CallStore(path: storePath, encryption: encryption)
        let meta = try store.rollupMeta()
        let everything = try store.rollups(fromMs: Int64.min / 4, toMs: Int64.max / 4)
        let bounds = try store.callStartBounds()
        var low = [everything.first?.quarterMs, bounds.map { Self.midnight(before: $0.fromMs) }].compactMap { $0 }.min() ?? 0
        var high = [everything.last.map { $0.quarterMs + Self.quarterMs },
                    bounds.map { $0.toMs + RollupBuilder.lookBehindMs + 1 }].compactMap { $0 }.max() ?? 0
        if let fromMs { low = fromMs }
        if let toMs { high = toMs }
        let from = RollupBuilder.quarter(containing: low), to = Self.ceilQuarter(high)
        guard to > from || (fromMs == nil && toMs == nil) else { throw RollupError.badRange(fromMs: low, toMs: high) }
        // Skipped: before the horizon, and the quarters shredded detail fed.
        var skipped = Set<Int64>()
        if let horizon = meta.retainedBeforeMs {
            var quarter = from
            while quarter < min(to, Self.ceilQuarter(horizon)) {
                skipped.insert(quarter)
                quarter += Self.quarterMs
            }
        }
        let ahead = RollupBuilder.lookAheadMs(settings)
        for span in try store.rollupKeptSpans(fromMs: from - RollupBuilder.lookBehindMs, toMs: to + ahead) {
            let affected = affectedQuarters(of: span)
            var quarter = max(affected.fromMs, from)
            while quarter < min(affected.toMs, to) {
                skipped.insert(quarter)
                quarter += Self.quarterMs
            }
        }
        let checked = to > from ? Self.clip([ClosedRangeMs(fromMs: from, toMs: to)], horizon: meta.retainedBeforeMs) : []
        let recomputed = try build(checked, secret: try store.rollupCallerSecret(), transform: { $0 }).rows
        struct Key: Hashable { var kind: String; var name: String; var quarter: Int64 }
        var pairs: [Key: (stored: RollupRow?, recomputed: RollupRow?)] = [:]
        for record in everything where record.quarterMs >= from && record.quarterMs < to && !skipped.contains(record.quarterMs) {
            pairs[Key(kind: record.kind, name: record.name, quarter: record.quarterMs), default: (nil, nil)].stored = try Self.decode(record)
        }
        for row in recomputed where !skipped.contains(row.quarterMs) {
            pairs[Key(kind: row.entity.kind.rawValue, name: row.entity.id, quarter: row.quarterMs), default: (nil, nil)].recomputed = row
        }
        var mismatches: [RollupVerifyReport.Mismatch] = []
        var perKind: [String: (quarters: Set<Int64>, rows: Int, bad: Int)] = [:]
        for kind in RollupBuilder.kinds { perKind[kind.rawValue] = ([], 0, 0) }
        for (key, pair) in pairs.sorted(by: { ($0.key.quarter, $0.key.kind, $0.key.name) < ($1.key.quarter, $1.key.kind, $1.key.name) }) {
            let entity = KPIEntity(kind: KPIEntity.Kind(rawValue: key.kind) ?? .enterprise, id: key.name)
            let empty = RollupRow(quarterMs: key.quarter, entity: entity)
            let differences = Self.differences(pair.stored ?? empty, pair.recomputed ?? empty)
            var entry = perKind[key.kind] ?? ([], 0, 0)
            entry.quarters.insert(key.quarter)
            entry.rows += 1
            if !differences.isEmpty { entry.bad += 1 }
            perKind[key.kind] = entry
            for (field, stored, recomputed) in differences {
                mismatches.append(.init(entity: entity.description, quarter: KPIMath.iso(key.quarter), field: field, stored: stored,
                                        recomputed: recomputed))
            }
        }
        let kinds = perKind.sorted { $0.key < $1.key }.map {
            RollupVerifyReport.KindSummary(kind: $0.key, quarters: $0.value.quarters.count, rows: $0.value.rows,
                                           mismatchedRows: $0.value.bad)
        }
        let keptRanges = ClosedRangeMs.merge(skipped.map { ClosedRangeMs(fromMs: $0, toMs: $0 + Self.quarterMs) })
        return RollupVerifyReport(from: KPIMath.iso(from), to: KPIMath.iso(max(from, to)), kinds: kinds, mismatches: mismatches,
                                  kept: keptRanges.map { "\(KPIMath.iso($0.fromMs))/\(KPIMath.iso($0.toMs))" },
                                  keptQuarters: skipped.count)
    }

    /// The fields of two rows that differ: (field, `a`'s value, `b`'s value), in declaration order.
    /// Histograms are written sorted by bin, callers sorted by key, so that equal contents print equally.
    static func differences(_ a: RollupRow, _ b: RollupRow) -> [(String, String, String)] {
        let left = Mirror(reflecting: a).children, right = Mirror(reflecting: b).children
        var result: [(String, String, String)] = []
        for (l, r) in zip(left, right) {
            guard let label = l.label, label != "quarterMs", label != "entity" else { continue }
            let x = canonical(l.value), y = canonical(r.value)
            if x != y { result.append((label, x, y)) }
        }
        return result
    }

    static func canonical(_ value: Any) -> String {
        if let histogram = value as? [Int: Int] {
            return "[" + histogram.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "]"
        }
        if let callers = value as? [RollupCaller] {
            return "[" + callers.sorted { ($0.key, $0.lastStartMs) < ($1.key, $1.lastStartMs) }
                .map { "\($0.key)@\($0.lastStartMs)\($0.resolved ? " resolved" : "") until \($0.limitMs)" }.joined(separator: ", ") + "]"
        }
        return "\(value)"
    }

    /// Rows, entities and pending changes, and whether the stored fingerprint matches the configuration's.
    public func status() throws -> RollupStatus {
        let store = try CallStore(path: storePath, encryption: encryption)
        let meta = try store.rollupMeta()
        var entities: [String: Int] = [:]
        var rows: [String: Int] = [:]
        let counts = try store.rollupRowCounts()
        for kind in RollupBuilder.kinds.map(\.rawValue) {
            entities[kind] = try store.rollupEntities(kind: kind).count
            rows[kind] = counts[kind] ?? 0
        }
        return RollupStatus(
            rows: rows, entities: entities,
            dirty: try store.rollupDirtyRanges().ranges.map { "\(KPIMath.iso($0.fromMs))/\(KPIMath.iso($0.toMs))" },
            storedFingerprint: meta.fingerprint, configuredFingerprint: settings.fingerprint,
            fingerprintMatches: meta.fingerprint == settings.fingerprint, lastRefresh: meta.refreshedMs.map(KPIMath.iso),
            retainedBefore: meta.retainedBeforeMs.map(KPIMath.iso))
    }
}
