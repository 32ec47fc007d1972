import TollbookCore

/// Tariff holidays: built-in calendars (`DE`), recurring `MM-DD` days and one-off `YYYY-MM-DD`
/// dates. Tariff holidays may differ from legal ones (24 and 31 December are common extras).
public struct HolidayCalendar: Sendable, Hashable {
    /// Built-in calendar ids.
    public private(set) var calendars: [String] = []
    /// Recurring month/day pairs.
    public private(set) var recurring: [MonthDay] = []
    /// One-off dates as days since 1970-01-01.
    public private(set) var dates: Set<Int64> = []

    /// A month and day of month.
    public struct MonthDay: Sendable, Hashable {
        /// 1…12.
        public let month: Int64
        /// 1…31.
        public let day: Int64
    }

    /// The built-in calendars: `DE` = German nationwide public holidays.
    public static let builtInCalendars: Set<String> = ["DE"]

    /// An empty calendar.
    public init() {}

    /// Adds one item of a `holidays =` list; returns `false` if it is not a calendar id or date.
    mutating func add(item: String) -> Bool {
        if Self.builtInCalendars.contains(item) {
            calendars.append(item)
            return true
        }
        let parts = item.split(separator: "-")
        if parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let month = Int64(parts[0]), let day = Int64(parts[1]),
           (1...12).contains(month), (1...31).contains(day) {
            recurring.append(MonthDay(month: month, day: day))
            return true
        }
        if parts.count == 3, item.count == 10, let utc = UTCTimestamp.parse(item) {
            dates.insert(utc / 86_400_000)
            return true
        }
        return false
    }

    /// Whether the day (days since 1970-01-01, local calendar) is a tariff holiday.
    public func contains(day: Int64) -> Bool {
        if dates.contains(day) { return true }
        let civil = UTCTimestamp.civilDate(fromDays: day)
        for item in recurring where item.month == civil.month && item.day == civil.day { return true }
        for calendar in calendars where calendar == "DE" && Self.germanHoliday(civil, day: day) { return true }
        return false
    }

    /// Whether the calendar has no holidays at all.
    var isEmpty: Bool { calendars.isEmpty && recurring.isEmpty && dates.isEmpty }

    /// German nationwide holidays: New Year, Good Friday, Easter Monday, 1 May, Ascension,
    /// Whit Monday, 3 October, Christmas Day and Boxing Day.
    private static func germanHoliday(_ civil: (year: Int64, month: Int64, day: Int64), day: Int64) -> Bool {
        switch (civil.month, civil.day) {
        case (1, 1), (5, 1), (10, 3), (12, 25), (12, 26): return true
        default: break
        }
        let easter = easterSunday(year: civil.year)
        let offset = day - easter
        return offset == -2 || offset == 1 || offset == 39 || offset == 50
    }

    /// Easter Sunday of a Gregorian year as days since 1970-01-01 (anonymous Gregorian algorithm).
    static func easterSunday(year: Int64) -> Int64 {
        let a = year % 19, b = year / 100, c = year % 100
        let d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let dayOfMonth = (h + l - 7 * m + 114) % 31 + 1
        return UTCTimestamp.daysFromCivil(year: year, month: month, day: dayOfMonth)
    }
}
