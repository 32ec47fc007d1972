/// Deterministic damage to valid input: the same generator state gives the same mutants.
///
/// Operations: flip one bit, overwrite a byte with a random one, insert random bytes, delete a
/// range, duplicate a range, insert a separator the formats use (`|,;"'<>` tab, CR, LF, NUL),
/// and overwrite a digit with another digit or a letter.
public struct Mutator {
    /// The separators and structural bytes that parsers of CDR formats care about most.
    static let structural: [UInt8] = Array("|,;\"'<>/=\t\r\n".utf8) + [0]

    private var generator: SplitMix64

    /// Creates a mutator drawing from `generator`.
    public init(generator: SplitMix64) {
        self.generator = generator
    }

    /// `input` with between 1 and `maximumEdits` seeded edits applied.
    public mutating func mutate(_ input: [UInt8], maximumEdits: Int = 8) -> [UInt8] {
        var bytes = input
        let edits = generator.int(in: 1...max(1, maximumEdits))
        for _ in 0..<edits { applyOneEdit(&bytes) }
        return bytes
    }

    /// `input` cut at a seeded position strictly inside it (an empty input stays empty).
    public mutating func truncate(_ input: [UInt8]) -> [UInt8] {
        guard input.count > 1 else { return [] }
        return Array(input[0..<generator.int(in: 1...(input.count - 1))])
    }

    private mutating func applyOneEdit(_ bytes: inout [UInt8]) {
        guard !bytes.isEmpty else {
            bytes = generator.bytes(generator.int(in: 1...16))
            return
        }
        let position = generator.int(in: 0...(bytes.count - 1))
        switch generator.int(in: 0...6) {
        case 0:
            bytes[position] ^= UInt8(1) << UInt8(generator.int(in: 0...7))
        case 1:
            bytes[position] = UInt8(truncatingIfNeeded: generator.next())
        case 2:
            bytes.insert(contentsOf: generator.bytes(generator.int(in: 1...32)), at: position)
        case 3:
            let length = min(bytes.count - position, generator.int(in: 1...64))
            bytes.removeSubrange(position..<position + length)
        case 4:
            let length = min(bytes.count - position, generator.int(in: 1...256))
            let copy = Array(bytes[position..<position + length])
            bytes.insert(contentsOf: copy, at: generator.int(in: 0...bytes.count))
        case 5:
            bytes.insert(Self.structural[generator.int(in: 0...(Self.structural.count - 1))], at: position)
        default:
            let replacements = Array("0123456789Xx-:.".utf8)
            bytes[position] = replacements[generator.int(in: 0...(replacements.count - 1))]
        }
    }
}
