import Foundation

/// Turns a PBX's local wall-clock times into UTC with the source's IANA time zone.
///
/// Daylight-saving transitions are resolved deterministically: a time in the repeated autumn hour
/// takes the earlier instant (summer time) and is flagged ``CallFlags/ambiguousLocalTime``; a time in
/// the skipped spring hour is read with the offset before the gap and flagged
/// ``CallFlags/nonexistentLocalTime``.
public struct WallClockConverter: Sendable {
    /// The zone local times are read in.
    public let timeZone: TimeZone

    /// Creates a converter for an IANA zone name such as `Europe/Berlin`; `nil` if the name is unknown.
    /// - Parameter identifier: an IANA time zone name such as `Europe/Berlin`, or `UTC`.
    ///   Abbreviations and offsets that Foundation would also take (`CET`, `EST`, `GMT+1`) are
    ///   refused: they say nothing about daylight saving time or are easily misread.
    public init?(identifier: String) {
        guard Self.isIANAName(identifier), let zone = TimeZone(identifier: identifier) else { return nil }
        self.timeZone = zone
    }

    /// Whether `name` is an IANA zone name (`Area/Location`, as in the tz database's zone list),
    /// or `UTC`, `GMT` and `Etc/…` (Foundation names a UTC zone `GMT`).
    public static func isIANAName(_ name: String) -> Bool {
        if name == "UTC" || name == "GMT" || name.hasPrefix("Etc/") { return true }
        return ianaNames.contains(name)
    }

    private static let ianaNames = Set(TimeZone.knownTimeZoneIdentifiers.filter { $0.contains("/") })

    /// Creates a converter for a zone.
    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// Converts wall-clock milliseconds (counted from 1970-01-01T00:00 of the local clock) to UTC.
    /// - Parameter preferLater: in the repeated autumn hour, take the later instant (standard time)
    ///   instead of the earlier one — for the end of a call that began before the clocks went back.
    /// - Returns: the UTC milliseconds and the flags describing a DST ambiguity, if any.
    public func utcMilliseconds(fromWallClock wall: Int64, preferLater: Bool = false) -> (utcMs: Int64, flags: CallFlags) {
        let wallSeconds = wall / 1000
        // The offsets in force a day before and after bracket every transition near this time.
        let before = offsetSeconds(atUTC: wallSeconds - 86_400)
        let after = offsetSeconds(atUTC: wallSeconds + 86_400)
        var candidates: [Int64] = []
        for offset in Set([before, after]).sorted(by: >) {
            let utc = wallSeconds - offset
            if offsetSeconds(atUTC: utc) == offset { candidates.append(utc) }
        }
        let subsecond = wall - wallSeconds * 1000
        if candidates.count == 1 {
            return (candidates[0] * 1000 + subsecond, [])
        }
        if candidates.count > 1 {
            // Larger offset first = earlier instant (summer time before the clocks go back).
            let chosen = preferLater ? candidates[candidates.count - 1] : candidates[0]
            return (chosen * 1000 + subsecond, .ambiguousLocalTime)
        }
        // In the gap: read it with the offset that was in force before the transition.
        return ((wallSeconds - before) * 1000 + subsecond, .nonexistentLocalTime)
    }

    private func offsetSeconds(atUTC seconds: Int64) -> Int64 {
        Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))))
    }
}
