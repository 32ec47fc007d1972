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

    /// Calls `body` with every leg starting in `[fromMs, toMs)` as the roll-up builder works on it
    /// (``RollupLeg``: text as hashes, numbers as keys) — the same legs
    /// ``forEachLeg(fromMs:toMs:key:_:)`` gives, read without building a ``StoredCall`` per leg
    /// where the leg is shown in full (business calls under the usual packages), in start order
    /// (ties in any order); the legs the policy masks follow, read with every column and shown per
    /// their privacy (under a policy that masks business calls, every leg so, in start order). `key` turns the real external number
    /// into the stable key; `names` collects the hunt group and trunk names behind their hashes.
    /// One read transaction.
    /// - Returns: the number of legs.
    @discardableResult
    public func forEachCompactLeg(fromMs: Int64, toMs: Int64, key: (String) -> Int, names: inout [UInt64: String],
                                  _ body: (RollupLeg) throws -> Void) throws -> Int {
        try connection.readTransaction {
            typealias C = CallRowCursor.Column
            // The lean read serves legs shown in full; when the policy masks business calls (nearly
            // every leg then takes the privacy path) every column is read.
            let lean = privacyView.isCertainlyFull(category: .business, isProtected: false)
            let cursor = try CallRowCursor(connection: connection, filter: CallFilter(fromMs: fromMs, toMs: toMs),
                                           columns: lean ? .rollups : .all)
            let sourceHashes = cursor.sources.mapValues { RollupHash.of($0.name) }
            let pricedKeys = Set(cursor.pricingKeys.compactMap { CallPricing.Status(rawValue: $0.value.status) != nil ? $0.key : nil })
            @inline(__always) func hash(_ column: Int32) -> UInt64 { RollupHash.of(cursor.bytes(column)) }
            @inline(__always) func named(_ column: Int32, _ names: inout [UInt64: String]) -> UInt64 {
                let bytes = cursor.bytes(column)
                let made = RollupHash.of(bytes)
                if made != 0, names[made] == nil { names[made] = String(decoding: bytes, as: UTF8.self) }
                return made
            }
            var count = 0
            var masked = Set<Int64>()
            while try cursor.next() {
                let direction = Direction(abiCode: Int32(truncatingIfNeeded: cursor.int64(C.direction)))
                let protected = !cursor.bytes(C.protectedClass).isEmpty
                guard privacyView.isCertainlyFull(category: CallQuery.category(of: cursor), isProtected: protected) else {
                    if lean {
                        masked.insert(cursor.int64(C.id))
                    } else {
                        try body(slowLeg(cursor, key: key, names: &names))
                        count += 1
                    }
                    continue
                }
                var remoteKey = Int64.min
                if direction == .incoming || direction == .outgoing {
                    let priced = !cursor.isNull(C.pricingKey) && pricedKeys.contains(cursor.int64(C.pricingKey))
                    var number = priced ? cursor.bytes(C.remoteE164) : UnsafeRawBufferPointer(start: nil, count: 0)
                    if number.isEmpty { number = cursor.bytes(C.remote) }
                    if !number.isEmpty { remoteKey = Int64(key(String(decoding: number, as: UTF8.self))) }
                }
                try body(RollupLeg(
                    id: cursor.int64(C.id), correlation: hash(C.correlationID), startMs: cursor.int64(C.startMs),
                    answerMs: cursor.int64OrNil(C.answerMs) ?? Int64.min, endMs: cursor.int64(C.endMs),
                    ringMs: cursor.int64(C.ringMs), talkMs: cursor.int64(C.talkMs), direction: direction,
                    disposition: Disposition(abiCode: Int32(truncatingIfNeeded: cursor.int64(C.disposition))),
                    flags: CallFlags(rawValue: UInt32(truncatingIfNeeded: cursor.int64(C.flags))),
                    group: named(C.huntGroup, &names), localExtension: hash(C.extension), called: hash(C.called),
                    originalCalled: hash(C.originalCalled), trunk: named(C.trunk, &names),
                    source: sourceHashes[cursor.int64(C.sourceID)] ?? 0, remoteKey: remoteKey))
                count += 1
            }
            // The masked legs the lean read met: read again with every column, in the same snapshot.
            if !masked.isEmpty {
                let full = try CallRowCursor(connection: connection, filter: CallFilter(fromMs: fromMs, toMs: toMs))
                while try full.next() {
                    guard masked.contains(full.int64(C.id)) else { continue }
                    try body(slowLeg(full, key: key, names: &names))
                    count += 1
                }
            }
            return count
        }
    }

    /// A leg the policy may mask, shown per its privacy as ``forEachLeg(fromMs:toMs:key:_:)`` shows it.
    private func slowLeg(_ cursor: CallRowCursor, key: (String) -> Int, names: inout [UInt64: String]) throws -> RollupLeg {
        let real = cursor.storedCall(vendorFields: false)
        let remoteKey = CallQuery.externalNumber(of: real.call).map(key).map(Int64.init) ?? Int64.min
        let call = PrivacyView.apply(try privacyView.privacy(of: real), to: real).call
        let group = RollupHash.of(call.huntGroup), trunk = RollupHash.of(call.trunk)
        if group != 0, names[group] == nil { names[group] = call.huntGroup }
        if trunk != 0, names[trunk] == nil { names[trunk] = call.trunk }
        return RollupLeg(id: real.id, correlation: RollupHash.of(call.correlationID), startMs: call.startMs,
                         answerMs: call.answerMs ?? Int64.min, endMs: call.endMs, ringMs: call.ringMs, talkMs: call.talkMs,
                         direction: call.direction, disposition: call.disposition, flags: call.flags, group: group,
                         localExtension: RollupHash.of(call.parties.extension), called: RollupHash.of(call.parties.called),
                         originalCalled: RollupHash.of(call.parties.originalCalled), trunk: trunk,
                         source: RollupHash.of(real.source), remoteKey: remoteKey)
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
