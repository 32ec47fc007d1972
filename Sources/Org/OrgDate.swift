import Foundation
import TollbookCore

/// Dates of the org chart's history on one clock: UTC milliseconds inside, dates at the edges
/// read and written on a time zone's wall clock. A change "from 2025-03-16" in Berlin takes effect
/// at midnight Berlin time, not at 01:00.
public struct OrgClock: Sendable, Equatable {
    /// The zone whose midnights dates stand for.
    public let timeZone: TimeZone

    /// A clock on `timeZone`.
    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// Dates at midnight UTC.
    public static let utc = OrgClock(timeZone: TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? .current)

    /// Reads `YYYY-MM-DD` (midnight on this clock) or an ISO 8601 time (UTC unless an offset is given).
    /// - Returns: UTC milliseconds, or `nil` when the text is not such a date.
    public func parse(_ text: String) -> Int64? {
        let trimmed = text.trimmingSpaces
        if let day = CalendarDay(trimmed) { return midnight(of: day) }
        // A date alone that is no calendar day (2025-02-30) is an error, not the 2nd of March.
        if trimmed.count == 10 { return nil }
        return UTCTimestamp.parse(trimmed)
    }

    /// `YYYY-MM-DD` for a midnight on this clock, else the full ISO 8601 time (UTC).
    public func text(_ ms: Int64) -> String {
        let day = self.day(of: ms)
        return midnight(of: day) == ms ? day.description : UTCTimestamp.iso8601(milliseconds: ms)
    }

    /// Midnight (on this clock) of the day of `ms`.
    public func startOfDay(_ ms: Int64) -> Int64 {
        midnight(of: day(of: ms))
    }

    /// The day of an instant on this clock.
    public func day(of ms: Int64) -> CalendarDay {
        let seconds = ms >= 0 || ms % 1000 == 0 ? ms / 1000 : ms / 1000 - 1
        let local = seconds + offset(atSeconds: seconds)
        var days = local / 86_400
        if local < 0, local % 86_400 != 0 { days -= 1 }
        return CalendarDay(daysSinceEpoch: days)
    }

    /// UTC milliseconds of midnight of `day` on this clock (the first instant of the day when a
    /// clock change skips midnight).
    public func midnight(of day: CalendarDay) -> Int64 {
        let local = day.daysSinceEpoch * 86_400
        var utc = local - offset(atSeconds: local)
        // The offset at the guess may differ from the offset at the real instant (clock change).
        utc = local - offset(atSeconds: utc)
        if self.day(of: utc * 1000) != day { utc = local - offset(atSeconds: utc + 86_400) }
        return utc * 1000
    }

    private func offset(atSeconds seconds: Int64) -> Int64 {
        Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds))))
    }
}

/// Dates at midnight UTC: ``OrgClock/utc`` as static functions.
public enum OrgDate {
    /// One day in milliseconds.
    public static let dayMs: Int64 = 86_400_000

    /// Reads `YYYY-MM-DD` (midnight UTC) or an ISO 8601 time (UTC unless an offset is given).
    public static func parse(_ text: String) -> Int64? { OrgClock.utc.parse(text) }

    /// `YYYY-MM-DD` for midnight UTC, else the full ISO 8601 time.
    public static func text(_ ms: Int64) -> String { OrgClock.utc.text(ms) }

    /// Midnight UTC of the day of `ms`.
    public static func startOfDay(_ ms: Int64) -> Int64 { OrgClock.utc.startOfDay(ms) }
}
