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
