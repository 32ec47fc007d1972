import TollbookCore

/// Where access control reads the time: the one injected clock of the code base — the system
/// clock in production, a clock the test moves in tests (lock-out and token expiry are then exact).
public typealias AccessClock = MillisecondClock

extension MillisecondClock {
    /// The current time, UTC milliseconds since 1970 (access control's name for ``now``).
    public func nowMs() -> Int64 { now() }
}

/// ISO 8601 UTC text of a millisecond time, `2026-12-07T13:45:00Z`, for lists and messages.
public enum AccessTime {
    /// Formats `ms` as ISO 8601 UTC with whole seconds.
    public static func iso(_ ms: Int64) -> String {
        UTCTimestamp.iso8601(milliseconds: ms - ((ms % 1000) + 1000) % 1000)
    }

    /// Reads `2026-12-31` (midnight UTC) or `2026-12-31T12:00:00Z` into UTC milliseconds; a day
    /// the calendar does not have (`2026-02-30`) is refused.
    public static func parse(_ text: String) -> Int64? {
        let length = text.utf8.count
        guard length == 10 || (length == 20 && text.hasSuffix("Z")), let ms = UTCTimestamp.parse(text),
              UTCTimestamp.iso8601(milliseconds: ms).hasPrefix(text.prefix(10)) else { return nil }
        return ms
    }
}
