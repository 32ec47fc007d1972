import Foundation

/// The wall clock in UTC milliseconds since the Unix epoch, injected wherever a time is stamped
/// (import log, rating time, journal entries, org changes) so that tests can pin it.
///
/// There is one clock type and one system clock: code takes a `MillisecondClock` (or its ``now``
/// closure) as a parameter instead of reading the time itself.
public struct MillisecondClock: Sendable {
    /// The current time in UTC milliseconds.
    public var now: @Sendable () -> Int64

    /// A clock that asks `now` for the time.
    public init(now: @escaping @Sendable () -> Int64) {
        self.now = now
    }

    /// The system's wall clock (whole milliseconds, rounded down).
    public static let system = MillisecondClock { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }

    /// A clock that always says `ms` (tests).
    public static func fixed(_ ms: Int64) -> MillisecondClock {
        MillisecondClock { ms }
    }
}
