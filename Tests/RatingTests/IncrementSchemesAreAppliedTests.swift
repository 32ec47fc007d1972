import Rating
import XCTest

/// Every increment scheme, priced at 6 ct/min (= 0.1 ct per second) so the billed seconds read off the cost.
final class IncrementSchemesAreAppliedTests: XCTestCase {
    private let text = """
    [provider]
    id = inc
    [zone Z6060]
    prefixes = +1
    [zone Z601]
    prefixes = +2
    [zone Z11]
    prefixes = +3
    [zone Z306]
    prefixes = +4
    [zone Z6010]
    prefixes = +5
    [version v1]
    valid_from = 2020-01-01
    Z6060 = 6 ct/min 60/60
    Z601 = 6 ct/min 60/1
    Z11 = 6 ct/min 1/1
    Z306 = 6 ct/min 30/6
    Z6010 = 6 ct/min 60/10
    """

    private func cost(_ destination: String, seconds: Double) -> (Int64, IncrementsApplied?)? {
        guard let tariff = Fixture.tariff(text),
              let call = Fixture.rater([tariff]).rate(Fixture.call(destination, "2026-03-02T10:00:00Z", seconds: seconds)).rated()
        else { return nil }
        return (call.costMinor, call.increments)
    }

    func testSixtySixtyBillsEveryStartedMinute() {
        // 61.2 s → 62 started seconds → 60 + 1 × 60 = 120 s × 0.1 ct = 12 ct.
        let result = cost("+1555", seconds: 61.2)
        XCTAssertEqual(result?.0, 12)
        XCTAssertEqual(result?.1?.billedSeconds, 120)
        XCTAssertEqual(result?.1?.nextBlocks, 1)
        // 5 s → the first block of 60 s → 6 ct.
        XCTAssertEqual(cost("+1555", seconds: 5)?.0, 6)
    }

    func testSixtyOneBillsAMinuteThenSeconds() {
        // 62 s → 60 + 2 × 1 = 62 s → 6.2 ct → 6 ct (half_up).
        XCTAssertEqual(cost("+2555", seconds: 61.2)?.0, 6)
        XCTAssertEqual(cost("+2555", seconds: 61.2)?.1?.billedSeconds, 62)
        // 5 s → 60 s minimum block → 6 ct.
        XCTAssertEqual(cost("+2555", seconds: 5)?.0, 6)
    }

    func testOneOneBillsStartedSeconds() {
        // 62 s → 6.2 ct → 6 ct; 5 s → 0.5 ct → 1 ct (half_up); 30.1 s → 31 s → 3.1 ct → 3 ct.
        XCTAssertEqual(cost("+3555", seconds: 61.2)?.0, 6)
        XCTAssertEqual(cost("+3555", seconds: 5)?.0, 1)
        XCTAssertEqual(cost("+3555", seconds: 30.1)?.1?.billedSeconds, 31)
    }

    func testThirtySixBillsHalfAMinuteThenSixSecondBlocks() {
        // 62 s → 30 + ⌈32/6⌉ = 6 blocks × 6 = 66 s → 6.6 ct → 7 ct.
        XCTAssertEqual(cost("+4555", seconds: 62)?.0, 7)
        XCTAssertEqual(cost("+4555", seconds: 62)?.1?.billedSeconds, 66)
        // 32 s (the cgrates#118 case) → 30 + 6 = 36 s → 3.6 ct → 4 ct; 5 s → 30 s → 3 ct.
        XCTAssertEqual(cost("+4555", seconds: 32)?.1?.billedSeconds, 36)
        XCTAssertEqual(cost("+4555", seconds: 32)?.0, 4)
        XCTAssertEqual(cost("+4555", seconds: 5)?.0, 3)
    }

    func testSixtyTenBillsAMinuteThenTenSecondBlocks() {
        // 62 s → 60 + 1 × 10 = 70 s → 7 ct; 75 s → 60 + 2 × 10 = 80 s → 8 ct.
        XCTAssertEqual(cost("+5555", seconds: 62)?.0, 7)
        XCTAssertEqual(cost("+5555", seconds: 75)?.0, 8)
        XCTAssertEqual(cost("+5555", seconds: 75)?.1?.billedSeconds, 80)
    }
}
