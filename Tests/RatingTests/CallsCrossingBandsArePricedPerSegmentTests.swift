import Rating
import XCTest

/// Calls that cross a band boundary (taktwerk example: peak Mon–Fri 08–18, off-peak otherwise).
final class CallsCrossingBandsArePricedPerSegmentTests: XCTestCase {
    private var rater: Rater?

    override func setUp() {
        rater = Fixture.tariff(Fixture.shipped("taktwerk.ini")).map { Fixture.rater([$0]) }
    }

    func testEachIncrementIsPricedAtTheBandAtItsStart() {
        // Monday 2026-03-02 17:58:30 CET (16:58:30Z), 150 s, DE_FIXED 60/60 → increments start at
        // 17:58:30 and 17:59:30 (peak, 4 ct/min) and 18:00:30 (off-peak, 1.5 ct/min):
        // 2 × 4 ct + 1 × 1.5 ct = 9.5 ct → 10 ct (half_up).
        let call = rater?.rate(Fixture.call("+4930123456", "2026-03-02T16:58:30Z", seconds: 150)).rated()
        XCTAssertEqual(call?.costMinor, 10)
        XCTAssertEqual(call?.bands, ["peak", "offpeak"])
        XCTAssertEqual(call?.segments.map(\.billedSeconds), [120, 60])
        XCTAssertEqual(call?.segments.map(\.incrementCount), [2, 1])
        XCTAssertEqual(call?.exactCost, ExactAmount(tenThousandths: 950))
    }

    func testThirtySixIncrementsSplitIntoTheMorningPeak() {
        // Tuesday 2026-03-03 07:59:40 CET (06:59:40Z), 50 s, DE_MOBILE 30/6: the first block (30 s)
        // starts off-peak (9 ct/min) → 4.5 ct; then ⌈20/6⌉ = 4 blocks of 6 s from 08:00:10, peak
        // (14 ct/min) → 24 s × 14/60 = 5.6 ct; total 10.1 ct → 10 ct.
        let call = rater?.rate(Fixture.call("+491701234567", "2026-03-03T06:59:40Z", seconds: 50, category: "mobile")).rated()
        XCTAssertEqual(call?.costMinor, 10)
        XCTAssertEqual(call?.segments.map(\.band), ["offpeak", "peak"])
        XCTAssertEqual(call?.segments.map(\.billedSeconds), [30, 24])
        XCTAssertEqual(call?.exactCost, ExactAmount(tenThousandths: 1010))
    }

    func testACallInsideOneBandHasOneSegment() {
        // Monday 10:00 CET, 3 min DE_FIXED peak → 12 ct.
        let call = rater?.rate(Fixture.call("+4989123456", "2026-03-02T09:00:00Z", seconds: 180)).rated()
        XCTAssertEqual(call?.costMinor, 12)
        XCTAssertEqual(call?.segments.count, 1)
    }

    func testStartRuleKeepsTheStartBand() {
        let text = Fixture.shipped("taktwerk.ini").replacingOccurrences(of: "band_split = increment", with: "band_split = start")
        guard let tariff = Fixture.tariff(text) else { return }
        // Same call as the first test, but all 3 minutes at peak: 3 × 4 ct = 12 ct.
        let call = Fixture.rater([tariff]).rate(Fixture.call("+4930123456", "2026-03-02T16:58:30Z", seconds: 150)).rated()
        XCTAssertEqual(call?.costMinor, 12)
        XCTAssertEqual(call?.bands, ["peak"])
    }
}
