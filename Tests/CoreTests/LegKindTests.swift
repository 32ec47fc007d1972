import TollbookCore
import XCTest

/// Which kind a leg is billed as, and the names of its flags.
final class LegKindTests: XCTestCase {
    func testMostSpecificFlagWins() {
        XCTAssertEqual(LegKind(flags: []), .normal)
        XCTAssertEqual(LegKind(flags: [.huntGroup]), .normal)
        XCTAssertEqual(LegKind(flags: [.forwarded]), .forward)
        XCTAssertEqual(LegKind(flags: [.forwarded, .transferred]), .transfer)
        XCTAssertEqual(LegKind(flags: [.transferSplit]), .transfer)
        XCTAssertEqual(LegKind(flags: [.conference, .transferred]), .conference)
        XCTAssertEqual(LegKind(flags: [.recording, .conference]), .recording)
        XCTAssertEqual(LegKind(flags: [.monitoring]), .monitoring)
    }

    func testFlagNamesAreStableAndOrdered() {
        XCTAssertEqual(CallFlags([.huntGroup, .transferred, .ambiguousLocalTime]).names,
                       ["transferred", "hunt_group", "ambiguous_local_time"])
    }

    func testJSONQuoting() {
        XCTAssertEqual(JSONText.quote("a\"b\\c\n\u{1}ü"), "\"a\\\"b\\\\c\\n\\u0001ü\"")
        XCTAssertEqual(JSONText.object([("k", "v"), ("x", "")]), #"{"k":"v","x":""}"#)
    }
}

/// Money amounts printed exactly from minor units.
final class MoneyFormatTests: XCTestCase {
    func testDecimalPlacesFollowTheCurrency() {
        XCTAssertEqual(MoneyFormat.decimal(minor: 1234, currency: "EUR"), "12.34")
        XCTAssertEqual(MoneyFormat.decimal(minor: 5, currency: "EUR"), "0.05")
        XCTAssertEqual(MoneyFormat.decimal(minor: -5, currency: "EUR"), "-0.05")
        XCTAssertEqual(MoneyFormat.decimal(minor: 0, currency: "CHF"), "0.00")
        XCTAssertEqual(MoneyFormat.decimal(minor: 7, currency: "JPY"), "7")
        XCTAssertEqual(MoneyFormat.decimal(minor: 1234, currency: "KWD"), "1.234")
        XCTAssertEqual(MoneyFormat.decimal(minor: Int64.min, currency: "EUR"), "-92233720368547758.08")
    }
}
