/// How an input is cut into the chunks a parser is fed.
public enum ChunkPlan: Sendable, Equatable, CustomStringConvertible {
    /// The whole input in one feed call.
    case whole
    /// Chunks of exactly `n` bytes (the last one may be shorter).
    case fixed(Int)
    /// Chunks of seeded random sizes between 1 and `maximum` bytes.
    case random(seed: UInt64, maximum: Int)

    /// The chunk sizes for an input of `count` bytes; they add up to `count`.
    public func sizes(for count: Int) -> [Int] {
        guard count > 0 else { return [] }
        switch self {
        case .whole:
            return [count]
        case .fixed(let n):
            let size = max(1, n)
            return stride(from: 0, to: count, by: size).map { min(size, count - $0) }
        case .random(let seed, let maximum):
            var generator = SplitMix64(seed: seed)
            var sizes: [Int] = []
            var left = count
            while left > 0 {
                let size = min(left, generator.int(in: 1...max(1, maximum)))
                sizes.append(size)
                left -= size
            }
            return sizes
        }
    }

    /// A short name for reports ("whole", "1-byte", "7-byte", "random ≤8192").
    public var description: String {
        switch self {
        case .whole: return "whole"
        case .fixed(let n): return "\(n)-byte"
        case .random(_, let maximum): return "random 1…\(maximum)-byte"
        }
    }
}
