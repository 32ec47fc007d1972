/// Migration 20: the roll-up rows packed per entity and UTC day (`rollup_days`, the format of
/// ``RollupDayPacking``) instead of one SQLite row per quarter. A refresh writes a few hundred
/// thousand quarter rows per million calls; per SQLite row (B-tree insert, index entry, foreign
/// key check) that cost as much as building them, and at an import's side it was what the import
/// waited for. Packed, a year of one hunt group is 365 rows at most. The stored quarters are
/// carried over unchanged (kept sums of expired detail cannot be rebuilt): each entry is the
/// quarter's index in its day (one byte), the length of its figures in three 7-bit digits, and
/// the figures.
enum RollupDaySchema {
    static let sql = """
        CREATE TABLE rollup_days (
            entity_id INTEGER NOT NULL,
            day_ms INTEGER NOT NULL,
            quarters BLOB NOT NULL,
            PRIMARY KEY(entity_id, day_ms)
        ) WITHOUT ROWID;
        INSERT INTO rollup_days(entity_id, day_ms, quarters)
            SELECT entity_id, day_ms, CAST(group_concat(entry, '') AS BLOB) FROM (
                SELECT entity_id, day_ms,
                       CAST(char((quarter_ms - day_ms) / 900000) || char(length(figures) >> 14)
                            || char((length(figures) >> 7) & 127) || char(length(figures) & 127) AS BLOB) || figures AS entry
                FROM (SELECT entity_id, quarter_ms, figures,
                             quarter_ms - (((quarter_ms % 86400000) + 86400000) % 86400000) AS day_ms FROM rollups)
                ORDER BY entity_id, quarter_ms)
            GROUP BY entity_id, day_ms;
        DROP TABLE rollups;
        CREATE INDEX rollup_days_by_day ON rollup_days(day_ms);
        -- Marks get ids never used before (AUTOINCREMENT): a refresh clears the marks up to the
        -- newest it read, and an id reused after the table was emptied would clear a later change.
        CREATE TABLE rollup_dirty_v20 (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            from_ms INTEGER NOT NULL,
            to_ms INTEGER NOT NULL
        );
        INSERT INTO rollup_dirty_v20(id, from_ms, to_ms) SELECT id, from_ms, to_ms FROM rollup_dirty;
        DROP TABLE rollup_dirty;
        ALTER TABLE rollup_dirty_v20 RENAME TO rollup_dirty;
        """
}

/// The packed quarters of one entity and day (`rollup_days.quarters`): entries of the quarter's
/// index in the day (0–95, one byte), the figures' length in three 7-bit digits (most significant
/// first) and the figures, in quarter order.
enum RollupDayPacking {
    static let dayMs: Int64 = 86_400_000
    static let quarterMs: Int64 = 900_000
    static let maximumFigures = 1 << 21 - 1

    /// The UTC midnight at or before `ms`.
    static func day(containing ms: Int64) -> Int64 {
        ms - ((ms % dayMs) + dayMs) % dayMs
    }

