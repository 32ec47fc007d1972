/// A device-name pattern with `*` (any run of characters) and `?` (one character), matched
/// case-insensitively (ASCII) against the whole name.
struct GlobPattern {
    /// The pattern's bytes, lower-cased.
    let bytes: [UInt8]
    /// True when the pattern is `prefix*` with no other wildcard: matched by a prefix test.
    private let isPlainPrefix: Bool

    /// Compiles `text` (leading and trailing spaces removed).
    init(_ text: Substring) {
        var lowered = Array(text.utf8).map(ASCII.lower)
        while let first = lowered.first, first == 0x20 { lowered.removeFirst() }
        while let last = lowered.last, last == 0x20 { lowered.removeLast() }
        bytes = lowered
        let star = UInt8(ascii: "*"), question = UInt8(ascii: "?")
        isPlainPrefix = lowered.last == star
            && !lowered.dropLast().contains(star) && !lowered.contains(question)
    }

    /// Parses a comma-separated list; empty items are dropped.
    static func list(_ text: String) -> [GlobPattern] {
        text.split(separator: ",").map(GlobPattern.init).filter { !$0.bytes.isEmpty }
    }

    /// Whether `count` bytes at `name` match this pattern.
    func matches(_ name: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        bytes.withUnsafeBufferPointer { pattern in
            if isPlainPrefix {
                let prefix = pattern.count - 1
                if count < prefix { return false }
                for i in 0..<prefix where ASCII.lower(name[i]) != pattern[i] { return false }
                return true
            }
            return GlobPattern.match(pattern, name, count)
        }
    }

    /// Iterative wildcard matching with single-star backtracking (linear for typical patterns).
    private static func match(_ pattern: UnsafeBufferPointer<UInt8>, _ name: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        let star = UInt8(ascii: "*"), question = UInt8(ascii: "?")
        var p = 0, n = 0
        var starP = -1, starN = 0
        while n < count {
            if p < pattern.count && (pattern[p] == question || pattern[p] == ASCII.lower(name[n])) {
                p += 1; n += 1
            } else if p < pattern.count && pattern[p] == star {
                starP = p; starN = n; p += 1
            } else if starP >= 0 {
                p = starP + 1; starN += 1; n = starN
            } else {
                return false
            }
        }
        while p < pattern.count && pattern[p] == star { p += 1 }
        return p == pattern.count
    }
}

/// ASCII helpers for case-insensitive comparisons.
enum ASCII {
    /// The byte lower-cased if it is an ASCII capital letter.
    @inline(__always)
    static func lower(_ c: UInt8) -> UInt8 {
        (c &- 65) < 26 ? c | 0x20 : c
    }

    /// Whether `count` bytes at `pointer` equal the lower-case ASCII `word`, ignoring case.
    static func equalsIgnoringCase(_ pointer: UnsafePointer<UInt8>, _ count: Int, _ word: [UInt8]) -> Bool {
        if count != word.count { return false }
        for i in 0..<count where lower(pointer[i]) != word[i] { return false }
        return true
    }
}
