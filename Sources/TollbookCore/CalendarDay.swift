/// A calendar day (proleptic Gregorian), counted in days since 1970-01-01. Used where money is
/// prorated by days and where validity is given as dates.
public struct CalendarDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let daysSinceEpoch: Int64

    /// The day `daysSinceEpoch` days after 1970-01-01.
    public init(daysSinceEpoch: Int64) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    /// The day of a date; `nil` unless year 1900…2199, a month and a day of that month.
    public init?(year: Int64, month: Int64, day: Int64) {
        guard (1900...2199).contains(year), (1...12).contains(month),
              day >= 1, day <= CalendarDay.daysIn(year: year, month: month) else { return nil }
        daysSinceEpoch = UTCTimestamp.daysFromCivil(year: year, month: month, day: day)
    }

    /// Parses `YYYY-MM-DD`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int64(parts[0]), let month = Int64(parts[1]), let day = Int64(parts[2]) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Year, month and day.
    public var civil: (year: Int64, month: Int64, day: Int64) { UTCTimestamp.civilDate(fromDays: daysSinceEpoch) }

    /// The first day of this day's month.
    public var firstOfMonth: CalendarDay {
        CalendarDay(daysSinceEpoch: daysSinceEpoch - civil.day + 1)
    }

    /// The first day of the following month.
    public var firstOfNextMonth: CalendarDay {
        let (year, month, day) = civil
        return CalendarDay(daysSinceEpoch: daysSinceEpoch - day + 1 + CalendarDay.daysIn(year: year, month: month))
    }

    /// Days in this day's month.
    public var daysInMonth: Int64 {
        let (year, month, _) = civil
        return CalendarDay.daysIn(year: year, month: month)
    }

    /// The day `count` days later.
    public func adding(days count: Int64) -> CalendarDay { CalendarDay(daysSinceEpoch: daysSinceEpoch + count) }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (year, month, day) = civil
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    /// `YYYY-MM`.
    public var monthText: String { String(description.prefix(7)) }

    /// Days in a month of a year.
    public static func daysIn(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }
}
