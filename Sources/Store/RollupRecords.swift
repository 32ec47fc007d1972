/// The schema of the KPI roll-ups, migration 18 (see `docs/rollups.md`).
enum RollupSchema {
    static let sql = """
        -- The rolled-up entities: a hunt group, trunk group, site or the enterprise, by kind and name.
        CREATE TABLE rollup_entities (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            UNIQUE(kind, name)
        );
        -- One row per entity and quarter hour: the additive partials in the binary codec of
        -- Sources/Analytics/RollupRowCodec.swift. No phone number, no name of a person: callers are
        -- keyed hashes (HMAC-SHA-256 with rollup_meta.caller_secret).
        CREATE TABLE rollups (
            entity_id INTEGER NOT NULL REFERENCES rollup_entities(id),
            quarter_ms INTEGER NOT NULL,
            figures BLOB NOT NULL,
            PRIMARY KEY(entity_id, quarter_ms)
        ) WITHOUT ROWID;
        CREATE INDEX rollups_by_quarter ON rollups(quarter_ms);
        -- Ranges of detail changed since the last refresh (written by the roll-up ingest stage in
        -- the batch's transaction; merged and removed by the refresh).
        CREATE TABLE rollup_dirty (
            id INTEGER PRIMARY KEY,
            from_ms INTEGER NOT NULL,
            to_ms INTEGER NOT NULL
        );
        -- One row: the settings fingerprint the rows were built with, the caller-key secret (32
        -- random bytes made at first use), the detail horizon below which rows are kept sums of
        -- expired detail, and the last refresh.
        CREATE TABLE rollup_meta (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            fingerprint TEXT,
            caller_secret BLOB,
            retained_before_ms INTEGER,
            refreshed_ms INTEGER
        );
        -- Detail shredded (erasure, retention) per quarter of the calls' start, with the latest end:
        -- the rows those calls fed are kept sums of erased detail, verify skips them.
        CREATE TABLE rollup_kept (
            quarter_ms INTEGER PRIMARY KEY,
            to_ms INTEGER NOT NULL
        ) WITHOUT ROWID;
        """
}

/// One stored roll-up row in plain types: the entity by kind and name, the quarter hour, and the
/// figures as the analytics codec wrote them (the store does not read them).
public struct RollupRecord: Sendable, Equatable {
    /// `group`, `trunk`, `site` or `enterprise`.
    public var kind: String
    /// The entity's name (empty for the enterprise).
    public var name: String
    /// Start of the quarter hour, UTC ms.
    public var quarterMs: Int64
    /// The encoded figures.
    public var figures: [UInt8]

    /// Creates a record.
    public init(kind: String, name: String, quarterMs: Int64, figures: [UInt8]) {
        self.kind = kind
        self.name = name
        self.quarterMs = quarterMs
        self.figures = figures
    }
}

/// The roll-ups' bookkeeping row (`rollup_meta`).
public struct RollupMeta: Sendable, Equatable {
    /// The settings fingerprint the stored rows were built with (`nil`: never built).
    public var fingerprint: String?
    /// Quarters before this instant are kept sums of expired detail (`nil`: none).
    public var retainedBeforeMs: Int64?
    /// When the last refresh or rebuild finished, UTC ms.
    public var refreshedMs: Int64?

    /// Creates a value.
    public init(fingerprint: String? = nil, retainedBeforeMs: Int64? = nil, refreshedMs: Int64? = nil) {
        self.fingerprint = fingerprint
        self.retainedBeforeMs = retainedBeforeMs
        self.refreshedMs = refreshedMs
    }
}

/// Ranges of detail changed since the last refresh, merged, and the newest mark they include.
public struct RollupDirtyRanges: Sendable, Equatable {
    /// Merged `[from, to)` ranges, ascending, not overlapping or touching.
    public var ranges: [ClosedRangeMs]
    /// The newest mark included (pass it to ``CallStore/replaceRollups(ranges:rows:fingerprint:clearingDirtyThrough:nowMs:)``);
    /// `nil` when there is none.
    public var throughID: Int64?

