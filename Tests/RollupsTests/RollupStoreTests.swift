import Foundation
@testable import Store
import TestSupport
import XCTest

/// The roll-up tables of migration 18 through the store's API, on a real SQLite file.
final class RollupStoreTests: XCTestCase {
    private var directory: URL!
    private var path: String { directory.appendingPathComponent("tollbook.db").path }

    override func setUpWithError() throws {
        directory = try TestEnvironment.makeTemporaryDirectory("tollbook-rollup-store")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: directory)
    }

    private let q: Int64 = 900_000
    private let day: Int64 = 1_740_960_000_000  // 2025-03-03T00:00Z

    func testRowsRoundTripAndAreReplacedPerQuarterRange() throws {
        let store = try CallStore(path: path)
        XCTAssertEqual(try store.rollupMeta(), RollupMeta())
        let rows = [
            RollupRecord(kind: "group", name: "2300", quarterMs: day, figures: [1, 2, 3]),
            RollupRecord(kind: "group", name: "2300", quarterMs: day + q, figures: [1, 4]),
            RollupRecord(kind: "trunk", name: "BER-GW01", quarterMs: day, figures: [1, 9]),
            RollupRecord(kind: "enterprise", name: "", quarterMs: day + 2 * q, figures: [1]),
        ]
        XCTAssertEqual(try store.replaceRollups(ranges: [ClosedRangeMs(fromMs: day, toMs: day + 4 * q)], rows: rows, fingerprint: "abc",
                                                clearingDirtyThrough: nil, nowMs: 42), 4)
        XCTAssertEqual(try store.rollups(kind: "group", name: "2300", fromMs: day, toMs: day + 4 * q), Array(rows[0...1]))
        XCTAssertEqual(try store.rollups(kind: "group", name: "2300", fromMs: day + q, toMs: day + 2 * q), [rows[1]])
        XCTAssertEqual(try store.rollups(fromMs: day, toMs: day + q), [rows[2], rows[0]].sorted { $0.kind < $1.kind })
        XCTAssertEqual(try store.rollupEntities(kind: "group"), ["2300"])
        XCTAssertEqual(try store.rollupEntities(kind: "enterprise"), [""])
        XCTAssertEqual(try store.rollupRowCounts(), ["group": 2, "trunk": 1, "enterprise": 1])
        XCTAssertEqual(try store.rollupMeta(), RollupMeta(fingerprint: "abc", retainedBeforeMs: nil, refreshedMs: 42))
        // Replacing the second quarter only: the group's row there goes, the others stay; no fingerprint keeps the old one.
        try store.replaceRollups(ranges: [ClosedRangeMs(fromMs: day + q, toMs: day + 2 * q)],
                                 rows: [RollupRecord(kind: "site", name: "berlin", quarterMs: day + q, figures: [1, 7])],
                                 fingerprint: nil, clearingDirtyThrough: nil, nowMs: 43)
        XCTAssertEqual(try store.rollups(kind: "group", name: "2300", fromMs: day, toMs: day + 4 * q), [rows[0]])
        XCTAssertEqual(try store.rollupRowCounts(), ["group": 1, "trunk": 1, "enterprise": 1, "site": 1])
        XCTAssertEqual(try store.rollupMeta().fingerprint, "abc")
        // Erasure rewriting callers; retention deleting old quarters.
        try store.putRollups([RollupRecord(kind: "trunk", name: "BER-GW01", quarterMs: day, figures: [1, 8])])
        XCTAssertEqual(try store.rollups(kind: "trunk", name: "BER-GW01", fromMs: day, toMs: day + q).map(\.figures), [[1, 8]])
        XCTAssertEqual(try store.deleteRollups(before: day + q), 2)
        XCTAssertEqual(try store.rollupRowCounts(), ["enterprise": 1, "site": 1])
        XCTAssertEqual(try store.rollupEntities(kind: "group"), [], "an entity without rows is not listed")
        try store.invalidateRollups()
        XCTAssertNil(try store.rollupMeta().fingerprint)
    }

    func testDirtyRangesMergeAndAreClearedUpToTheRefreshedMark() throws {
        let store = try CallStore(path: path)
        XCTAssertEqual(try store.rollupDirtyRanges(), RollupDirtyRanges(ranges: [], throughID: nil))
        try store.markRollupsDirty(fromMs: 100, toMs: 200)
        try store.markRollupsDirty(fromMs: 500, toMs: 600)
        try store.markRollupsDirty(fromMs: 150, toMs: 300)
        try store.markRollupsDirty(fromMs: 300, toMs: 310)  // touching: merged
        XCTAssertEqual(try store.rollupDirtyRanges(), RollupDirtyRanges(
            ranges: [ClosedRangeMs(fromMs: 100, toMs: 310), ClosedRangeMs(fromMs: 500, toMs: 600)], throughID: 4, latestFromMs: 500))
        try store.markRollupsDirty(fromMs: 1_000, toMs: 1_000)  // an instant: one ms wide
        try store.replaceRollups(ranges: [], rows: [], fingerprint: "f", clearingDirtyThrough: 4, nowMs: 1)
        XCTAssertEqual(try store.rollupDirtyRanges(), RollupDirtyRanges(ranges: [ClosedRangeMs(fromMs: 1_000, toMs: 1_001)], throughID: 5,
                                                                        latestFromMs: 1_000))
        // A refresh that leaves part of the changes for later notes that part again, after the cleared marks.
        try store.replaceRollups(ranges: [], rows: [], fingerprint: nil, clearingDirtyThrough: 5,
                                 stillPending: [ClosedRangeMs(fromMs: 2_000, toMs: 2_500), ClosedRangeMs(fromMs: 2_400, toMs: 2_600)], nowMs: 2)
        XCTAssertEqual(try store.rollupDirtyRanges(), RollupDirtyRanges(ranges: [ClosedRangeMs(fromMs: 2_000, toMs: 2_600)], throughID: 6,
                                                                        latestFromMs: 2_000))
        XCTAssertEqual(ClosedRangeMs.merge([.init(fromMs: 5, toMs: 5), .init(fromMs: 9, toMs: 12), .init(fromMs: 1, toMs: 10)]),
                       [.init(fromMs: 1, toMs: 12)])
    }

    /// Rows are stored packed per entity and UTC day: a range that cuts a day keeps that day's
    /// other quarters, erasure and retention rewrite parts of a day.
    func testDaysAreCutAtRangeBoundariesAndRewrittenInPart() throws {
        let store = try CallStore(path: path)
        let late = day - 2 * q       // 23:30 the day before
        let rows = [
            RollupRecord(kind: "group", name: "2300", quarterMs: late, figures: [1, 1]),
            RollupRecord(kind: "group", name: "2300", quarterMs: late + q, figures: [1, 2]),
            RollupRecord(kind: "group", name: "2300", quarterMs: day, figures: [1, 3]),
            RollupRecord(kind: "group", name: "2300", quarterMs: day + 95 * q, figures: Array(repeating: 7, count: 300)),
            RollupRecord(kind: "trunk", name: "TG01", quarterMs: day + 4 * q, figures: [1, 4]),
        ]
        try store.replaceRollups(ranges: [ClosedRangeMs(fromMs: late, toMs: day + 96 * q)], rows: rows, fingerprint: "f",
                                 clearingDirtyThrough: nil, nowMs: 1)
        XCTAssertEqual(try store.database.scalarInt("SELECT count(*) FROM rollup_days"), 3, "two days of the group, one of the trunk")
        XCTAssertEqual(try store.rollups(kind: "group", name: "2300", fromMs: late, toMs: day + 96 * q), Array(rows[0...3]))
        XCTAssertEqual(try store.rollups(kind: "group", name: "2300", fromMs: late + q, toMs: day + q), Array(rows[1...2]))
        // Replacing 23:45–00:15 across midnight: 23:30 and the day's other quarters stay.
        let new = RollupRecord(kind: "group", name: "2300", quarterMs: day, figures: [9])
        try store.replaceRollups(ranges: [ClosedRangeMs(fromMs: late + q, toMs: day + q)], rows: [new], fingerprint: nil,
                                 clearingDirtyThrough: nil, nowMs: 2)
        XCTAssertEqual(try store.rollups(kind: "group", name: "2300", fromMs: late, toMs: day + 96 * q), [rows[0], new, rows[3]])
        XCTAssertEqual(try store.rollups(fromMs: late, toMs: day + 96 * q).map(\.quarterMs), [late, day, day + 4 * q, day + 95 * q])
        XCTAssertEqual(try store.rollupRowCounts(), ["group": 3, "trunk": 1])
        // Erasure rewriting one quarter of a day keeps the others.
        try store.putRollups([RollupRecord(kind: "group", name: "2300", quarterMs: day + 95 * q, figures: [5])])
        XCTAssertEqual(try store.rollups(kind: "group", name: "2300", fromMs: day, toMs: day + 96 * q).map(\.figures), [[9], [5]])
        // Retention before 01:00: the day before goes whole, the day loses its first quarter (and the trunk's 01:00 stays).
        XCTAssertEqual(try store.deleteRollups(before: day + 4 * q), 2)
        XCTAssertEqual(try store.rollups(fromMs: late, toMs: day + 96 * q).map(\.quarterMs), [day + 4 * q, day + 95 * q])
        XCTAssertEqual(try store.rollupRowCounts(), ["group": 1, "trunk": 1])
        XCTAssertEqual(try store.deleteRollups(before: day + 96 * q), 2)
        XCTAssertEqual(try store.database.scalarInt("SELECT count(*) FROM rollup_days"), 0, "emptied days are removed")
    }

    /// Migration 20 packs the quarter rows of version 19 per entity and day without changing them.
    func testVersionNineteenRowsArePackedPerDay() throws {
        do {
            let db = try SQLiteDatabase(path: path)
            XCTAssertEqual(try db.migrate(upTo: 19).last, 19)
            try db.execute("""
                INSERT INTO rollup_entities(id, kind, name) VALUES (1, 'group', '2300'), (2, 'enterprise', '');
                INSERT INTO rollups(entity_id, quarter_ms, figures) VALUES
                    (1, \(day + 3 * q), x'0102'), (1, \(day), x'00'), (1, \(day + 96 * q), x'\(String(repeating: "ab", count: 20_000))'),
                    (2, \(day - q), x'0a0b0c');
                """)
        }
        let store = try CallStore(path: path)
        XCTAssertEqual(try store.database.schemaVersion(), 20)
        XCTAssertEqual(try store.rollups(fromMs: day - q, toMs: day + 97 * q), [
            RollupRecord(kind: "enterprise", name: "", quarterMs: day - q, figures: [10, 11, 12]),
            RollupRecord(kind: "group", name: "2300", quarterMs: day, figures: [0]),
            RollupRecord(kind: "group", name: "2300", quarterMs: day + 3 * q, figures: [1, 2]),
            RollupRecord(kind: "group", name: "2300", quarterMs: day + 96 * q, figures: Array(repeating: 0xab, count: 20_000)),
        ])
        XCTAssertEqual(try store.rollupRowCounts(), ["group": 3, "enterprise": 1])
    }

    func testMetaSecretHorizonAndKeptSpans() throws {
        let store = try CallStore(path: path)
        let secret = try store.rollupCallerSecret()
        XCTAssertEqual(secret.count, 32)
        XCTAssertEqual(try store.rollupCallerSecret(), secret, "made once, then kept")
        XCTAssertNotEqual(try CallStore(path: directory.appendingPathComponent("other.db").path).rollupCallerSecret(), secret)
        try store.setRollupsRetainedBefore(day)
        try store.setRollupsRetainedBefore(day - q)  // never lowered
        XCTAssertEqual(try store.rollupMeta().retainedBeforeMs, day)
        XCTAssertEqual(try store.rollupKeptSpans(fromMs: 0, toMs: Int64.max), [])
    }
}
