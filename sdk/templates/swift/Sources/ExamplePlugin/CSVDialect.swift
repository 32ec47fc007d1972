/// The SDK's example CSV dialect (see README.md): fields of one line, UTC times, whole seconds.
/// Pure functions: no state, no allocation on the per-line path.
enum CSVDialect {
    /// The header line (skipped wherever it appears).
    static let header: StaticString = "id,start_utc,ring_s,talk_s,direction,calling,called,trunk"
    /// Number of columns of a data line.
    static let columns = 8
    /// Longest id in bytes.
    static let maxIDLength = 64

    /// Whether `bytes` equal the text.
    static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        text.withUTF8Buffer { $0.elementsEqual(bytes) }
    }

    /// Whether the bytes are well-formed UTF-8.
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // `transcode` returns true when it met an encoding error.
        !transcode(bytes.makeIterator(), from: UTF8.self, to: UTF32.self, stoppingOnError: true, into: { _ in })
    }

    /// Seconds since the epoch of "YYYY-MM-DDTHH:MM:SSZ" (years 1970-9999), or nil.
    static func utcSeconds(_ s: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard s.count == 20, s[4] == UInt8(ascii: "-"), s[7] == UInt8(ascii: "-"), s[10] == UInt8(ascii: "T"),
              s[13] == UInt8(ascii: ":"), s[16] == UInt8(ascii: ":"), s[19] == UInt8(ascii: "Z"),
              let year = digits(s, 0, 4), let month = digits(s, 5, 2), let day = digits(s, 8, 2),
              let hour = digits(s, 11, 2), let minute = digits(s, 14, 2), let second = digits(s, 17, 2),
              year >= 1970, (1...12).contains(month), hour <= 23, minute <= 59, second <= 59 else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let monthDays: [Int64] = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day >= 1, day <= monthDays[Int(month - 1)] else { return nil }
        // Leap years in [1970, year): those up to year-1 minus those up to 1969.
        func leapsUpTo(_ y: Int64) -> Int64 { y / 4 - y / 100 + y / 400 }
        var days = (year - 1970) * 365 + leapsUpTo(year - 1) - leapsUpTo(1969)
        days += monthDays.prefix(Int(month - 1)).reduce(0, +) + day - 1
        return days * 86_400 + hour * 3_600 + minute * 60 + second
    }

    /// 1 to 6 decimal digits (a whole number of seconds), or nil.
    static func seconds(_ s: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard (1...6).contains(s.count) else { return nil }
        return digits(s, 0, s.count)
    }

    /// `count` digits at `start` as a number, or nil.
    private static func digits(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int64? {
        var value: Int64 = 0
        for index in start..<start + count {
            let digit = s[index] &- UInt8(ascii: "0")
            guard digit <= 9 else { return nil }
            value = value * 10 + Int64(digit)
        }
        return value
    }

    /// How sure the plugin is that a source starting with `head` is in this dialect (0...100).
    static func probe(_ head: UnsafeBufferPointer<UInt8>) -> Int32 {
        var rest = head[...]
        if rest.starts(with: [0xEF, 0xBB, 0xBF]) { rest = rest.dropFirst(3) }
        let headerMatches = header.withUTF8Buffer { rest.starts(with: $0) }
        if headerMatches { return 95 }
        var line = rest.prefix { $0 != 0x0A }
        if line.last == 0x0D { line = line.dropLast() }
        let fields = line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        guard fields.count == columns else { return 0 }
        return utcSeconds(UnsafeBufferPointer(rebasing: fields[1])) != nil ? 60 : 0
    }
}