    /// Creates a value.
    public init(ranges: [ClosedRangeMs], throughID: Int64?) {
        self.ranges = ranges
        self.throughID = throughID
    }
}

/// A half-open time range `[fromMs, toMs)`, UTC ms.
public struct ClosedRangeMs: Sendable, Equatable, Hashable {
    /// Start (inclusive).
    public var fromMs: Int64
    /// End (exclusive).
    public var toMs: Int64

    /// Creates a range.
    public init(fromMs: Int64, toMs: Int64) {
        self.fromMs = fromMs
        self.toMs = toMs
    }

    /// Merges overlapping and touching ranges; the result is sorted by start. Empty ranges are dropped.
    public static func merge(_ ranges: [ClosedRangeMs]) -> [ClosedRangeMs] {
        var merged: [ClosedRangeMs] = []
        for range in ranges.filter({ $0.toMs > $0.fromMs }).sorted(by: { ($0.fromMs, $0.toMs) < ($1.fromMs, $1.toMs) }) {
            if let last = merged.last, range.fromMs <= last.toMs {
                merged[merged.count - 1].toMs = max(last.toMs, range.toMs)
            } else {
                merged.append(range)
            }
        }
        return merged
    }
}

extension CallStore {
    /// Notes that detail in `[fromMs, toMs)` changed (the roll-up ingest stage, erasure, replay):
    /// one INSERT; joins the batch's transaction.
    public func markRollupsDirty(fromMs: Int64, toMs: Int64) throws {
        try write { _ in
            let insert = try database.prepare("INSERT INTO rollup_dirty(from_ms, to_ms) VALUES (?, ?)")
            insert.bind(1, fromMs)
            insert.bind(2, max(toMs, fromMs + 1))
            try insert.run()
        }
    }

    /// The changed ranges noted so far, merged (overlapping and touching ranges become one).
    public func rollupDirtyRanges() throws -> RollupDirtyRanges {
        let select = try database.prepare("SELECT id, from_ms, to_ms FROM rollup_dirty ORDER BY id")
        var ranges: [ClosedRangeMs] = []
        var last: Int64?
        while try select.step() {
            last = select.int64(0)
            ranges.append(ClosedRangeMs(fromMs: select.int64(1), toMs: select.int64(2)))
        }
        return RollupDirtyRanges(ranges: ClosedRangeMs.merge(ranges), throughID: last)
    }

    /// Replaces, in one transaction, the rows of every entity in the quarters of `ranges` by `rows`
    /// (prepared statements; entities are created as needed), removes the dirty marks up to
    /// `clearingDirtyThrough`, and stores `fingerprint` (when given) and `nowMs` as the last refresh.
    /// - Returns: the number of rows written.
    @discardableResult
    public func replaceRollups(ranges: [ClosedRangeMs], rows: [RollupRecord], fingerprint: String?,
                               clearingDirtyThrough: Int64?, nowMs: Int64) throws -> Int {
        try write { _ in
            let delete = try database.prepare("DELETE FROM rollups WHERE quarter_ms >= ? AND quarter_ms < ?")
            for range in ranges {
                delete.bind(1, range.fromMs)
                delete.bind(2, range.toMs)
                try delete.run()
            }
            try replaceRollupsWithoutMeta(rows)
            if let through = clearingDirtyThrough {
                let clear = try database.prepare("DELETE FROM rollup_dirty WHERE id <= ?")
                clear.bind(1, through)
                try clear.run()
            }
            try ensureRollupMeta()
            let meta = try database.prepare("UPDATE rollup_meta SET fingerprint = coalesce(?, fingerprint), refreshed_ms = ? WHERE id = 1")
            if let fingerprint { meta.bind(1, fingerprint) } else { meta.bindNull(1) }
            meta.bind(2, nowMs)
            try meta.run()
            return rows.count
        }
    }