    /// Packs `entries` (quarter start, figures) of the day starting at `dayMs`, sorted by quarter.
    static func pack(_ entries: [(quarterMs: Int64, figures: [UInt8])], dayMs: Int64) throws -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(entries.reduce(0) { $0 + 4 + $1.figures.count })
        for entry in entries.sorted(by: { $0.quarterMs < $1.quarterMs }) {
            let count = entry.figures.count
            guard count <= maximumFigures else { throw StoreError.sqlite(code: 18, message: "a roll-up row of \(count) bytes", context: "packing roll-ups") }
            bytes.append(UInt8((entry.quarterMs - dayMs) / quarterMs))
            bytes.append(UInt8(count >> 14))
            bytes.append(UInt8((count >> 7) & 127))
            bytes.append(UInt8(count & 127))
            bytes.append(contentsOf: entry.figures)
        }
        return bytes
    }

    /// The entries of a packed day (a truncated entry ends the list).
    static func unpack(_ bytes: [UInt8], dayMs: Int64) -> [(quarterMs: Int64, figures: [UInt8])] {
        var entries: [(quarterMs: Int64, figures: [UInt8])] = []
        var index = 0
        while index + 4 <= bytes.count {
            let quarter = Int64(bytes[index])
            let count = Int(bytes[index + 1]) << 14 | Int(bytes[index + 2]) << 7 | Int(bytes[index + 3])
            let start = index + 4
            guard start + count <= bytes.count else { break }
            entries.append((dayMs + quarter * quarterMs, Array(bytes[start..<start + count])))
            index = start + count
        }
        return entries.sorted { $0.quarterMs < $1.quarterMs }
    }

    /// The number of entries of a packed day.
    static func count(_ bytes: [UInt8]) -> Int {
        var index = 0, entries = 0
        while index + 4 <= bytes.count {
            index += 4 + (Int(bytes[index + 1]) << 14 | Int(bytes[index + 2]) << 7 | Int(bytes[index + 3]))
            if index <= bytes.count { entries += 1 }
        }
        return entries
    }
}

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

/// Roll-up rows packed per entity and UTC day as `rollup_days` stores them (``RollupDayPacking``),
/// made where the rows are built so that the write transaction only inserts them.
public struct PackedRollups: Sendable {
    /// One entity's day.
    struct Day: Sendable {
        var kind: String
        var name: String
        var dayMs: Int64
        var bytes: [UInt8]
    }

    /// The days, by entity and day.
    let days: [Day]
    /// The quarter rows packed.
    public let rowCount: Int

    /// No rows.
    public static let none = PackedRollups(days: [], rowCount: 0)

    private init(days: [Day], rowCount: Int) {
        self.days = days
        self.rowCount = rowCount
    }

    /// Packs `rows` (a row's entity and quarter once at most).
    /// - Throws: ``StoreError`` for a row whose figures exceed the packing's limit (2 MiB).
    public init(_ rows: [RollupRecord]) throws {
        var byDay: [PackKey: [(quarterMs: Int64, figures: [UInt8])]] = [:]
        for row in rows {
            byDay[PackKey(kind: row.kind, name: row.name, dayMs: RollupDayPacking.day(containing: row.quarterMs)), default: []]
                .append((row.quarterMs, row.figures))
        }
        days = try byDay.keys.sorted { ($0.kind, $0.name, $0.dayMs) < ($1.kind, $1.name, $1.dayMs) }.map { key in
            Day(kind: key.kind, name: key.name, dayMs: key.dayMs, bytes: try RollupDayPacking.pack(byDay[key] ?? [], dayMs: key.dayMs))
        }
        rowCount = rows.count
    }

    private struct PackKey: Hashable {
        var kind: String
        var name: String
        var dayMs: Int64
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
    /// The latest start of a noted range (`nil` when there is none): in a time-ordered import,
    /// where the calls still to come begin.
    public var latestFromMs: Int64?

    /// Creates a value.
    public init(ranges: [ClosedRangeMs], throughID: Int64?, latestFromMs: Int64? = nil) {
        self.ranges = ranges
        self.throughID = throughID
        self.latestFromMs = latestFromMs
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
        var latestFrom: Int64?
        while try select.step() {
            last = select.int64(0)
            let range = ClosedRangeMs(fromMs: select.int64(1), toMs: select.int64(2))
            latestFrom = max(latestFrom ?? range.fromMs, range.fromMs)
            ranges.append(range)
        }
        return RollupDirtyRanges(ranges: ClosedRangeMs.merge(ranges), throughID: last, latestFromMs: latestFrom)
    }

