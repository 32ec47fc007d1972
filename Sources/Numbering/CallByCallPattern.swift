/// A call-by-call (carrier selection) prefix pattern such as `010[1-9][0-9]` or `0100[0-9][0-9]`:
/// digits and bracketed digit classes (`[1-9]`, `[13]`), one position each. Matched on bytes, no regex.
public struct CallByCallPattern: Sendable, Equatable, Hashable {
    /// The pattern as written.
    public let source: String
    /// One bit set of allowed digits (bit n = digit n) per position.
    let positions: [UInt16]

    /// The number of digits the pattern matches.
    public var length: Int { positions.count }

    /// Parses a pattern.
    /// - Throws: ``NumberingPlanError/callByCallPatternInvalid(_:)`` when the pattern is empty, has an
    ///   unclosed or empty class, a reversed range or a character other than digits, `[`, `]`, `-`.
    public init(_ source: String) throws(NumberingPlanError) {
        var positions: [UInt16] = []
        var iterator = Array(source.utf8).makeIterator()
        while let byte = iterator.next() {
            if let digit = Self.digit(byte) {
                positions.append(1 << digit)
                continue
            }
            guard byte == UInt8(ascii: "[") else { throw .callByCallPatternInvalid(source) }
            var set: UInt16 = 0
            var previous: UInt8?
            var closed = false
            while let inner = iterator.next() {
                if inner == UInt8(ascii: "]") { closed = true; break }
                if inner == UInt8(ascii: "-") {
                    guard let low = previous, let highByte = iterator.next(), let high = Self.digit(highByte),
                          low <= high else { throw .callByCallPatternInvalid(source) }
                    for d in low...high { set |= 1 << d }
                    previous = nil
                    continue
                }
                guard let digit = Self.digit(inner) else { throw .callByCallPatternInvalid(source) }
                set |= 1 << digit
                previous = digit
            }
            guard closed, set != 0 else { throw .callByCallPatternInvalid(source) }
            positions.append(set)
        }
        guard !positions.isEmpty else { throw .callByCallPatternInvalid(source) }
        self.source = source
        self.positions = positions
    }

    /// The number of leading bytes of `bytes[start...]` the pattern matches, or `nil`. A masked
    /// byte never matches.
    func match(_ bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count - start >= positions.count else { return nil }
        for (offset, allowed) in positions.enumerated() {
            guard let digit = Self.digit(bytes[start + offset]), allowed & (1 << digit) != 0 else { return nil }
        }
        return positions.count
    }

    private static func digit(_ byte: UInt8) -> UInt8? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? byte - UInt8(ascii: "0") : nil
    }

    /// `010xy` with x = 1…9: the German five-digit carrier selection prefixes.
    public static let germanFiveDigit: CallByCallPattern = .init(unchecked: "010[1-9][0-9]")
    /// `0100xy`: the German six-digit carrier selection prefixes.
    public static let germanSixDigit: CallByCallPattern = .init(unchecked: "0100[0-9][0-9]")

    /// For the built-in patterns only, which are known to parse.
    private init(unchecked source: String) {
        self.source = source
        self.positions = (try? CallByCallPattern(source).positions) ?? []
    }
}