    /// Writes `rows` over the stored rows of the same entity and quarter (erasure rewriting callers).
    public func putRollups(_ rows: [RollupRecord]) throws {
        try write { _ in
            try replaceRollupsWithoutMeta(rows)
        }
    }

    private func replaceRollupsWithoutMeta(_ rows: [RollupRecord]) throws {
        let insert = try database.prepare("INSERT OR REPLACE INTO rollups(entity_id, quarter_ms, figures) VALUES (?, ?, ?)")
        var entities = try rollupEntityIDs()
        for row in rows {
            let key = EntityName(kind: row.kind, name: row.name)
            let id = try entities[key] ?? createRollupEntity(kind: row.kind, name: row.name)
            entities[key] = id
            insert.bind(1, id)
            insert.bind(2, row.quarterMs)
            insert.bind(3, bytes: row.figures)
            try insert.run()
        }
    }

    /// The rows of one entity for the quarters in `[fromMs, toMs)`, by quarter.
    public func rollups(kind: String, name: String, fromMs: Int64, toMs: Int64) throws -> [RollupRecord] {
        let select = try database.prepare("""
            SELECT e.kind, e.name, r.quarter_ms, r.figures FROM rollups r JOIN rollup_entities e ON e.id = r.entity_id
            WHERE e.kind = ? AND e.name = ? AND r.quarter_ms >= ? AND r.quarter_ms < ? ORDER BY r.quarter_ms
            """)
        select.bind(1, kind)
        select.bind(2, name)
        select.bind(3, fromMs)
        select.bind(4, toMs)
        return try readRollups(select)
    }

    /// Every row of the quarters in `[fromMs, toMs)`, by quarter, then kind and name.
    public func rollups(fromMs: Int64, toMs: Int64) throws -> [RollupRecord] {
        let select = try database.prepare("""
            SELECT e.kind, e.name, r.quarter_ms, r.figures FROM rollups r JOIN rollup_entities e ON e.id = r.entity_id
            WHERE r.quarter_ms >= ? AND r.quarter_ms < ? ORDER BY r.quarter_ms, e.kind, e.name
            """)
        select.bind(1, fromMs)
        select.bind(2, toMs)
        return try readRollups(select)
    }

    private func readRollups(_ select: SQLiteStatement) throws -> [RollupRecord] {
        var rows: [RollupRecord] = []
        while try select.step() {
            rows.append(RollupRecord(kind: select.text(0), name: select.text(1), quarterMs: select.int64(2), figures: select.blob(3)))
        }
        return rows
    }

    /// The names of the entities of `kind` that have rows, sorted.
    public func rollupEntities(kind: String) throws -> [String] {
        let select = try database.prepare("""
            SELECT name FROM rollup_entities e WHERE kind = ? AND EXISTS (SELECT 1 FROM rollups r WHERE r.entity_id = e.id) ORDER BY name
            """)
        select.bind(1, kind)
        var names: [String] = []
        while try select.step() { names.append(select.text(0)) }
        return names
    }

    /// Stored rows per entity kind.
    public func rollupRowCounts() throws -> [String: Int] {
        let select = try database.prepare("""
            SELECT e.kind, count(*) FROM rollups r JOIN rollup_entities e ON e.id = r.entity_id GROUP BY e.kind
            """)
        var counts: [String: Int] = [:]
        while try select.step() { counts[select.text(0)] = Int(select.int64(1)) }
        return counts
    }

    /// The bookkeeping row (empty values before the first refresh).
    public func rollupMeta() throws -> RollupMeta {
        let select = try database.prepare("SELECT fingerprint, retained_before_ms, refreshed_ms FROM rollup_meta WHERE id = 1")
        guard try select.step() else { return RollupMeta() }
        return RollupMeta(fingerprint: select.isNull(0) ? nil : select.text(0), retainedBeforeMs: select.int64OrNil(1),
                          refreshedMs: select.int64OrNil(2))
    }

