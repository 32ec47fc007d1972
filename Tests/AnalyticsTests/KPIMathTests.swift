import Analytics
import TollbookCore
import XCTest

/// The arithmetic under the KPIs: ratios, rounding, percentiles, Erlang B, the sweep line, clipping.
final class KPIMathTests: XCTestCase {
    func testPercentIsNullOnAnEmptyDenominator() {
        XCTAssertNil(KPIMath.percent(0, 0))
        XCTAssertNil(KPIMath.percent(3, -1))
        XCTAssertEqual(KPIMath.percent(70, 90), 77.78)
        XCTAssertEqual(KPIMath.percent(1, 3), 33.33)
        XCTAssertEqual(KPIMath.percent(2, 3), 66.67)
    }

    func testMedianAndNearestRankP90() {
        XCTAssertNil(KPIMath.median([]))
        XCTAssertNil(KPIMath.percentile([], 90))
        XCTAssertEqual(KPIMath.median([30, 10, 20]), 20)
        XCTAssertEqual(KPIMath.median([40, 10, 20, 30]), 25)
        // Ranks ⌈0.9 · 10⌉ = 9 and ⌈0.9 · 11⌉ = 10.
        XCTAssertEqual(KPIMath.percentile(Array(1...10).map(Int64.init), 90), 9)
        XCTAssertEqual(KPIMath.percentile(Array(1...11).map(Int64.init), 90), 10)
        XCTAssertEqual(KPIMath.percentile([5], 90), 5)
    }

    func testErlangBRecursion() {
        // B(1, 1) = 1/2; B(2, 1) = (1/2)/(2 + 1/2) = 1/5; B(2, 2) = 2/5 → 2·(2/3)/(2 + 4/3) = 0.4.
        XCTAssertEqual(KPIMath.erlangB(traffic: 1, channels: 1), 0.5, accuracy: 1e-12)
        XCTAssertEqual(KPIMath.erlangB(traffic: 1, channels: 2), 0.2, accuracy: 1e-12)
        XCTAssertEqual(KPIMath.erlangB(traffic: 2, channels: 2), 0.4, accuracy: 1e-12)
        XCTAssertEqual(KPIMath.erlangB(traffic: 0, channels: 3), 0, accuracy: 1e-12)
    }

    func testConcurrencyCountsEndsBeforeStartsAtTheSameInstant() {
        // A ends at 10 when B starts at 10: never two at once.
        XCTAssertEqual(KPIMath.peakConcurrency([(0, 10), (10, 20)]), 1)
        XCTAssertEqual(KPIMath.peakConcurrency([(0, 11), (10, 20)]), 2)
        XCTAssertEqual(KPIMath.peakConcurrency([(0, 30), (5, 10), (10, 15), (12, 14)]), 3)
        XCTAssertEqual(KPIMath.peakConcurrency([(5, 5)]), 0)
        XCTAssertEqual(KPIMath.peakConcurrency([]), 0)
    }

    func testClippingToABucket() {
        XCTAssertEqual(KPIMath.clippedMs([(0, 100), (50, 250), (300, 400)], from: 100, to: 300), 150)
    }

    func testBucketBoundsAreUTCAlignedAndCutToThePeriod() {
        let from = KPIMathTests.ms("2025-03-03T08:10:00Z"), to = KPIMathTests.ms("2025-03-03T09:00:00Z")
        let quarters = KPIBuckets.bounds(fromMs: from, toMs: to, size: .quarterHour).map { [KPIMath.iso($0.start), KPIMath.iso($0.end)] }
        XCTAssertEqual(quarters, [["2025-03-03T08:10:00Z", "2025-03-03T08:15:00Z"], ["2025-03-03T08:15:00Z", "2025-03-03T08:30:00Z"],
                                  ["2025-03-03T08:30:00Z", "2025-03-03T08:45:00Z"], ["2025-03-03T08:45:00Z", "2025-03-03T09:00:00Z"]])
        // 2025-03-05 is a Wednesday: its week starts Monday 2025-03-03.
        let weeks = KPIBuckets.bounds(fromMs: KPIMathTests.ms("2025-03-05T00:00:00Z"), toMs: KPIMathTests.ms("2025-03-12T00:00:00Z"), size: .week)
        XCTAssertEqual(weeks.map { KPIMath.iso($0.start) }, ["2025-03-05T00:00:00Z", "2025-03-10T00:00:00Z"])
        XCTAssertEqual(weeks.map { KPIMath.iso($0.end) }, ["2025-03-10T00:00:00Z", "2025-03-12T00:00:00Z"])
        let months = KPIBuckets.bounds(fromMs: KPIMathTests.ms("2025-01-01T00:00:00Z"), toMs: KPIMathTests.ms("2025-04-01T00:00:00Z"), size: .month)
        XCTAssertEqual(months.map { KPIMath.iso($0.end) }, ["2025-02-01T00:00:00Z", "2025-03-01T00:00:00Z", "2025-04-01T00:00:00Z"])
    }

    static func ms(_ text: String) -> Int64 {
        // A mistyped literal gives Int64.min: every expectation then fails loudly.
        UTCTimestamp.parse(text) ?? Int64.min
    }
}