    /// Replaces, in one transaction, the rows of every entity in the quarters of `ranges` by `rows`
    /// (prepared statements; entities are created as needed), removes the dirty marks up to
    /// `clearingDirtyThrough` and notes `stillPending` as changed (what the rows left for later),
    /// and stores `fingerprint` (when given) and `nowMs` as the last refresh.
    /// Rows are stored packed per entity and day (``RollupDayPacking``): days a range covers only in
    /// part keep their quarters outside it. Inside an open write transaction it runs in a savepoint.
    /// - Returns: the number of rows written.
    @discardableResult
    public func replaceRollups(ranges: [ClosedRangeMs], rows: [RollupRecord], fingerprint: String?,
                               clearingDirtyThrough: Int64?, stillPending: [ClosedRangeMs] = [], nowMs: Int64) throws -> Int {
        try replaceRollups(ranges: ranges, packed: try PackedRollups(rows), fingerprint: fingerprint,
                           clearingDirtyThrough: clearingDirtyThrough, stillPending: stillPending, nowMs: nowMs)
    }

    /// ``replaceRollups(ranges:rows:fingerprint:clearingDirtyThrough:stillPending:nowMs:)`` with the
    /// rows packed beforehand (by the thread that built them, outside the write transaction).
    @discardableResult
    public func replaceRollups(ranges: [ClosedRangeMs], packed: PackedRollups, fingerprint: String?,
                               clearingDirtyThrough: Int64?, stillPending: [ClosedRangeMs] = [], nowMs: Int64) throws -> Int {
        try write { _ in
            let ranges = ClosedRangeMs.merge(ranges.filter { $0.toMs > $0.fromMs })
            // Quarters of the days the ranges cut, outside the ranges: kept.
            var kept: [DayKey: [(quarterMs: Int64, figures: [UInt8])]] = [:]
            var cutDays = Set<Int64>()
            for range in ranges {
                let first = RollupDayPacking.day(containing: range.fromMs)
                let last = RollupDayPacking.day(containing: range.toMs - 1)
                if first != range.fromMs { cutDays.insert(first) }
                if last + RollupDayPacking.dayMs != range.toMs { cutDays.insert(last) }
            }
            if !cutDays.isEmpty {
                let select = try database.prepare("SELECT entity_id, quarters FROM rollup_days WHERE day_ms = ?")
                for day in cutDays.sorted() {
                    select.bind(1, day)
                    while try select.step() {
                        let outside = RollupDayPacking.unpack(select.blob(1), dayMs: day).filter { entry in
                            !ranges.contains { $0.fromMs <= entry.quarterMs && entry.quarterMs < $0.toMs }
                        }
                        if !outside.isEmpty { kept[DayKey(entity: select.int64(0), dayMs: day), default: []] += outside }
                    }
                    select.reset()
                }
            }
            let delete = try database.prepare("DELETE FROM rollup_days WHERE day_ms >= ? AND day_ms < ?")
            for range in ranges {
                delete.bind(1, RollupDayPacking.day(containing: range.fromMs))
                delete.bind(2, RollupDayPacking.day(containing: range.toMs - 1) + RollupDayPacking.dayMs)
                try delete.run()
            }
            var entities = try rollupEntityIDs()
            let insert = try database.prepare("INSERT INTO rollup_days(entity_id, day_ms, quarters) VALUES (?, ?, ?)")
            for day in packed.days {
                let name = EntityName(kind: day.kind, name: day.name)
                let id = try entities[name] ?? createRollupEntity(kind: day.kind, name: day.name)
                entities[name] = id
                let key = DayKey(entity: id, dayMs: day.dayMs)
                insert.bind(1, id)
                insert.bind(2, day.dayMs)
                if let outside = kept.removeValue(forKey: key) {
                    insert.bind(3, bytes: try RollupDayPacking.pack(RollupDayPacking.unpack(day.bytes, dayMs: day.dayMs) + outside,
                                                                    dayMs: day.dayMs))
                } else {
                    insert.bind(3, bytes: day.bytes)
                }
                try insert.run()
            }
            try insertDays(kept, replacing: false)
            if let through = clearingDirtyThrough {
                let clear = try database.prepare("DELETE FROM rollup_dirty WHERE id <= ?")
                clear.bind(1, through)
                try clear.run()
            }
            for range in ClosedRangeMs.merge(stillPending) { try markRollupsDirty(fromMs: range.fromMs, toMs: range.toMs) }
            try ensureRollupMeta()
            let meta = try database.prepare("UPDATE rollup_meta SET fingerprint = coalesce(?, fingerprint), refreshed_ms = ? WHERE id = 1")
            if let fingerprint { meta.bind(1, fingerprint) } else { meta.bindNull(1) }
            meta.bind(2, nowMs)
            try meta.run()
            return packed.rowCount
        }
    }

