import PluginAPI

/// Finds where the next unit of input (white space, a `<cdr>` element, an argument line, a legacy
/// block, a garbage line) ends, looking only at the bytes fed so far.
enum Framing {
    /// Largest `<cdr>` element accepted (bytes); longer ones are rejected in pieces of this size.
    static let maxElement = 1 << 20
    /// Largest line or legacy block accepted (bytes).
    static let maxLine = 1 << 16

    /// What the unit at a position is.
    enum Unit {
        /// More bytes are needed to decide (never returned at end of input).
        case incomplete
        /// White space up to `end`.
        case space(end: Int)
        /// The `log-msg` prefix of the "Standard" HTTP body.
        case standardPrefix(end: Int)
        /// A complete `<cdr>…</cdr>` (or self-closing) element.
        case element(end: Int)
        /// An XML declaration `<?…?>`.
        case declaration(end: Int)
        /// A URL-encoded argument line (GET query / POST body).
        case arguments(end: Int)
        /// A legacy gateway block `event …` … `end`.
        case legacyBlock(end: Int)
        /// Bytes that cannot be read, with a reason and a reject kind.
        case bad(end: Int, reason: Int, message: StaticString)
    }

    /// Classifies the unit starting at `start` of `data[0..<length]`.
    static func next(_ data: UnsafePointer<UInt8>, _ start: Int, _ length: Int, endOfInput: Bool) -> Unit {
        let first = data[start]
        if isSpace(first) {
            var end = start
            while end < length && isSpace(data[end]) { end += 1 }
            if end == length && !endOfInput { return .incomplete }
            // The indentation before a legacy block belongs to the block: one span per block.
            switch matches(data, end, length, "event ") {
            case .yes: return legacyBlock(data, start, eventLine: end, length, endOfInput: endOfInput)
            case .undecided where !endOfInput: return .incomplete
            default: return .space(end: end)
            }
        }
        switch matches(data, start, length, "log-msg") {
        case .yes: return .standardPrefix(end: start + 7)
        case .undecided where !endOfInput: return .incomplete
        default: break
        }
        if first == UInt8(ascii: "<") {
            switch matches(data, start, length, "<cdr") {
            case .yes:
                if start + 4 >= length { return endOfInput ? truncatedElement(start, length) : .incomplete }
                let delimiter = data[start + 4]
                if isSpace(delimiter) || delimiter == UInt8(ascii: ">") || delimiter == UInt8(ascii: "/") {
                    return element(data, start, length, endOfInput: endOfInput)
                }
            case .undecided where !endOfInput: return .incomplete
            default: break
            }
            if matches(data, start, length, "<?xml") == .yes {
                if let end = find(data, start + 5, min(length, start + maxLine), "?>") { return .declaration(end: end + 2) }
            }
        }
        if first == UInt8(ascii: "?") || startsWithKey(data, start, length) {
            return line(data, start, length, endOfInput: endOfInput) { .arguments(end: $0) }
        }
        switch matches(data, start, length, "event ") {
        case .yes: return legacyBlock(data, start, eventLine: start, length, endOfInput: endOfInput)
        case .undecided where !endOfInput: return .incomplete
        default: break
        }
        return line(data, start, length, endOfInput: endOfInput) {
            .bad(end: $0, reason: TB_REJECT_MALFORMED, message: "not an innovaphone CDR")
        }
    }

    private static func truncatedElement(_ start: Int, _ length: Int) -> Unit {
        .bad(end: length, reason: TB_REJECT_TRUNCATED, message: "input ends inside a cdr element")
    }

    /// A `<cdr` element: up to its `</cdr>` (or a self-closing tag), cut short by the next `<cdr`.
    private static func element(_ data: UnsafePointer<UInt8>, _ start: Int, _ length: Int, endOfInput: Bool) -> Unit {
        let limit = min(length, start + maxElement)
        // A self-closing <cdr …/> ends at the first '>' if it is preceded by '/'.
        if let close = find(data, start, limit, ">"), close > start, data[close - 1] == UInt8(ascii: "/") {
            return .element(end: close + 1)
        }
        let endTag = find(data, start + 4, limit, "</cdr>")
        if let next = find(data, start + 4, endTag ?? limit, "<cdr") {
            return .bad(end: next, reason: TB_REJECT_TRUNCATED, message: "cdr element not closed before the next cdr")
        }
        if let endTag { return .element(end: endTag + 6) }
        if limit - start >= maxElement {
            return .bad(end: limit, reason: TB_REJECT_MALFORMED, message: "cdr element too long")
        }
        return endOfInput ? truncatedElement(start, length) : .incomplete
    }

