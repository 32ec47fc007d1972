import Foundation
import TollbookCore

/// The arithmetic of the KPIs: ratios that are `nil` on an empty denominator, rounding,
/// percentiles, Erlang B, the sweep line and the busy hour.
public enum KPIMath {
    /// `x` rounded half away from zero to `places` decimals.
    public static func round(_ x: Double, _ places: Int) -> Double {
        let factor = pow(10, Double(places))
        return (x * factor).rounded(.toNearestOrAwayFromZero) / factor
    }

    /// 100 · `numerator` / `denominator` with two decimals; `nil` when the denominator is 0 or less.
    public static func percent(_ numerator: Int, _ denominator: Int) -> Double? {
        denominator > 0 ? round(100 * Double(numerator) / Double(denominator), 2) : nil
    }

    /// `totalMs` / `count` in seconds with two decimals; `nil` when `count` is 0.
    public static func averageSeconds(_ totalMs: Int64, _ count: Int) -> Double? {
        count > 0 ? round(Double(totalMs) / 1000 / Double(count), 2) : nil
    }

    /// The median (mean of the two middle values for an even count); `nil` when empty.
    public static func median(_ values: [Int64]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        if sorted.count % 2 == 1 { return Double(sorted[middle]) }
        return (Double(sorted[middle - 1]) + Double(sorted[middle])) / 2
    }

    /// The `p`-th percentile by nearest rank (the value at rank ⌈p/100 · n⌉); `nil` when empty.
    public static func percentile(_ values: [Int64], _ p: Int) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = max(1, (p * sorted.count + 99) / 100)
        return Double(sorted[min(rank, sorted.count) - 1])
    }

    /// Erlang B blocking probability for `traffic` Erlang offered to `channels` channels, by the
    /// recursion B(0) = 1, B(n) = A·B(n−1) / (n + A·B(n−1)).
    public static func erlangB(traffic: Double, channels: Int) -> Double {
        var b = 1.0
        guard channels > 0 else { return b }
        for n in 1...channels { b = traffic * b / (Double(n) + traffic * b) }
        return b
    }

    /// The most intervals open at the same instant, intervals half-open `[start, end)` (so at
    /// equal timestamps ends are counted before starts). Empty intervals are ignored.
    public static func peakConcurrency(_ intervals: [(start: Int64, end: Int64)]) -> Int {
        var events: [(Int64, Int)] = []
        events.reserveCapacity(intervals.count * 2)
        for interval in intervals where interval.end > interval.start {
            events.append((interval.start, 1))
            events.append((interval.end, -1))
        }
        events.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var level = 0, peak = 0
        for event in events {
            level += event.1
            peak = max(peak, level)
        }
        return peak
    }

    /// Milliseconds of `intervals` inside `[from, to)` (each interval clipped to it).
    public static func clippedMs(_ intervals: [(start: Int64, end: Int64)], from: Int64, to: Int64) -> Int64 {
        var total: Int64 = 0
        for interval in intervals {
            let start = max(interval.start, from), end = min(interval.end, to)
            if end > start { total += end - start }
        }
        return total
    }

    /// Text of a figure: integral values without decimals, others as Swift prints them.
    static func text(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// ISO 8601 UTC text of `ms` (`2025-03-03T08:00:00Z`).
    public static func iso(_ ms: Int64) -> String {
        UTCTimestamp.iso8601(milliseconds: ms)
    }
}

/// Bucket bounds: half-open `[start, end)` in UTC, aligned to the unit and cut to the period.
public enum KPIBuckets {
    /// The buckets of `size` covering `[fromMs, toMs)`.
    public static func bounds(fromMs: Int64, toMs: Int64, size: BucketSize) -> [(start: Int64, end: Int64)] {
        guard toMs > fromMs else { return [] }
        if size == .all { return [(fromMs, toMs)] }
        var result: [(Int64, Int64)] = []
        var start = alignedStart(fromMs, size)
        while start < toMs {
            let next = nextStart(start, size)
            result.append((max(start, fromMs), min(next, toMs)))
            start = next
        }
        return result
    }

    /// `items` split by the bucket their instant falls into (`bounds` sorted and disjoint);
    /// items outside every bucket are dropped.
    public static func partition<T>(_ items: [T], bounds: [(start: Int64, end: Int64)], at instant: (T) -> Int64) -> [[T]] {
        var result = Array(repeating: [T](), count: bounds.count)
        for item in items {
            let ms = instant(item)
            // The last bucket starting at or before `ms`.
            var low = 0, high = bounds.count
            while low < high {
                let middle = (low + high) / 2
                if bounds[middle].start <= ms { low = middle + 1 } else { high = middle }
            }
            let index = low - 1
            if index >= 0, ms < bounds[index].end { result[index].append(item) }
        }
        return result
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? .current
        return calendar
    }()

    static func alignedStart(_ ms: Int64, _ size: BucketSize) -> Int64 {
        let day: Int64 = 86_400_000
        switch size {
        case .quarterHour: return floorDiv(ms, 900_000) * 900_000
        case .hour: return floorDiv(ms, 3_600_000) * 3_600_000
        case .day: return floorDiv(ms, day) * day
        case .week:
            // 1970-01-05 was a Monday.
            let monday = 4 * day
            return floorDiv(ms - monday, 7 * day) * 7 * day + monday
        case .month:
            let date = Date(timeIntervalSince1970: Double(floorDiv(ms, 1000)))
            let parts = utc.dateComponents([.year, .month], from: date)
            let first = utc.date(from: DateComponents(year: parts.year, month: parts.month, day: 1)) ?? date
            return Int64(first.timeIntervalSince1970) * 1000
        case .all: return ms
        }
    }

    static func nextStart(_ start: Int64, _ size: BucketSize) -> Int64 {
        switch size {
        case .quarterHour: return start + 900_000
        case .hour: return start + 3_600_000
        case .day: return start + 86_400_000
        case .week: return start + 7 * 86_400_000
        case .month:
            let date = Date(timeIntervalSince1970: Double(start / 1000))
            let next = utc.date(byAdding: .month, value: 1, to: date) ?? date.addingTimeInterval(31 * 86_400)
            return Int64(next.timeIntervalSince1970) * 1000
        case .all: return Int64.max
        }
    }
}

/// Occupancy intervals sorted by start, for finding those that overlap a bucket without scanning all.
struct IntervalIndex {
    private let intervals: [(start: Int64, end: Int64)]
    private let longest: Int64

    init(_ intervals: [(start: Int64, end: Int64)]) {
        self.intervals = intervals.sorted { $0.start < $1.start }
        longest = intervals.map { $0.end - $0.start }.max() ?? 0
    }

    /// The intervals overlapping `[from, to)`.
    func overlapping(_ from: Int64, _ to: Int64) -> [(start: Int64, end: Int64)] {
        // Only intervals starting at or after from − longest can reach into the bucket.
        var low = 0, high = intervals.count
        let earliest = from - longest
        while low < high {
            let middle = (low + high) / 2
            if intervals[middle].start < earliest { low = middle + 1 } else { high = middle }
        }
        var result: [(start: Int64, end: Int64)] = []
        var index = low
        while index < intervals.count, intervals[index].start < to {
            if intervals[index].end > from { result.append(intervals[index]) }
            index += 1
        }
        return result
    }
}