    /// Writes `rows` over the stored rows of the same entity and quarter (erasure rewriting callers).
    public func putRollups(_ rows: [RollupRecord]) throws {
        try write { _ in
            var days = try groupByDay(rows)
            let select = try database.prepare("SELECT quarters FROM rollup_days WHERE entity_id = ? AND day_ms = ?")
            for (key, entries) in days {
                select.bind(1, key.entity)
                select.bind(2, key.dayMs)
                if try select.step() {
                    let replaced = Set(entries.map(\.quarterMs))
                    days[key, default: []] += RollupDayPacking.unpack(select.blob(0), dayMs: key.dayMs)
                        .filter { !replaced.contains($0.quarterMs) }
                }
                select.reset()
            }
            try insertDays(days, replacing: true)
        }
    }

    /// An entity's day.
    private struct DayKey: Hashable {
        var entity: Int64
        var dayMs: Int64
    }

    /// `rows` by entity id (created as needed) and day.
    private func groupByDay(_ rows: [RollupRecord]) throws -> [DayKey: [(quarterMs: Int64, figures: [UInt8])]] {
        var entities = try rollupEntityIDs()
        var days: [DayKey: [(quarterMs: Int64, figures: [UInt8])]] = [:]
        var lastName: EntityName?
        var lastID: Int64 = 0
        for row in rows {
            let name = EntityName(kind: row.kind, name: row.name)
            if name != lastName {
                lastID = try entities[name] ?? createRollupEntity(kind: row.kind, name: row.name)
                entities[name] = lastID
                lastName = name
            }
            days[DayKey(entity: lastID, dayMs: RollupDayPacking.day(containing: row.quarterMs)), default: []]
                .append((row.quarterMs, row.figures))
        }
        return days
    }

    /// Inserts packed days; with `replacing`, over stored days (a plain INSERT — the days were
    /// just emptied — needs no statement journal per row).
    private func insertDays(_ days: [DayKey: [(quarterMs: Int64, figures: [UInt8])]], replacing: Bool) throws {
        let insert = try database.prepare("INSERT\(replacing ? " OR REPLACE" : "") INTO rollup_days(entity_id, day_ms, quarters) VALUES (?, ?, ?)")
        for key in days.keys.sorted(by: { ($0.entity, $0.dayMs) < ($1.entity, $1.dayMs) }) {
            guard let entries = days[key], !entries.isEmpty else { continue }
            insert.bind(1, key.entity)
            insert.bind(2, key.dayMs)
            insert.bind(3, bytes: try RollupDayPacking.pack(entries, dayMs: key.dayMs))
            try insert.run()
        }
    }

    /// The rows of one entity for the quarters in `[fromMs, toMs)`, by quarter.
    public func rollups(kind: String, name: String, fromMs: Int64, toMs: Int64) throws -> [RollupRecord] {
        let select = try database.prepare("""
            SELECT e.kind, e.name, r.day_ms, r.quarters FROM rollup_days r JOIN rollup_entities e ON e.id = r.entity_id
            WHERE e.kind = ? AND e.name = ? AND r.day_ms >= ? AND r.day_ms < ? ORDER BY r.day_ms
            """)
        select.bind(1, kind)
        select.bind(2, name)
        select.bind(3, RollupDayPacking.day(containing: fromMs))
        select.bind(4, toMs)
        return try readRollups(select, fromMs: fromMs, toMs: toMs)
    }

