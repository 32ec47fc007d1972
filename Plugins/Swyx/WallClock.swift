/// Reading SwyxWare's local wall-clock dates and times into microseconds counted from
/// 1970-01-01T00:00 of the PBX's clock (`TB_TIME_LOCAL`).
enum WallClock {
    /// Outcome of reading one event time.
    enum Reading: Equatable {
        /// The columns are empty: the event did not happen.
        case absent
        /// A time: local microseconds and the local day number (days since 1970-01-01).
        case time(microseconds: Int64, day: Int64)
        /// The text is not a valid date or time.
        case invalid
    }

    /// Reads the text file's `dd.mm.yyyy` date and `hh:mm:ss` time. Both empty = absent; one of
    /// them empty is invalid.
    static func read(date: UnsafeBufferPointer<UInt8>, time: UnsafeBufferPointer<UInt8>) -> Reading {
        if date.isEmpty && time.isEmpty { return .absent }
        var d = Cursor(date)
        guard let day = d.number(1...2), d.skip(UInt8(ascii: ".")), let month = d.number(1...2),
              d.skip(UInt8(ascii: ".")), let year = d.number(4...4), d.atEnd else { return .invalid }
        var t = Cursor(time)
        guard let clock = readClock(&t), t.atEnd else { return .invalid }
        return combine(year: year, month: month, day: day, clock: clock)
    }

    /// Reads a database datetime: `yyyy-mm-dd hh:mm:ss` (or `T` between), with up to seven
    /// fraction digits. Empty (or `NULL`) = absent.
    static func read(dateTime text: UnsafeBufferPointer<UInt8>) -> Reading {
        if text.isEmpty { return .absent }
        var c = Cursor(text)
        guard let year = c.number(4...4), c.skip(UInt8(ascii: "-")), let month = c.number(1...2),
              c.skip(UInt8(ascii: "-")), let day = c.number(1...2) else { return .invalid }
        guard c.skip(UInt8(ascii: " ")) || c.skip(UInt8(ascii: "T")) else { return .invalid }
        guard let clock = readClock(&c), c.atEnd else { return .invalid }
        return combine(year: year, month: month, day: day, clock: clock)
    }

    /// Reads `h:mm:ss` or `hh:mm:ss`, optionally followed by `.` or `,` and 1–7 fraction digits;
    /// returns microseconds since midnight.
    private static func readClock(_ c: inout Cursor) -> Int64? {
        guard let hour = c.number(1...2), hour < 24, c.skip(UInt8(ascii: ":")),
              let minute = c.number(2...2), minute < 60, c.skip(UInt8(ascii: ":")),
              let second = c.number(2...2), second < 60 else { return nil }
        var micros: Int64 = 0
        if c.skip(UInt8(ascii: ".")) || c.skip(UInt8(ascii: ",")) {
            var digits = 0
            while let digit = c.digit() {
                guard digits < 7 else { return nil }
                if digits < 6 { micros = micros * 10 + digit }
                digits += 1
            }
            guard digits > 0 else { return nil }
            if digits < 6 { for _ in digits..<6 { micros *= 10 } }
        }
        return ((hour * 60 + minute) * 60 + second) * 1_000_000 + micros
    }

    /// Joins a calendar date and a time of day, checking the date.
    private static func combine(year: Int64, month: Int64, day: Int64, clock: Int64) -> Reading {
        guard year >= 1970, year <= 9999, month >= 1, month <= 12, day >= 1,
              day <= daysInMonth(year: year, month: month) else { return .invalid }
        let days = daysFromCivil(year: year, month: month, day: day)
        return .time(microseconds: days * 86_400_000_000 + clock, day: days)
    }

    /// Days of `month` in `year` (Gregorian).
    private static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a Gregorian date (Howard Hinnant's civil-date algorithm).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Writes day number `days` as `yyyy-mm-dd` (10 bytes) at `out`.
    static func writeISODate(_ days: Int64, into out: UnsafeMutablePointer<UInt8>) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func put(_ value: Int64, _ width: Int, _ at: Int) {
            var v = value
            for i in stride(from: width - 1, through: 0, by: -1) {
                out[at + i] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: v % 10)
                v /= 10
            }
        }
        put(year, 4, 0)
        out[4] = UInt8(ascii: "-")
        put(month, 2, 5)
        out[7] = UInt8(ascii: "-")
        put(day, 2, 8)
    }
}

/// A read position in a field's bytes.
struct Cursor {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    /// Starts at the first byte of `bytes`.
    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Whether every byte has been read.
    var atEnd: Bool { index == bytes.count }

    /// Consumes `byte` if it is next.
    mutating func skip(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Consumes one decimal digit, if next.
    mutating func digit() -> Int64? {
        guard index < bytes.count else { return nil }
        let d = bytes[index] &- UInt8(ascii: "0")
        guard d < 10 else { return nil }
        index += 1
        return Int64(d)
    }

    /// Consumes a run of decimal digits whose length lies in `width`.
    mutating func number(_ width: ClosedRange<Int>) -> Int64? {
        var value: Int64 = 0, count = 0
        while count < width.upperBound, let d = digit() {
            value = value * 10 + d
            count += 1
        }
        return count >= width.lowerBound ? value : nil
    }
}
