/// Longest-prefix lookup over dial strings (`+` and digits) in a flat array trie: one step per
/// character, no allocation per lookup.
struct PrefixTrie: Sendable {
    private static let fanOut = 11  // digits 0–9 and `+`
    private var children: [Int32] = Array(repeating: -1, count: fanOut)
    private var values: [Int32] = [-1]

    /// The child slot of a character, or `nil` for anything but `+` and digits.
    @inline(__always)
    private static func slot(_ byte: UInt8) -> Int? {
        if byte >= 48, byte <= 57 { return Int(byte - 48) }
        return byte == 43 ? 10 : nil
    }

    /// Stores `value` under `prefix`; returns the value already stored there, if any.
    @discardableResult
    mutating func insert(_ prefix: String, value: Int32) -> Int32? {
        var node = 0
        for byte in prefix.utf8 {
            guard let slot = Self.slot(byte) else { return nil }
            let index = node * Self.fanOut + slot
            if children[index] < 0 {
                children[index] = Int32(values.count)
                values.append(-1)
                children.append(contentsOf: repeatElement(-1, count: Self.fanOut))
            }
            node = Int(children[index])
        }
        let previous = values[node]
        if previous < 0 { values[node] = value }
        return previous < 0 ? nil : previous
    }

    /// The value of the longest stored prefix of `text` and that prefix's length.
    @inline(__always)
    func longestMatch(_ text: String) -> (value: Int32, length: Int)? {
        var node = 0
        var best: (Int32, Int)?
        var depth = 0
        for byte in text.utf8 {
            guard let slot = Self.slot(byte) else { break }
            let next = children[node &* Self.fanOut &+ slot]
            if next < 0 { break }
            node = Int(next)
            depth += 1
            let value = values[node]
            if value >= 0 { best = (value, depth) }
        }
        return best.map { (value: $0.0, length: $0.1) }
    }
}
