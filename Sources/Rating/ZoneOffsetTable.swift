import Foundation

/// The UTC offsets of a time zone precomputed as a sorted table of transitions (1970–2100), so
/// that rating converts UTC to wall-clock time with a binary search instead of a Foundation call.
struct ZoneOffsetTable: Sendable {
    private let starts: [Int64]
    private let offsets: [Int64]
    private let timeZone: TimeZone
    private static let lastCovered: Int64 = 4_102_444_800  // 2100-01-01T00:00Z

    /// Builds the table from the zone's transitions.
    init(timeZone: TimeZone) {
        self.timeZone = timeZone
        var starts: [Int64] = [0]
        var offsets: [Int64] = [Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: 0)))]
        var cursor = Date(timeIntervalSince1970: 0)
        while let next = timeZone.nextDaylightSavingTimeTransition(after: cursor),
              next.timeIntervalSince1970 < Double(Self.lastCovered), next > cursor {
            let seconds = Int64(next.timeIntervalSince1970.rounded())
            let offset = Int64(timeZone.secondsFromGMT(for: next))
            if offset != offsets[offsets.count - 1] {
                starts.append(seconds)
                offsets.append(offset)
            }
            cursor = next
        }
        self.starts = starts
        self.offsets = offsets
    }

    /// The offset in force at UTC second `t` and the UTC second of the next change (or `Int64.max`).
    @inline(__always)
    func offset(at t: Int64) -> (offset: Int64, nextChange: Int64) {
        guard t >= 0, t < Self.lastCovered else {
            let date = Date(timeIntervalSince1970: Double(t))
            let next = timeZone.nextDaylightSavingTimeTransition(after: date).map { Int64($0.timeIntervalSince1970.rounded()) }
            return (Int64(timeZone.secondsFromGMT(for: date)), next ?? Int64.max)
        }
        var low = 0
        var high = starts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= t { low = middle } else { high = middle - 1 }
        }
        let nextChange = low + 1 < starts.count ? starts[low + 1] : Self.lastCovered
        return (offsets[low], nextChange)
    }
}
