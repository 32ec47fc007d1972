import Foundation
import Mail
import XCTest

/// Cron expressions: exact next instants for steps, ranges, names, both day fields, the DST
/// changes of Europe/Berlin in 2026 (29 March 02:00 CET → 03:00 CEST, 25 October 03:00 CEST →
/// 02:00 CET), and errors naming the field.
final class CronScheduleTests: XCTestCase {
    private let utc = TimeZone(identifier: "UTC")!
    private let berlin = TimeZone(identifier: "Europe/Berlin")!

    private func instant(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text)!
    }

    private func next(_ expression: String, after: String, in zone: TimeZone? = nil) throws -> String? {
        try CronSchedule(expression).next(after: instant(after), in: zone ?? utc).map { ISO8601DateFormatter().string(from: $0) }
    }

    func testEveryFifteenMinutes() throws {
        XCTAssertEqual(try next("*/15 * * * *", after: "2026-12-07T10:07:30Z"), "2026-12-07T10:15:00Z")
        XCTAssertEqual(try next("*/15 * * * *", after: "2026-12-07T10:15:00Z"), "2026-12-07T10:30:00Z")
        XCTAssertEqual(try next("*/15 * * * *", after: "2026-12-07T23:45:00Z"), "2026-12-08T00:00:00Z")
        XCTAssertEqual(try next("5/20 * * * *", after: "2026-12-07T10:46:00Z"), "2026-12-07T11:05:00Z")
    }

    func testWeekdaysByNameAndRangesOfDays() throws {
        // Friday 11 December 2026, 09:00 CET = 08:00 UTC; the next weekday is Monday the 14th.
        XCTAssertEqual(try next("0 9 * * MON-FRI", after: "2026-12-11T08:00:00Z", in: berlin), "2026-12-14T08:00:00Z")
        XCTAssertEqual(try next("0 9 * * mon-fri", after: "2026-12-11T07:59:59Z", in: berlin), "2026-12-11T08:00:00Z")
        // Days 1-5 of the month at 08:00 UTC: after the 5th comes 1 January 2027.
        XCTAssertEqual(try next("0 8 1-5 * *", after: "2026-12-05T08:00:00Z"), "2027-01-01T08:00:00Z")
        XCTAssertEqual(try next("0 8 1-5 * *", after: "2026-12-02T09:00:00Z"), "2026-12-03T08:00:00Z")
        // Sunday as 7 and as 0; month names in a list.
        XCTAssertEqual(try next("30 6 * * 7", after: "2026-12-07T00:00:00Z"), "2026-12-13T06:30:00Z")
        XCTAssertEqual(try next("30 6 * * SUN", after: "2026-12-07T00:00:00Z"), "2026-12-13T06:30:00Z")
        XCTAssertEqual(try next("0 0 1 JAN,JUL *", after: "2026-12-07T00:00:00Z"), "2027-01-01T00:00:00Z")
        // Both day fields restricted: either matches (the 15th, a Tuesday, or the next Monday).
        XCTAssertEqual(try next("0 12 15 * MON", after: "2026-12-07T12:00:00Z"), "2026-12-14T12:00:00Z")
        XCTAssertEqual(try next("0 12 15 * MON", after: "2026-12-14T12:00:00Z"), "2026-12-15T12:00:00Z")
        // 29 February: the next one is in 2028.
        XCTAssertEqual(try next("0 0 29 2 *", after: "2026-12-07T00:00:00Z"), "2028-02-29T00:00:00Z")
    }

    func testMonthlyOnTheBerlinWallClock() throws {
        // 07:00 on the 1st in Berlin: CET in winter (06:00 UTC), CEST in summer (05:00 UTC).
        XCTAssertEqual(try next("0 7 1 * *", after: "2026-12-07T00:00:00Z", in: berlin), "2027-01-01T06:00:00Z")
        XCTAssertEqual(try next("0 7 1 * *", after: "2027-06-15T00:00:00Z", in: berlin), "2027-07-01T05:00:00Z")
    }

    func testSkippedHourInSpringRunsOnceShiftedForward() throws {
        // 02:30 does not exist on 29 March 2026: it runs at 03:30 CEST (01:30 UTC), once.
        XCTAssertEqual(try next("30 2 * * *", after: "2026-03-28T12:00:00Z", in: berlin), "2026-03-29T01:30:00Z")
        XCTAssertEqual(try next("30 2 * * *", after: "2026-03-29T01:30:00Z", in: berlin), "2026-03-30T00:30:00Z")
        // Hourly: 01:00 CET (00:00 UTC), then 02:00 is skipped into 03:00 CEST (01:00 UTC), which is also 03:00's run.
        XCTAssertEqual(try next("0 * * * *", after: "2026-03-29T00:00:00Z", in: berlin), "2026-03-29T01:00:00Z")
        XCTAssertEqual(try next("0 * * * *", after: "2026-03-29T01:00:00Z", in: berlin), "2026-03-29T02:00:00Z")
    }

    func testRepeatedHourInAutumnRunsOnceAtItsFirstOccurrence() throws {
        // 02:30 happens twice on 25 October 2026: at 00:30 UTC (CEST) and 01:30 UTC (CET); only the first runs.
        XCTAssertEqual(try next("30 2 * * *", after: "2026-10-24T12:00:00Z", in: berlin), "2026-10-25T00:30:00Z")
        XCTAssertEqual(try next("30 2 * * *", after: "2026-10-25T00:30:00Z", in: berlin), "2026-10-26T01:30:00Z")
        // Hourly: 02:00 CEST (00:00 UTC), then 03:00 CET (02:00 UTC); the second 02:00 (01:00 UTC) does not run.
        XCTAssertEqual(try next("0 * * * *", after: "2026-10-24T23:30:00Z", in: berlin), "2026-10-25T00:00:00Z")
        XCTAssertEqual(try next("0 * * * *", after: "2026-10-25T00:00:00Z", in: berlin), "2026-10-25T02:00:00Z")
    }

    func testInvalidExpressionsNameTheField() {
        let cases: [(String, MailError)] = [
            ("* * *", .invalidSchedule(field: "expression",
                                       reason: "needs 5 fields (minute hour day-of-month month day-of-week), found 3")),
            ("61 * * * *", .invalidSchedule(field: "minute", reason: "61 is outside 0-59")),
            ("0 24 * * *", .invalidSchedule(field: "hour", reason: "24 is outside 0-23")),
            ("*/0 * * * *", .invalidSchedule(field: "minute", reason: "step '0' must be a number from 1 to 59")),
            ("0 0 0 * *", .invalidSchedule(field: "day of month", reason: "0 is outside 1-31")),
            ("0 0 * FOO *", .invalidSchedule(field: "month", reason: "'FOO' is not a number or a name such as JAN")),
            ("0 0 * * MON-XYZ", .invalidSchedule(field: "day of week", reason: "'XYZ' is not a number or a name such as SUN")),
            ("0 5-1 * * *", .invalidSchedule(field: "hour", reason: "range '5-1' runs backwards")),
            ("0 0 1,,2 * *", .invalidSchedule(field: "day of month", reason: "empty list entry in '1,,2'")),
            ("0 0 31 2 *", .invalidSchedule(field: "day of month", reason: "no month of the expression has such a day")),
        ]
        for (expression, expected) in cases {
            XCTAssertThrowsError(try CronSchedule(expression), expression) { error in
                XCTAssertEqual(error as? MailError, expected, expression)
            }
        }
        XCTAssertEqual(MailError.invalidSchedule(field: "minute", reason: "61 is outside 0-59").description, "minute: 61 is outside 0-59")
    }
}
