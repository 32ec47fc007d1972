import TollbookCore
import XCTest

/// Local PBX wall-clock times to UTC, across daylight-saving transitions.
final class WallClockConverterTests: XCTestCase {
    let berlin = WallClockConverter(identifier: "Europe/Berlin")!

    private func wall(_ text: String) -> Int64 {
        UTCTimestamp.parse(text)!  // the wall clock counted as if it were UTC
    }

    func testWinterAndSummerOffsets() {
        XCTAssertEqual(berlin.utcMilliseconds(fromWallClock: wall("2025-01-15T12:00:00")).utcMs, wall("2025-01-15T11:00:00"))
        XCTAssertEqual(berlin.utcMilliseconds(fromWallClock: wall("2025-07-15T12:00:00")).utcMs, wall("2025-07-15T10:00:00"))
    }

    func testRepeatedAutumnHourTakesTheEarlierInstantAndIsFlagged() {
        let result = berlin.utcMilliseconds(fromWallClock: wall("2025-10-26T02:30:00"))
        XCTAssertEqual(result.utcMs, wall("2025-10-26T00:30:00"))
        XCTAssertEqual(result.flags, [.ambiguousLocalTime])
        let after = berlin.utcMilliseconds(fromWallClock: wall("2025-10-26T03:00:00"))
        XCTAssertEqual(after.utcMs, wall("2025-10-26T02:00:00"))
        XCTAssertEqual(after.flags, [])
    }

    func testSkippedSpringHourIsFlagged() {
        let result = berlin.utcMilliseconds(fromWallClock: wall("2025-03-30T02:30:00"))
        XCTAssertEqual(result.utcMs, wall("2025-03-30T01:30:00"))
        XCTAssertEqual(result.flags, [.nonexistentLocalTime])
    }

    func testUnknownZoneIsNil() {
        XCTAssertNil(WallClockConverter(identifier: "Mars/Olympus"))
    }
}
