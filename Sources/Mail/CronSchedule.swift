import Foundation

/// A five-field cron expression (`minute hour day-of-month month day-of-week`) evaluated on the
/// wall clock of a time zone: lists (`1,15`), ranges (`1-5`), steps (`*/15`, `8-18/2`, `5/15` = from
/// 5 to the end), month names (`JAN`–`DEC`) and day names (`SUN`–`SAT`, `0` and `7` are Sunday).
/// When both day fields are restricted a day matches either (as Vixie cron does).
///
/// Daylight saving time (docs/mail.md): a wall-clock time that does not exist (the hour skipped in
/// spring) runs once, shifted forward by the gap (02:30 → 03:30 CEST); a wall-clock time that occurs
/// twice (the hour repeated in autumn) runs once, at its first occurrence.
public struct CronSchedule: Sendable, Equatable {
    /// The expression as written.
    public let expression: String
    let minutes: [Int]
    let hours: [Int]
    let daysOfMonth: Set<Int>
    let months: Set<Int>
    let daysOfWeek: Set<Int>
    let dayOfMonthRestricted: Bool
    let dayOfWeekRestricted: Bool

    private static let monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    private static let dayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]

    /// Parses `expression`.
    /// - Throws: ``MailError/invalidSchedule(field:reason:)`` naming the field that is wrong.
    public init(_ expression: String) throws {
        self.expression = expression
        let fields = expression.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else {
            throw MailError.invalidSchedule(field: "expression",
                                            reason: "needs 5 fields (minute hour day-of-month month day-of-week), found \(fields.count)")
        }
        minutes = try Self.field(fields[0], name: "minute", range: 0...59, names: []).sorted()
        hours = try Self.field(fields[1], name: "hour", range: 0...23, names: []).sorted()
        daysOfMonth = try Self.field(fields[2], name: "day of month", range: 1...31, names: [])
        months = try Self.field(fields[3], name: "month", range: 1...12, names: Self.monthNames, firstName: 1)
        daysOfWeek = Set(try Self.field(fields[4], name: "day of week", range: 0...7, names: Self.dayNames, firstName: 0).map { $0 % 7 })
        dayOfMonthRestricted = !fields[2].hasPrefix("*")
        dayOfWeekRestricted = !fields[4].hasPrefix("*")
        let possible = months.contains { month in daysOfMonth.contains { $0 <= Self.maxDays(month: month) } }
        if dayOfMonthRestricted && !dayOfWeekRestricted && !possible {
            throw MailError.invalidSchedule(field: "day of month", reason: "no month of the expression has such a day")
        }
    }

    private static func field(_ text: String, name: String, range: ClosedRange<Int>, names: [String],
                              firstName: Int = 0) throws -> Set<Int> {
        func value(_ token: Substring) throws -> Int {
            if let number = Int(token), token.allSatisfy(\.isNumber) {
                guard range.contains(number) else {
                    throw MailError.invalidSchedule(field: name, reason: "\(number) is outside \(range.lowerBound)-\(range.upperBound)")
                }
                return number
            }
            if let index = names.firstIndex(of: token.uppercased()) { return index + firstName }
            throw MailError.invalidSchedule(field: name, reason: "'\(token)' is not a number\(names.isEmpty ? "" : " or a name such as \(names[0])")")
        }
        var result = Set<Int>()
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard !item.isEmpty else { throw MailError.invalidSchedule(field: name, reason: "empty list entry in '\(text)'") }
            let pieces = item.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2 else { throw MailError.invalidSchedule(field: name, reason: "'\(item)' has more than one step") }
            var step = 1
            if pieces.count == 2 {
                guard let number = Int(pieces[1]), pieces[1].allSatisfy(\.isNumber), number >= 1, number <= range.upperBound else {
                    throw MailError.invalidSchedule(field: name, reason: "step '\(pieces[1])' must be a number from 1 to \(range.upperBound)")
                }
                step = number
            }
            let base = pieces[0]
            let low: Int
            let high: Int
            if base == "*" {
                (low, high) = (range.lowerBound, range.upperBound)
            } else if let dash = base.firstIndex(of: "-") {
                low = try value(base[..<dash])
                high = try value(base[base.index(after: dash)...])
                guard low <= high else { throw MailError.invalidSchedule(field: name, reason: "range '\(base)' runs backwards") }
            } else {
                low = try value(base)
                high = pieces.count == 2 ? range.upperBound : low
            }
            result.formUnion(stride(from: low, through: high, by: step))
        }
        return result
    }

    private static func maxDays(month: Int) -> Int { [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] }

    /// The first instant strictly after `date` at which the schedule is due on `timeZone`'s wall
    /// clock; `nil` when none comes within 28 years.
    public func next(after date: Date, in timeZone: TimeZone) -> Date? {
        let after = Int64(floor(date.timeIntervalSince1970))
        let localStart = after + Int64(timeZone.secondsFromGMT(for: date))
        // Start one day early: a shifted or repeated hour near midnight may fall after `date`.
        var day = Self.floorDiv(localStart, 86_400) - 1
        let lastDay = day + 366 * 28 + 7
        while day <= lastDay {
            let (year, month, dayOfMonth) = Self.civil(fromDays: day)
            defer { day += 1 }
            guard months.contains(month) else { continue }
            let weekday = Int(((day % 7) + 11) % 7)  // 1970-01-01 was a Thursday (4)
            let domMatch = daysOfMonth.contains(dayOfMonth)
            let dowMatch = daysOfWeek.contains(weekday)
            let matches = dayOfMonthRestricted && dayOfWeekRestricted ? (domMatch || dowMatch)
                : (dayOfMonthRestricted ? domMatch : (dayOfWeekRestricted ? dowMatch : true))
            guard matches, dayOfMonth <= Self.daysIn(year: year, month: month) else { continue }
            var best: Int64?
            for hour in hours {
                for minute in minutes {
                    let wall = day * 86_400 + Int64(hour * 3600 + minute * 60)
                    let instant = Self.instant(ofWallClock: wall, in: timeZone)
                    if instant > after, best.map({ instant < $0 }) ?? true { best = instant }
                }
            }
            if let best { return Date(timeIntervalSince1970: TimeInterval(best)) }
        }
        return nil
    }

    /// The UTC instant of a wall-clock time (seconds since 1970 as if it were UTC): the first of two
    /// in a repeated hour; shifted forward by the gap in a skipped hour.
    static func instant(ofWallClock wall: Int64, in zone: TimeZone) -> Int64 {
        let before = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(wall - 86_400))))
        let afterOffset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(wall + 86_400))))
        let candidates = Set([before, afterOffset]).map { wall - $0 }.filter { candidate in
            Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(candidate)))) == wall - candidate
        }
        if let first = candidates.min() { return first }
        // In the gap: read with the offset before it, which lands as far after the gap as the time was into it.
        return wall - before
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

    /// Year, month, day of a day number (days since 1970-01-01), proleptic Gregorian.
    static func civil(fromDays days: Int64) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(m <= 2 ? y + 1 : y), Int(m), Int(d))
    }

    static func daysIn(year: Int, month: Int) -> Int {
        if month == 2 { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28 }
        return maxDays(month: month)
    }
}
