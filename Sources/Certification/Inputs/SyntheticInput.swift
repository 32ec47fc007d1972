/// Seeded inputs for the robustness checks.
enum SyntheticInput {
    /// Text lines of random tokens and separators, like an unknown CSV/pipe/XML-ish format:
    /// used as the base input when there is no corpus.
    static func lines(_ generator: inout SplitMix64, bytes: Int) -> [UInt8] {
        let separators = Array(",|;\t \"<>=:/".utf8)
        let alphabet = Array("0123456789ABCDEFabcdef+*#-.:".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes + 256)
        while output.count < bytes {
            for _ in 0..<generator.int(in: 1...24) {
                for _ in 0..<generator.int(in: 0...12) { output.append(alphabet[generator.int(in: 0...(alphabet.count - 1))]) }
                output.append(separators[generator.int(in: 0...(separators.count - 1))])
            }
            output += generator.int(in: 0...3) == 0 ? [13, 10] : [10]
        }
        return output
    }

    /// `count` bytes drawn from the bytes that occur in `sample` (printable text with line breaks
    /// when the sample is empty).
    static func sameAlphabet(as sample: [UInt8], _ generator: inout SplitMix64, count: Int) -> [UInt8] {
        var alphabet = Array(Set(sample)).sorted()
        if alphabet.isEmpty { alphabet = Array(32...126) + [10, 10, 13] }
        return (0..<count).map { _ in alphabet[generator.int(in: 0...(alphabet.count - 1))] }
    }

    /// Lines of the corpus spliced together in random order, cut at random points, up to `count` bytes.
    static func splicedLines(of files: [[UInt8]], _ generator: inout SplitMix64, count: Int) -> [UInt8] {
        let all = files.flatMap { $0.split(separator: 10, omittingEmptySubsequences: true) }
        guard !all.isEmpty else { return lines(&generator, bytes: count) }
        var output: [UInt8] = []
        output.reserveCapacity(count + 4096)
        while output.count < count {
            let line = all[generator.int(in: 0...(all.count - 1))]
            let cut = generator.int(in: 0...3) == 0 ? generator.int(in: 0...line.count) : line.count
            output += line.prefix(cut)
            output.append(10)
        }
        return Array(output.prefix(count))
    }

    /// Invalid UTF-8 sequences: overlong NUL, a lone 0xFF, a lone continuation byte, a truncated
    /// three-byte sequence, an encoded surrogate, a code point above U+10FFFF, a BOM-like pair.
    static let invalidUTF8: [[UInt8]] = [[0xC0, 0x80], [0xFF], [0x80], [0xE2, 0x82], [0xED, 0xA0, 0x80],
                                         [0xF4, 0x90, 0x80, 0x80], [0xFE, 0xFF]]
}
