import TollbookCore

/// Dates of the org chart's history: UTC milliseconds inside, ISO 8601 at the edges.
public enum OrgDate {
    /// One day in milliseconds.
    public static let dayMs: Int64 = 86_400_000

    /// Reads `YYYY-MM-DD` (midnight UTC) or an ISO 8601 time (UTC unless an offset is given).
    /// - Returns: UTC milliseconds, or `nil` when the text is not such a date.
    public static func parse(_ text: String) -> Int64? {
        UTCTimestamp.parse(text.trimmingSpaces)
    }

    /// `YYYY-MM-DD` for midnight UTC, else the full ISO 8601 time.
    public static func text(_ ms: Int64) -> String {
        let full = UTCTimestamp.iso8601(milliseconds: ms)
        return ms % dayMs == 0 ? String(full.prefix(10)) : full
    }

    /// Midnight UTC of the day of `ms`.
    public static func startOfDay(_ ms: Int64) -> Int64 {
        let (quotient, remainder) = ms.quotientAndRemainder(dividingBy: dayMs)
        return (remainder < 0 ? quotient - 1 : quotient) * dayMs
    }
}
