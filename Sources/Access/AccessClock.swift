import Foundation

/// Where access control reads the time: the system clock in production, a clock the test moves
/// in tests (lock-out and token expiry are then exact).
public struct AccessClock: Sendable {
    /// The current time, UTC milliseconds since 1970.
    public let nowMs: @Sendable () -> Int64

    /// A clock reading `nowMs`.
    public init(nowMs: @escaping @Sendable () -> Int64) {
        self.nowMs = nowMs
    }

    /// The system clock.
    public static let system = AccessClock { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }
}

/// ISO 8601 UTC text of a millisecond time, `2026-12-07T13:45:00Z`, for lists and messages.
public enum AccessTime {
    /// Formats `ms` as ISO 8601 UTC with seconds.
    public static func iso(_ ms: Int64) -> String {
        let seconds = Int64((Double(ms) / 1000).rounded(.down))
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }

    /// Reads `2026-12-31` (midnight UTC) or `2026-12-31T12:00:00Z` into UTC milliseconds.
    public static func parse(_ text: String) -> Int64? {
        let scalars = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= scalars.count else { return nil }
            var value = 0
            for byte in scalars[range] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard scalars.count == 10 || scalars.count == 20,
              let year = number(0..<4), scalars[4] == 45, let month = number(5..<7), scalars[7] == 45,
              let day = number(8..<10), (1...12).contains(month), (1...31).contains(day) else { return nil }
        var hour = 0, minute = 0, second = 0
        if scalars.count == 20 {
            guard scalars[10] == 84, let h = number(11..<13), scalars[13] == 58, let m = number(14..<16),
                  scalars[16] == 58, let s = number(17..<19), scalars[19] == 90, h < 24, m < 60, s < 60 else { return nil }
            hour = h
            minute = m
            second = s
        }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let seconds = timegm(&parts)
        guard iso(Int64(seconds) * 1000).hasPrefix(String(text.prefix(10))) else { return nil }
        return Int64(seconds) * 1000
    }
}
