import Access
import Store
import TollbookCore

/// The maintenance read of the roll-ups (`docs/rollups.md`): every stored leg of a period, for the
/// system rebuilding its own aggregates — not a person reading calls. It is therefore not scoped to
/// a principal and not masked by a privacy package: the aggregates it feeds hold only sums per hunt
/// group, trunk, site and the enterprise, and who may read those is decided when they are read
/// (``CallQuery/rollupRows(kind:name:fromMs:toMs:)`` serves only principals who see every call in
/// full). The other party's number never leaves this type: it is turned into a stable key by the
/// caller's `key` function (a keyed hash) and removed from the leg. An encrypted store is opened with
/// its key as every other read is (the connection's keyring). Read-only, through the query
/// connection's authorizer.
public final class RollupLegSource {
    let connection: QueryConnection

    /// Opens the store at `path` for reading.
    /// - Throws: ``StoreError``, ``QueryConnectionError``, ``StoreEncryptionError``.
    public init(path: String, encryption: StoreKeyAccess = .none) throws {
        connection = try QueryConnection(path: path, encryption: encryption)
    }

    /// Calls `body` with every leg starting in `[fromMs, toMs)`, in start order, each with the key
    /// `key` gives its real external number (`nil` for internal legs and legs without a number);
    /// the leg's `remote` party is emptied. One read transaction.
    /// - Returns: the number of legs.
    @discardableResult
    public func forEachLeg(fromMs: Int64, toMs: Int64, key: (String) -> Int,
                           _ body: (AnalyticsLeg) throws -> Void) throws -> Int {
        try connection.readTransaction {
            let cursor = try CallRowCursor(connection: connection, filter: CallFilter(fromMs: fromMs, toMs: toMs))
            var count = 0
            while try cursor.next() {
                var stored = cursor.storedCall()
                let remoteKey = CallQuery.externalNumber(of: stored.call).map(key)
                stored.call.parties.remote = ""
                stored.call.pricing?.remoteE164 = ""
                try body(AnalyticsLeg(stored: stored, privacy: .full, remoteKey: remoteKey))
                count += 1
            }
            return count
        }
    }

    /// The shredded detail touching `[fromMs, toMs)` (``CallStore/rollupKeptSpans(fromMs:toMs:)``) and the
    /// detail horizon (`rollup_meta.retained_before_ms`).
    public func keptSpans(fromMs: Int64, toMs: Int64) throws -> (spans: [ClosedRangeMs], retainedBeforeMs: Int64?) {
        try connection.readTransaction {
            (try connection.store.rollupKeptSpans(fromMs: fromMs, toMs: toMs), try connection.store.rollupMeta().retainedBeforeMs)
        }
    }

    /// The stored rows of `[fromMs, toMs)` (every entity), for verify.
    public func storedRows(fromMs: Int64, toMs: Int64) throws -> [RollupRecord] {
        try connection.readTransaction { try connection.store.rollups(fromMs: fromMs, toMs: toMs) }
    }
}

/// What decides whether stored roll-ups may answer a KPI read (``CallQuery/rollupState()``).
public struct RollupReadState: Sendable, Equatable {
    /// The fingerprint of the settings the rows were built with (`nil`: never built).
    public var fingerprint: String?
    /// The changed ranges not refreshed yet, merged.
    public var dirty: [ClosedRangeMs]

    /// Creates a value.
    public init(fingerprint: String?, dirty: [ClosedRangeMs]) {
        self.fingerprint = fingerprint
        self.dirty = dirty
    }

    /// Whether a change not yet refreshed overlaps `[fromMs, toMs)`.
    public func isDirty(fromMs: Int64, toMs: Int64) -> Bool {
        dirty.contains { $0.fromMs < toMs && $0.toMs > fromMs }
    }
}

extension CallQuery {
    /// Whether the principal sees every call, in full: an unrestricted scope, every category shown
    /// in full by every privacy package in use, no protected numbers configured — only then can
    /// figures summed over every call (roll-ups) equal what the principal's own read would give.
    public var seesEveryCallInFull: Bool {
        visibility.seesEverything && privacyView.fullCategories.count == CallCategory.allCases.count
            && privacyView.policy.protected.isEmpty
    }

    /// The roll-ups' fingerprint and pending changes.
    public func rollupState() throws -> RollupReadState {
        try connection.readTransaction {
            RollupReadState(fingerprint: try connection.store.rollupMeta().fingerprint,
                            dirty: try connection.store.rollupDirtyRanges().ranges)
        }
    }

    /// The roll-up rows of one entity (`kind`, `name`) in the quarters of `[fromMs, toMs)`, audited as
    /// a KPI read (``analyticsAction``); `nil` — nothing read — unless ``seesEveryCallInFull``.
    public func rollupRows(kind: String, name: String, fromMs: Int64, toMs: Int64) throws -> [RollupRecord]? {
        guard seesEveryCallInFull else { return nil }
        return try connection.readTransaction {
            let rows = try connection.store.rollups(kind: kind, name: name, fromMs: fromMs, toMs: toMs)
            try recordExport(action: Self.analyticsAction, rows: rows.count)
            return rows
        }
    }
}