    /// Marks the stored rows as built under no known settings (written while roll-ups were
    /// disabled): the next refresh rebuilds everything.
    public func invalidateRollups() throws {
        try write { _ in
            try ensureRollupMeta()
            try database.execute("UPDATE rollup_meta SET fingerprint = NULL WHERE id = 1")
        }
    }

    /// Sets the detail horizon: quarters before `ms` are kept sums of expired detail (never lowered).
    public func setRollupsRetainedBefore(_ ms: Int64) throws {
        try write { _ in
            try ensureRollupMeta()
            let update = try database.prepare("""
                UPDATE rollup_meta SET retained_before_ms = max(coalesce(retained_before_ms, ?), ?) WHERE id = 1
                """)
            update.bind(1, ms)
            update.bind(2, ms)
            try update.run()
        }
    }

    /// The 32-byte secret of the callers' keys, made (from the system's secure random source) at first use.
    public func rollupCallerSecret() throws -> [UInt8] {
        try write { _ in
            try ensureRollupMeta()
            let select = try database.prepare("SELECT caller_secret FROM rollup_meta WHERE id = 1")
            if try select.step(), !select.isNull(0) {
                let secret = select.blob(0)
                if secret.count == 32 { return secret }
            }
            var generator = SystemRandomNumberGenerator()
            let secret = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let update = try database.prepare("UPDATE rollup_meta SET caller_secret = ? WHERE id = 1")
            update.bind(1, bytes: secret)
            try update.run()
            return secret
        }
    }

    /// The shredded detail (erasure, retention) touching `[fromMs, toMs)`: per quarter of the calls'
    /// start, the latest end. The rows those calls fed are kept sums (verify skips them).
    public func rollupKeptSpans(fromMs: Int64, toMs: Int64) throws -> [ClosedRangeMs] {
        let select = try database.prepare("SELECT quarter_ms, to_ms FROM rollup_kept WHERE quarter_ms < ? AND to_ms > ? ORDER BY quarter_ms")
        select.bind(1, toMs)
        select.bind(2, fromMs)
        var spans: [ClosedRangeMs] = []
        while try select.step() { spans.append(ClosedRangeMs(fromMs: select.int64(0), toMs: select.int64(1))) }
        return spans
    }

    /// Deletes the rows (and kept-quarter marks) of quarters before `ms` (retention of the
    /// `aggregates` data class). - Returns: the rows deleted.
    @discardableResult
    public func deleteRollups(before ms: Int64) throws -> Int {
        try write { _ in
            let delete = try database.prepare("DELETE FROM rollups WHERE quarter_ms < ?")
            delete.bind(1, ms)
            try delete.run()
            let count = database.changes
            let kept = try database.prepare("DELETE FROM rollup_kept WHERE to_ms <= ?")
            kept.bind(1, ms)
            try kept.run()
            return count
        }
    }

    /// The earliest and latest start of a stored leg (`nil` without calls): what a full rebuild covers.
    public func callStartBounds() throws -> (fromMs: Int64, toMs: Int64)? {
        let select = try database.prepare("SELECT min(start_ms), max(start_ms) FROM calls")
        guard try select.step(), !select.isNull(0) else { return nil }
        return (select.int64(0), select.int64(1))
    }

    private struct EntityName: Hashable {
        var kind: String
        var name: String
    }

    private func rollupEntityIDs() throws -> [EntityName: Int64] {
        let select = try database.prepare("SELECT id, kind, name FROM rollup_entities")
        var ids: [EntityName: Int64] = [:]
        while try select.step() { ids[EntityName(kind: select.text(1), name: select.text(2))] = select.int64(0) }
        return ids
    }

    private func createRollupEntity(kind: String, name: String) throws -> Int64 {
        let insert = try database.prepare("INSERT INTO rollup_entities(kind, name) VALUES (?, ?)")
        insert.bind(1, kind)
        insert.bind(2, name)
        try insert.run()
        return database.lastInsertRowID
    }

    private func ensureRollupMeta() throws {
        try database.execute("INSERT OR IGNORE INTO rollup_meta(id) VALUES (1)")
    }
}
