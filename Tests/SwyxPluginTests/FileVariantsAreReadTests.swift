import TollbookCore
import XCTest

/// Byte order marks, repeated headers (rotated files joined), escaped quotes, a missing final
/// line break, the `State` column and upper-case `CALLID` headers.
final class FileVariantsAreReadTests: XCTestCase {
    func testByteOrderMarkBeforeTheHeader() throws {
        let text = "\u{FEFF}" + InlineRows.header + "\r\n" + InlineRows.row("7") + "\r\n"
        let outcome = try Swyx.parse(text: text)
        XCTAssertEqual(outcome.records.map(\.vendorRecordID), ["7@2025-03-03"])
        XCTAssertEqual(outcome.skipped, 1)
        XCTAssertEqual(outcome.rejects, [])
    }

    func testRepeatedHeaderLinesAreSkipped() throws {
        let text = [InlineRows.header, InlineRows.row("1"), InlineRows.header, InlineRows.row("2")]
            .joined(separator: "\n")
        let outcome = try Swyx.parse(text: text)
        XCTAssertEqual(outcome.records.map(\.vendorRecordID), ["1@2025-03-03", "2@2025-03-03"])
        XCTAssertEqual(outcome.skipped, 2)
        XCTAssertEqual(outcome.records.last?.sourceLength, UInt64(InlineRows.row("2").utf8.count))
    }

    func testEscapedQuotesInADeviceNameAreUnescaped() throws {
        let outcome = try Swyx.parse(text: InlineRows.header + "\n"
            + InlineRows.row("1", ["DestinationDevice": "Phone \"Lobby\""]) + "\n")
        XCTAssertEqual(outcome.records.first?.remoteDevice, "Phone \"Lobby\"")
    }

    func testStateIsKeptAsAnExtra() throws {
        let outcome = try Swyx.parse(text: InlineRows.header + "\n"
            + InlineRows.row("1", ["State": "Finished", "AOC": "0"]) + "\n")
        XCTAssertEqual(outcome.records.first?.extra, [
            VendorField(key: "state", value: "Finished"), VendorField(key: "aoc", value: "0"),
        ])
    }

    func testUpperCaseHeaderNamesAreMatched() throws {
        let outcome = try Swyx.parse(text: InlineRows.header.uppercased() + "\n" + InlineRows.row("5") + "\n")
        XCTAssertEqual(outcome.records.map(\.vendorRecordID), ["5@2025-03-03"])
    }

    func testMissingDateOrTimeHalfIsRejected() throws {
        let outcome = try Swyx.parse(text: InlineRows.header + "\n"
            + InlineRows.row("1", ["ConnectDate": ""]) + "\n")
        XCTAssertEqual(outcome.records, [])
        XCTAssertEqual(outcome.rejects.map(\.field), ["ConnectTime"])
        XCTAssertEqual(outcome.rejects.map(\.reason), [.outOfRange])
    }

    func testCallIdWithLeadingZerosAndTooLongCallIds() throws {
        let outcome = try Swyx.parse(text: InlineRows.header + "\n" + InlineRows.row("0042") + "\n"
            + InlineRows.row("1234567890123456789") + "\n")
        XCTAssertEqual(outcome.records.map(\.vendorRecordID), ["42@2025-03-03"])
        XCTAssertEqual(outcome.rejects.map(\.field), ["CallId"])
    }
}
