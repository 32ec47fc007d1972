import Access
import Org
import Privacy
import Store
import TollbookCore

/// The maintenance read of the roll-ups (`docs/rollups.md`): every stored leg of a period, for the
/// system rebuilding its own aggregates — not a person reading calls, so it is not scoped to a
/// principal and not audited per read. Each leg is shown per the privacy policy exactly as to a
/// reader with unrestricted scope and no four-eyes unlock (masking is the same for every viewer,
/// the database owner included): the rows then equal what such a reader computes from the detail,
/// and only such readers are served from them (``CallQuery/seesEveryCall``). The other party's real
/// number never leaves this type: it is turned into a stable key by the caller's `key` function (a
/// keyed hash) and removed from the leg. An encrypted store is opened with its key as every other
/// read is (the connection's keyring). Read-only, through the query connection's authorizer.
public final class RollupLegSource {
    let connection: QueryConnection
    private let privacyView: PrivacyView

    /// Opens the store at `path` for reading; legs are shown per `privacy` (the configuration's policy).
    /// - Throws: ``StoreError``, ``QueryConnectionError``, ``StoreEncryptionError``.
    public init(path: String, privacy: PrivacyPolicy = .standard, encryption: StoreKeyAccess = .none) throws {
        let connection = try QueryConnection(path: path, encryption: encryption)
        self.connection = connection
        privacyView = PrivacyView(policy: privacy, unlocks: NoUnlocks(), principal: .databaseOwner,
                                  chart: { OrgChart(store: connection.store) })
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
                let real = cursor.storedCall(vendorFields: false)
                let remoteKey = CallQuery.externalNumber(of: real.call).map(key)
                let privacy = try privacyView.privacy(of: real)
                var stored = PrivacyView.apply(privacy, to: real)
                stored.call.parties.remote = ""
                stored.call.pricing?.remoteE164 = ""
                try body(AnalyticsLeg(stored: stored, privacy: privacy, remoteKey: remoteKey))
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
    /// Whether the principal sees every call as the roll-ups were built: an unrestricted scope and no
    /// approved four-eyes unlock (which would lift masking for them) — only then do figures summed
    /// over every call (roll-ups) equal what the principal's own read of the detail gives.
    public var seesEveryCall: Bool {
        visibility.seesEverything && grants.watermark == nil
    }

    /// The roll-ups' fingerprint and pending changes.
    public func rollupState() throws -> RollupReadState {
        try connection.readTransaction {
            RollupReadState(fingerprint: try connection.store.rollupMeta().fingerprint,
                            dirty: try connection.store.rollupDirtyRanges().ranges)
        }
    }

    /// The names of the entities of `kind` that have roll-up rows; `nil` unless ``seesEveryCall``.
    public func rollupEntityNames(kind: String) throws -> [String]? {
        guard seesEveryCall else { return nil }
        return try connection.readTransaction { try connection.store.rollupEntities(kind: kind) }
    }

    /// The roll-up rows of one entity (`kind`, `name`) in the quarters of `[fromMs, toMs)`, audited as
    /// a KPI read (``analyticsAction``); `nil` — nothing read — unless ``seesEveryCall``.
    public func rollupRows(kind: String, name: String, fromMs: Int64, toMs: Int64) throws -> [RollupRecord]? {
        guard seesEveryCall else { return nil }
        return try connection.readTransaction {
            let rows = try connection.store.rollups(kind: kind, name: name, fromMs: fromMs, toMs: toMs)
            try recordExport(action: Self.analyticsAction, rows: rows.count)
            return rows
        }
    }
}
