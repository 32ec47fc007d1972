import TollbookCore
import XCTest

/// A number field that is not a dial string (a spreadsheet's scientific notation, a name) is a
/// `malformed` reject naming the record field; the rows around it are still read.
final class DamagedNumbersAreRejectedTests: XCTestCase {
    func testScientificNotationAndLettersAreMalformedNumbers() throws {
        let outcome = try Swyx.parse(text: InlineRows.header + "\n"
            + InlineRows.row("1", ["CalledNumber": "4.93056E+10", "DestinationNumber": "4.93056E+10"]) + "\n"
            + InlineRows.row("2") + "\n"
            + InlineRows.row("3", ["OriginationNumber": "2O1"]) + "\n")
        XCTAssertEqual(outcome.records.map(\.vendorRecordID), ["2@2025-03-03"])
        XCTAssertEqual(outcome.rejects.map { "\($0.reason.rawValue) \($0.field)" }, ["malformed called", "malformed calling"])
        XCTAssertEqual(outcome.rejects.map(\.message), ["number field is not a dial string (digits and + * # X ?) or a URI",
                                                       "number field is not a dial string (digits and + * # X ?) or a URI"])
    }

    func testURIsAndMaskedDigitsAreNumbers() throws {
        let outcome = try Swyx.parse(text: InlineRows.header + "\n"
            + InlineRows.row("1", ["OriginationNumber": "sip:anna@example.com"]) + "\n"
            + InlineRows.row("2", ["OriginationNumber": "0176555XXXX"]) + "\n")
        XCTAssertEqual(outcome.rejects, [])
        XCTAssertEqual(outcome.records.map(\.parties.calling), ["sip:anna@example.com", "0176555XXXX"])
    }
}
