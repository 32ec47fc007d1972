import TollbookCore
import XCTest

/// ISO 8601 formatting and parsing of UTC milliseconds.
final class UTCTimestampTests: XCTestCase {
    func testFormatsWholeSecondsWithoutFraction() {
        XCTAssertEqual(UTCTimestamp.iso8601(milliseconds: 1_744_993_928_000), "2025-04-18T16:32:08Z")
        XCTAssertEqual(UTCTimestamp.iso8601(milliseconds: 0), "1970-01-01T00:00:00Z")
        XCTAssertEqual(UTCTimestamp.iso8601(milliseconds: 951_782_400_000), "2000-02-29T00:00:00Z")
    }

    func testFormatsMillisecondsWhenPresent() {
        XCTAssertEqual(UTCTimestamp.iso8601(milliseconds: 1_744_993_928_050), "2025-04-18T16:32:08.050Z")
        XCTAssertEqual(UTCTimestamp.iso8601(milliseconds: -1), "1969-12-31T23:59:59.999Z")
    }

    func testParsesDatesTimesAndOffsets() {
        XCTAssertEqual(UTCTimestamp.parse("2025-04-18"), 1_744_934_400_000)
        XCTAssertEqual(UTCTimestamp.parse("2025-04-18T16:32:08Z"), 1_744_993_928_000)
        XCTAssertEqual(UTCTimestamp.parse("2025-04-18T16:32:08"), 1_744_993_928_000)
        XCTAssertEqual(UTCTimestamp.parse("2025-04-18 16:32"), 1_744_993_920_000)
        XCTAssertEqual(UTCTimestamp.parse("2025-04-18T18:32:08+02:00"), 1_744_993_928_000)
        XCTAssertEqual(UTCTimestamp.parse("2025-04-18T16:32:08.5Z"), 1_744_993_928_500)
    }

    func testRejectsWhatIsNoDate() {
        for text in ["", "2025-4-18", "2025-13-01", "2025-04-18T25:00", "yesterday", "2025-04-18Tx", "2025-04-18T16:32:08Q"] {
            XCTAssertNil(UTCTimestamp.parse(text), text)
        }
    }

    func testCivilDateRoundTripsOverCenturies() {
        for days in stride(from: Int64(-800_000), through: 800_000, by: 997) {
            let date = UTCTimestamp.civilDate(fromDays: days)
            XCTAssertEqual(UTCTimestamp.daysFromCivil(year: date.year, month: date.month, day: date.day), days)
        }
    }
}
