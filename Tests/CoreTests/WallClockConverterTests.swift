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

/// The later instant of the repeated hour, for the end of a call across the autumn change.
final class WallClockConverterLaterInstantTests: XCTestCase {
    func testPreferLaterTakesStandardTime() {
        let berlin = WallClockConverter(identifier: "Europe/Berlin")!
        let wall = UTCTimestamp.parse("2025-10-26T02:10:00")!
        XCTAssertEqual(berlin.utcMilliseconds(fromWallClock: wall, preferLater: true).utcMs,
                       UTCTimestamp.parse("2025-10-26T01:10:00Z")!)
        XCTAssertEqual(berlin.utcMilliseconds(fromWallClock: wall).utcMs, UTCTimestamp.parse("2025-10-26T00:10:00Z")!)
        let plain = UTCTimestamp.parse("2025-07-01T12:00:00")!
        XCTAssertEqual(berlin.utcMilliseconds(fromWallClock: plain, preferLater: true).utcMs,
                       berlin.utcMilliseconds(fromWallClock: plain).utcMs)
    }
}