    /// A legacy block from `start` (white space before its `event ` line at `eventLine` included):
    /// lines up to a line `end`; cut short by the next `event ` line.
    private static func legacyBlock(_ data: UnsafePointer<UInt8>, _ start: Int, eventLine: Int, _ length: Int,
                                    endOfInput: Bool) -> Unit {
        let limit = min(length, start + maxLine)
        var lineStart = eventLine
        var first = true
        while lineStart < limit {
            guard let newline = find(data, lineStart, limit, "\n") else { break }
            var a = lineStart, b = newline
            while a < b && isSpace(data[a]) { a += 1 }
            while b > a && isSpace(data[b - 1]) { b -= 1 }
            if !first && matches(data, a, b, "event ") == .yes {
                return .bad(end: lineStart, reason: TB_REJECT_TRUNCATED, message: "gateway CDR block without end line")
            }
            if b - a == 3 && matches(data, a, b, "end") == .yes { return .legacyBlock(end: newline + 1) }
            first = false
            lineStart = newline + 1
        }
        if limit - start >= maxLine {
            return .bad(end: limit, reason: TB_REJECT_MALFORMED, message: "gateway CDR block too long")
        }
        guard endOfInput else { return .incomplete }
        // At the end of input a last "end" without a line break still closes the block.
        var b = length
        while b > lineStart && isSpace(data[b - 1]) { b -= 1 }
        var a = lineStart
        while a < b && isSpace(data[a]) { a += 1 }
        if b - a == 3 && matches(data, a, b, "end") == .yes { return .legacyBlock(end: length) }
        return .bad(end: length, reason: TB_REJECT_TRUNCATED, message: "input ends inside a gateway CDR block")
    }

    /// A line up to and including its LF (or the end of input), built by `make`.
    private static func line(_ data: UnsafePointer<UInt8>, _ start: Int, _ length: Int, endOfInput: Bool,
                             _ make: (Int) -> Unit) -> Unit {
        let limit = min(length, start + maxLine)
        if let newline = find(data, start, limit, "\n") { return make(newline + 1) }
        if limit - start >= maxLine { return .bad(end: limit, reason: TB_REJECT_MALFORMED, message: "line too long") }
        return endOfInput ? make(length) : .incomplete
    }

    /// Whether the line starts with one of the HTTP argument keys followed by '='.
    private static func startsWithKey(_ data: UnsafePointer<UInt8>, _ start: Int, _ length: Int) -> Bool {
        for key: StaticString in ["event=", "msg=", "time=", "date=", "from="] where matches(data, start, length, key) == .yes {
            return true
        }
        return false
    }

    /// Result of comparing the bytes at a position with a literal.
    enum Match { case yes, no, undecided }

    /// Compares `data[start..<length]` with `literal` (ASCII, exact case).
    static func matches(_ data: UnsafePointer<UInt8>, _ start: Int, _ length: Int, _ literal: StaticString) -> Match {
        literal.withUTF8Buffer { w in
            let n = min(w.count, max(0, length - start))
            for i in 0..<n where data[start + i] != w[i] { return .no }
            return n == w.count ? .yes : .undecided
        }
    }

    /// First index `i` in `from..<to` where `literal` starts and fits before `to`.
    static func find(_ data: UnsafePointer<UInt8>, _ from: Int, _ to: Int, _ literal: StaticString) -> Int? {
        literal.withUTF8Buffer { w -> Int? in
            guard w.count > 0, to - from >= w.count else { return nil }
            let first = w[0]
            var i = from
            while i <= to - w.count {
                if data[i] == first {
                    var k = 1
                    while k < w.count && data[i + k] == w[k] { k += 1 }
                    if k == w.count { return i }
                }
                i += 1
            }
            return nil
        }
    }

    /// SP, TAB, CR or LF.
    @inline(__always)
    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
}
