import Rating
import XCTest

/// Exact integer arithmetic, rounded once per call by `rounding_mode` and `precision`.
final class CostsAreRoundedOnceByTheFileRuleTests: XCTestCase {
    private func cost(mode: String, precision: String = "0.01", rate: String, seconds: Double) -> Int64? {
        let text = """
        [provider]
        id = round
        precision = \(precision)
        rounding_mode = \(mode)
        [zone X]
        prefixes = +44
        [version v1]
        valid_from = 2020-01-01
        X = \(rate)
        """
        guard let tariff = Fixture.tariff(text) else { return nil }
        return Fixture.rater([tariff]).rate(Fixture.call("+44123", "2026-03-02T10:00:00Z", seconds: seconds)).rated()?.costMinor
    }

    func testHalfAmountsFollowTheMode() {
        // 10.5 ct per call = 0.105 EUR exactly (binary floating point would read 0.10499…).
        XCTAssertEqual(cost(mode: "half_up", rate: "10.5 ct/call", seconds: 10), 11)
        XCTAssertEqual(cost(mode: "half_even", rate: "10.5 ct/call", seconds: 10), 10)
        XCTAssertEqual(cost(mode: "half_even", rate: "11.5 ct/call", seconds: 10), 12)
        XCTAssertEqual(cost(mode: "up", rate: "10.01 ct/call", seconds: 10), 11)
        XCTAssertEqual(cost(mode: "down", rate: "10.99 ct/call", seconds: 10), 10)
    }

    func testThirdsOfACentAreKeptExactUntilTheEnd() {
        // 1 ct/min 1/1 for 20 s = 1/3 ct: half_up → 0, up → 1.
        XCTAssertEqual(cost(mode: "half_up", rate: "1 ct/min 1/1", seconds: 20), 0)
        XCTAssertEqual(cost(mode: "up", rate: "1 ct/min 1/1", seconds: 20), 1)
        // 0.05 EUR/min for 60 s 1/1 is exactly 5 ct (ivozprovider#692 got 0.0498).
        XCTAssertEqual(cost(mode: "up", rate: "0.05 EUR/min 1/1", seconds: 60), 5)
        // 3 × 20 s at 1 ct/min summed exactly is 1 ct; rounding each third first would give 0.
        XCTAssertEqual(cost(mode: "half_up", rate: "1 ct/min 1/1", seconds: 60), 1)
    }

    func testCoarserPrecision() {
        // precision 0.05: 12.4 ct → 2.48 steps of 5 ct → half_up 2 steps = 10 ct; up → 15 ct.
        XCTAssertEqual(cost(mode: "half_up", precision: "0.05", rate: "12.4 ct/call", seconds: 10), 10)
        XCTAssertEqual(cost(mode: "up", precision: "0.05", rate: "12.4 ct/call", seconds: 10), 15)
    }

    func testDefaultPrecisionIsTheCurrencysMinorUnit() {
        let text = """
        [provider]
        id = yen
        currency = JPY
        [zone JP]
        prefixes = +81
        [version v1]
        valid_from = 2020-01-01
        JP = 10 JPY/min 1/1
        """
        // 100 s × 10 JPY/min = 16.67 JPY → 17 JPY (minor unit of the yen is 1).
        guard let tariff = Fixture.tariff(text) else { return }
        XCTAssertEqual(tariff.minorUnitDigits, 0)
        XCTAssertEqual(Fixture.rater([tariff]).rate(Fixture.call("+8131234", "2026-03-02T10:00:00Z", seconds: 100)).rated()?.costMinor, 17)
    }

    func testExactAmountsPrintWithoutFloatingPoint() {
        XCTAssertEqual(ExactAmount(tenThousandths: 1050).currencyText(), "0.105")
        XCTAssertEqual(ExactAmount(units: 200_000).currencyText(), "≈0.333333")
    }
}
