import TollbookCore
import XCTest

/// `Costs` becomes integer minor units of `Currency`, rounded half up; bad amounts are rejected.
final class ChargesAreReadInMinorUnitsTests: XCTestCase {
    private func charge(_ costs: String, _ currency: String) throws -> (Int64?, String)? {
        let outcome = try Swyx.parse(text: InlineRows.header + "\n"
            + InlineRows.row("1", ["Costs": costs, "Currency": currency]) + "\n")
        guard let record = outcome.records.first else { return nil }
        return (record.chargeMinor, record.chargeCurrency)
    }

    func testAmountsInTheCurrencysMinorUnits() throws {
        XCTAssertEqual(try charge("12", "EUR")?.0, 1200)
        XCTAssertEqual(try charge("0,01", "EUR")?.0, 1)
        XCTAssertEqual(try charge("0.004", "EUR")?.0, 0)
        XCTAssertEqual(try charge("0.005", "EUR")?.0, 1)
        XCTAssertEqual(try charge("120", "JPY")?.0, 120)
        XCTAssertEqual(try charge("120.5", "jpy")?.0, 121)
        XCTAssertEqual(try charge("1,2345", "KWD")?.0, 1235)
        XCTAssertEqual(try charge("0", "CHF")?.0, 0)
        XCTAssertEqual(try charge("1.20", "CHF")?.1, "CHF")
    }

    func testCostsWithoutCurrencyUseTwoDigitsAndNoCode() throws {
        let result = try charge("2.5", "")
        XCTAssertEqual(result?.0, 250)
        XCTAssertEqual(result?.1, "")
    }

    func testNoCostsMeansNoChargeEvenWithACurrency() throws {
        let result = try charge("", "EUR")
        XCTAssertNotNil(result)
        XCTAssertNil(result?.0)
        XCTAssertEqual(result?.1, "")
    }

    func testBadAmountsAreRejected() throws {
        for bad in ["-1", "1.", ".", "1,2,3", "1 000", "1e3", "9999999999999999"] {
            let outcome = try Swyx.parse(text: InlineRows.header + "\n"
                + InlineRows.row("1", ["Costs": bad, "Currency": "EUR"]) + "\n")
            XCTAssertEqual(outcome.records, [], bad)
            XCTAssertEqual(outcome.rejects.map(\.field), ["Costs"], bad)
        }
    }
}