    /// Every row of the quarters in `[fromMs, toMs)`, by quarter, then kind and name.
    public func rollups(fromMs: Int64, toMs: Int64) throws -> [RollupRecord] {
        let select = try database.prepare("""
            SELECT e.kind, e.name, r.day_ms, r.quarters FROM rollup_days r JOIN rollup_entities e ON e.id = r.entity_id
            WHERE r.day_ms >= ? AND r.day_ms < ?
            """)
        select.bind(1, RollupDayPacking.day(containing: fromMs))
        select.bind(2, toMs)
        return try readRollups(select, fromMs: fromMs, toMs: toMs)
            .sorted { ($0.quarterMs, $0.kind, $0.name) < ($1.quarterMs, $1.kind, $1.name) }
    }

    private func readRollups(_ select: SQLiteStatement, fromMs: Int64, toMs: Int64) throws -> [RollupRecord] {
        var rows: [RollupRecord] = []
        while try select.step() {
            let kind = select.text(0), name = select.text(1)
            for entry in RollupDayPacking.unpack(select.blob(3), dayMs: select.int64(2))
            where entry.quarterMs >= fromMs && entry.quarterMs < toMs {
                rows.append(RollupRecord(kind: kind, name: name, quarterMs: entry.quarterMs, figures: entry.figures))
            }
        }
        return rows
    }

    /// The names of the entities of `kind` that have rows, sorted.
    public func rollupEntities(kind: String) throws -> [String] {
        let select = try database.prepare("""
            SELECT name FROM rollup_entities e WHERE kind = ? AND EXISTS (SELECT 1 FROM rollup_days r WHERE r.entity_id = e.id) ORDER BY name
            """)
        select.bind(1, kind)
        var names: [String] = []
        while try select.step() { names.append(select.text(0)) }
        return names
    }

    /// Stored rows (quarters) per entity kind.
    public func rollupRowCounts() throws -> [String: Int] {
        let select = try database.prepare("SELECT e.kind, r.quarters FROM rollup_days r JOIN rollup_entities e ON e.id = r.entity_id")
        var counts: [String: Int] = [:]
        while try select.step() { counts[select.text(0), default: 0] += RollupDayPacking.count(select.blob(1)) }
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
            let day = RollupDayPacking.day(containing: ms)
            var count = 0
            let counted = try database.prepare("SELECT quarters FROM rollup_days WHERE day_ms < ?")
            counted.bind(1, day)
            while try counted.step() { count += RollupDayPacking.count(counted.blob(0)) }
            let delete = try database.prepare("DELETE FROM rollup_days WHERE day_ms < ?")
            delete.bind(1, day)
            try delete.run()
            if day < ms {
                // The day `ms` cuts: its quarters from `ms` on stay.
                let select = try database.prepare("SELECT entity_id, quarters FROM rollup_days WHERE day_ms = ?")
                select.bind(1, day)
                var days: [DayKey: [(quarterMs: Int64, figures: [UInt8])]] = [:]
                var emptied: [Int64] = []
                while try select.step() {
                    let entries = RollupDayPacking.unpack(select.blob(1), dayMs: day)
                    let later = entries.filter { $0.quarterMs >= ms }
                    count += entries.count - later.count
                    if later.isEmpty { emptied.append(select.int64(0)) } else { days[DayKey(entity: select.int64(0), dayMs: day)] = later }
                }
                try insertDays(days, replacing: true)
                let remove = try database.prepare("DELETE FROM rollup_days WHERE entity_id = ? AND day_ms = ?")
                for entity in emptied {
                    remove.bind(1, entity)
                    remove.bind(2, day)
                    try remove.run()
                }
            }
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
