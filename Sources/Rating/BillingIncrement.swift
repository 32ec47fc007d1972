/// A billing increment scheme `first/next` in seconds: the first `first` seconds are billed as a
/// block, then every started `next` seconds (60/1, 60/60, 1/1, 30/6, 60/10, …).
public struct BillingIncrement: Sendable, Hashable, CustomStringConvertible {
    /// Seconds billed for the first block (also the minimum billed time of an answered call).
    public let first: Int64
    /// Seconds per following block.
    public let next: Int64

    /// Creates a scheme; both values must be at least 1 (the parser checks this).
    public init(first: Int64, next: Int64) {
        self.first = first
        self.next = next
    }

    /// `first/next`.
    public var description: String { "\(first)/\(next)" }

    /// The number of `next` blocks after the first block for a talk time in whole seconds (> 0).
    public func nextBlocks(talkSeconds: Int64) -> Int64 {
        talkSeconds <= first ? 0 : (talkSeconds - first + next - 1) / next
    }

    /// Seconds from the call start at which increment `index` begins (0 is the first block).
    func start(ofIncrement index: Int64) -> Int64 {
        index == 0 ? 0 : first + (index - 1) * next
    }

    /// Seconds from the call start at which increment `index` ends.
    func end(ofIncrement index: Int64) -> Int64 {
        first + index * next
    }

    /// One past the index of the last increment that starts before `offset` seconds (> 0).
    func incrementsStarting(before offset: Int64) -> Int64 {
        offset <= first ? 1 : (offset - first + next - 1) / next + 1
    }

    /// Parses `first/next`; `nil` unless both are integers from 1 to 3600.
    static func parse(_ text: Substring) -> BillingIncrement? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let first = Int64(parts[0]), let next = Int64(parts[1]),
              (1...3600).contains(first), (1...3600).contains(next) else { return nil }
        return BillingIncrement(first: first, next: next)
    }
}
