/// Reading the date, time and duration fields of a call line.
enum TimeFields {
    /// Seconds from 1970-01-01T00:00:00 of the PBX's wall clock to the end of the call, from
    /// `DD.MM.YY` and `hh:mm:ss`; nil when either is not a valid date or time.
    static func wallClockSeconds(date: Bytes, time: Bytes, yearPivot: Int) -> Int64? {
        guard date.count == 8, date[2] == UInt8(ascii: "."), date[5] == UInt8(ascii: "."),
              date.slice(0, 2).isDigits, date.slice(3, 2).isDigits, date.slice(6, 2).isDigits else { return nil }
        let day = date.number(0, 2), month = date.number(3, 2), shortYear = date.number(6, 2)
        let year = shortYear < yearPivot ? 2000 + shortYear : 1900 + shortYear
        guard month >= 1, month <= 12, day >= 1, day <= daysInMonth(month, year) else { return nil }
        guard let seconds = clock(time, maximumHours: 23) else { return nil }
        return Int64(daysFromCivil(year, month, day)) * 86_400 + Int64(seconds)
    }

    /// Seconds of a `hh:mm:ss` field with hours ≤ `maximumHours`; nil when malformed.
    static func clock(_ text: Bytes, maximumHours: Int) -> Int? {
        guard text.count == 8, text[2] == UInt8(ascii: ":"), text[5] == UInt8(ascii: ":"),
              text.slice(0, 2).isDigits, text.slice(3, 2).isDigits, text.slice(6, 2).isDigits else { return nil }
        let hours = text.number(0, 2), minutes = text.number(3, 2), seconds = text.number(6, 2)
        guard hours <= maximumHours, minutes <= 59, seconds <= 59 else { return nil }
        return hours * 3600 + minutes * 60 + seconds
    }

    /// Seconds of a `mm:ss` ringing time; nil when malformed.
    static func minutesSeconds(_ text: Bytes) -> Int? {
        guard text.count == 5, text[2] == UInt8(ascii: ":"), text.slice(0, 2).isDigits, text.slice(3, 2).isDigits else {
            return nil
        }
        let minutes = text.number(0, 2), seconds = text.number(3, 2)
        guard minutes <= 59, seconds <= 59 else { return nil }
        return minutes * 60 + seconds
    }

    /// Number of days in `month` of `year` (Gregorian).
    private static func daysInMonth(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to the given Gregorian date (Howard Hinnant's civil-days algorithm).
    private static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
