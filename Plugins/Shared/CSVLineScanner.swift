/// Where one field of the current line lies in the fed bytes.
struct FieldSlice {
    /// Index of the field's first content byte (after an opening quote).
    var start: Int
    /// Number of content bytes (without the surrounding quotes).
    var count: Int
    /// True when the content holds doubled quotes (`""`) that must be unescaped before use.
    var hasEscapedQuotes: Bool
}

/// Splits one line of comma-separated values into fields, in place.
///
/// Records are lines: a line ends at LF (a CR before it belongs to the ending), or at the end of
/// input. Fields may be quoted with `"` and contain `""` for a quote. A line break inside quotes
/// ends the line anyway and makes it malformed, so one stray quote can damage only one line.
///
/// A final class whose hot loop works on local copies of its state: this keeps Swift's dynamic
/// exclusivity checks out of the per-byte path.
final class CSVLineScanner {
    /// How a complete line was formed.
    enum Quoting {
        /// Every quoted field was closed properly.
        case wellFormed
        /// A quoted field was not closed before the end of the line.
        case unterminatedQuote
        /// Text followed a closing quote before the next comma.
        case textAfterQuote
    }

    /// The outcome of scanning from a line start.
    enum Outcome {
        /// The line does not end within the bytes given (and more input may come).
        case incomplete
        /// A complete line; `end` is the index just after its terminator.
        case complete(end: Int, quoting: Quoting)
    }

    /// The fields of the last complete line.
    private(set) var fields: UnsafeMutablePointer<FieldSlice>
    /// Number of fields of the last complete line.
    private(set) var fieldCount = 0
    private var capacity: Int

    /// Creates a scanner with room for 256 fields (grown when a line has more).
    init() {
        capacity = 256
        fields = UnsafeMutablePointer<FieldSlice>.allocate(capacity: capacity)
    }

    deinit { fields.deallocate() }

    /// Doubles the field table (rare: only for lines with more than 256 fields).
    private func grow(keeping count: Int) -> (UnsafeMutablePointer<FieldSlice>, Int) {
        let bigger = UnsafeMutablePointer<FieldSlice>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: fields, count: count)
        fields.deallocate()
        fields = bigger
        capacity *= 2
        return (fields, capacity)
    }

    /// Scans the line starting at `start` in `bytes[0..<end]`. With `atEndOfInput`, the end of the
    /// bytes also ends the line.
    func scan(_ bytes: UnsafePointer<UInt8>, from start: Int, to end: Int, atEndOfInput: Bool) -> Outcome {
        var table = fields, room = capacity, count = 0
        defer { fieldCount = count }
        @inline(__always) func append(_ fieldStart: Int, _ length: Int, _ escaped: Bool) {
            if count == room { (table, room) = grow(keeping: count) }
            (table + count).initialize(to: FieldSlice(start: fieldStart, count: length, hasEscapedQuotes: escaped))
            count += 1
        }
        let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
        var p = start
        while true {
            if p < end && bytes[p] == quote {
                // Quoted field.
                p += 1
                let contentStart = p
                var escaped = false
                var closed = false
                while p < end {
                    let c = bytes[p]
                    if c == quote {
                        if p + 1 < end {
                            if bytes[p + 1] == quote { escaped = true; p += 2; continue }
                            closed = true
                            break
                        }
                        if !atEndOfInput { return .incomplete }  // cannot tell "" from " yet
                        closed = true
                        break
                    }
                    if c == lf {
                        append(contentStart, p - contentStart, escaped)
                        return .complete(end: p + 1, quoting: .unterminatedQuote)
                    }
                    p += 1
                }
                if !closed {
                    if !atEndOfInput { return .incomplete }
                    append(contentStart, p - contentStart, escaped)
                    return .complete(end: end, quoting: .unterminatedQuote)
                }
                append(contentStart, p - contentStart, escaped)
                p += 1  // past the closing quote
                if p >= end {
                    if atEndOfInput { return .complete(end: end, quoting: .wellFormed) }
                    return .incomplete
                }
                let next = bytes[p]
                if next == comma { p += 1; continue }
                if next == lf { return .complete(end: p + 1, quoting: .wellFormed) }
                if next == cr {
                    if p + 1 < end {
                        if bytes[p + 1] == lf { return .complete(end: p + 2, quoting: .wellFormed) }
                    } else {
                        if atEndOfInput { return .complete(end: end, quoting: .wellFormed) }
                        return .incomplete
                    }
                }
                // Text after the closing quote: find the end of the line and give up on it.
                while p < end && bytes[p] != lf { p += 1 }
                if p < end { return .complete(end: p + 1, quoting: .textAfterQuote) }
                if atEndOfInput { return .complete(end: end, quoting: .textAfterQuote) }
                return .incomplete
            } else {
                // Unquoted field: up to the next comma or LF.
                let fieldStart = p
                while p < end {
                    let c = bytes[p]
                    if c == comma || c == lf { break }
                    p += 1
                }
                if p >= end {
                    if !atEndOfInput { return .incomplete }
                    var fieldEnd = p
                    if fieldEnd > fieldStart && bytes[fieldEnd - 1] == cr { fieldEnd -= 1 }
                    append(fieldStart, fieldEnd - fieldStart, false)
                    return .complete(end: end, quoting: .wellFormed)
                }
                if bytes[p] == comma {
                    append(fieldStart, p - fieldStart, false)
                    p += 1
                    continue
                }
                var fieldEnd = p
                if fieldEnd > fieldStart && bytes[fieldEnd - 1] == cr { fieldEnd -= 1 }
                append(fieldStart, fieldEnd - fieldStart, false)
                return .complete(end: p + 1, quoting: .wellFormed)
            }
        }
    }
}
