import TollbookCore
import XCTest

/// swyx_malformed.txt: every bad row becomes a reject with a reason and the offending column,
/// and parsing goes on.
final class MalformedRowsAreRejectedTests: XCTestCase {
    private let file = "swyx_malformed.txt"

    func testEachBadRowGivesItsReject() throws {
        let outcome = try Swyx.parse(file)
        let got = outcome.rejects.map { "\($0.reason.rawValue) \($0.field)" }
        XCTAssertEqual(got, [
            "out_of_range StartTime",        // line 2: 31.02.2025
            "missing_field CallId",          // line 3: empty call id
            "malformed ",                    // line 4: call id starting with a letter
            "malformed ",                    // line 5: 4 fields
            "malformed ",                    // line 6: broken quoting
            "out_of_range EndTime",          // line 8: end before start
            "out_of_range Costs",            // line 9
            "out_of_range ConnectTime",      // line 10: connect after end
            "out_of_range TransferredToCallId", // line 11
            "missing_field EndTime",         // line 12
            "out_of_range StartTime",        // line 13: hour 25
        ])
        var expectedOffsets: [UInt64] = []
        for line in [2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13] { expectedOffsets.append(try Swyx.span(file, line: line).offset) }
        XCTAssertEqual(outcome.rejects.map(\.sourceOffset), expectedOffsets)
        XCTAssertEqual(outcome.skipped, 2)  // header and blank line
    }

    func testParsingGoesOnAfterRejects() throws {
        let outcome = try Swyx.parse(file)
        XCTAssertEqual(outcome.records, [try expectedCall(
            "2010@2025-03-03", fixture: file, line: 14,
            start: "2025-03-03T07:00:00Z", answer: "2025-03-03T07:00:03Z", end: "2025-03-03T07:01:00Z",
            ring: 3_000, talk: 57_000, direction: .internal, disposition: .answered,
            calling: "201", called: "202", originalCalled: "202", connected: "202",
            extension: "201", remote: "202", device: "SwyxIt! 201", remoteDevice: "SwyxIt! 202",
            causeText: "CallDisconnected")])
    }

    func testMessagesCarryNoDigitsFromTheInput() throws {
        for reject in try Swyx.parse(file).rejects {
            XCTAssertFalse(reject.message.contains { $0.isNumber }, reject.message)
            XCTAssertFalse(reject.message.isEmpty)
        }
    }

    func testRowsBeforeAHeaderAreRejected() throws {
        let outcome = try Swyx.parse(text: "\"1\",\"2\"\n")
        XCTAssertEqual(outcome.records, [])
        XCTAssertEqual(outcome.rejects.map(\.reason), [.malformed])
        XCTAssertEqual(outcome.rejects.map(\.message), ["data line before a header line"])
    }

    func testAHeaderWithoutTimeColumnsIsUnsupported() throws {
        let outcome = try Swyx.parse(text: "\"CallId\",\"Caller\"\n\"1\",\"2\"\n")
        XCTAssertEqual(outcome.rejects.map(\.reason), [.unsupported, .malformed])
    }

    func testATruncatedLastLineIsRejectedNotRecorded() throws {
        let bytes = try Swyx.bytes("swyx_cdr.txt")
        let cut = Array(bytes[..<(bytes.count - 40)])
        let outcome = try Swyx.harness().parse(cut)
        XCTAssertEqual(outcome.records.count, 30)
        XCTAssertEqual(outcome.rejects.count, 1)
    }
}
