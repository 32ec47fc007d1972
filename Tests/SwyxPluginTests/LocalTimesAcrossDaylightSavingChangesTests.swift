import TollbookCore
import XCTest

/// Local wall-clock times in the repeated autumn hour and the skipped spring hour (Europe/Berlin).
final class LocalTimesAcrossDaylightSavingChangesTests: XCTestCase {
    private let file = "swyx_cdr.txt"

    func testRepeatedAutumnHourTakesTheEarlierInstantAndIsFlagged() throws {
        let outcome = try Swyx.parse(file)
        XCTAssertEqual(Swyx.record(outcome, "1025@2025-10-26"), try expectedCall(
            "1025@2025-10-26", fixture: file, line: 26,
            start: "2025-10-26T00:30:00Z", answer: "2025-10-26T00:30:10Z", end: "2025-10-26T00:45:00Z",
            ring: 10_000, talk: 890_000, direction: .internal, disposition: .answered, flags: [.ambiguousLocalTime],
            calling: "201", called: "202", originalCalled: "202", connected: "202",
            extension: "201", remote: "202", device: "SwyxIt! 201", remoteDevice: "SwyxIt! 202",
            causeText: "CallDisconnected"))
    }

    func testSkippedSpringHourIsReadWithTheWinterOffsetAndFlagged() throws {
        let outcome = try Swyx.parse(file)
        XCTAssertEqual(Swyx.record(outcome, "1026@2025-03-30"), try expectedCall(
            "1026@2025-03-30", fixture: file, line: 27,
            start: "2025-03-30T01:30:00Z", answer: "2025-03-30T01:35:00Z", end: "2025-03-30T01:40:00Z",
            ring: 300_000, talk: 300_000, direction: .internal, disposition: .answered,
            flags: [.nonexistentLocalTime],
            calling: "203", called: "204", originalCalled: "204", connected: "204",
            extension: "203", remote: "204", device: "SwyxIt! 203", remoteDevice: "SwyxPhone 204",
            causeText: "CallDisconnected"))
    }

    func testAnotherZoneShiftsTheSameWallClock() throws {
        let outcome = try Swyx.harness().parseFixture("swyx/" + file, timeZone: "UTC")
        let record = try XCTUnwrap(Swyx.record(outcome, "1001@2025-03-03"))
        XCTAssertEqual(record.startMs, Swyx.utc("2025-03-03T08:00:00Z"))
        XCTAssertEqual(record.flags, [])
    }
}
