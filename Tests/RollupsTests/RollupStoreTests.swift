import Foundation
import Store
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
            ranges: [ClosedRangeMs(fromMs: 100, toMs: 310), ClosedRangeMs(fromMs: 500, toMs: 600)], throughID: 4))
        try store.markRollupsDirty(fromMs: 1_000, toMs: 1_000)  // an instant: one ms wide
        try store.replaceRollups(ranges: [], rows: [], fingerprint: "f", clearingDirtyThrough: 4, nowMs: 1)
        XCTAssertEqual(try store.rollupDirtyRanges(), RollupDirtyRanges(ranges: [ClosedRangeMs(fromMs: 1_000, toMs: 1_001)], throughID: 5))
        XCTAssertEqual(ClosedRangeMs.merge([.init(fromMs: 5, toMs: 5), .init(fromMs: 9, toMs: 12), .init(fromMs: 1, toMs: 10)]),
                       [.init(fromMs: 1, toMs: 12)])
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
