/// Sorts a line (without its line break) into blank lines, headers and call lines.
enum LineClassifier {
    /// What a line is.
    enum Kind {
        /// Empty, blanks or form feeds only.
        case blank
        /// A column header or page header (long format, "uncompressed" pipe output).
        case header
        /// A ruler of `-`, `=` or `_`.
        case separator
        /// A call line of the given layout.
        case call(Layout)
        /// Not a call line; the message has no personal data.
        case notACall(StaticString)
    }

    /// Words that mark a header line (German and English system languages), lower case.
    private static let headerWords: [StaticString] = ["datum", "date", "uhrzeit", "time", "seite", "page"]

    /// Classifies `line`, which has its line break and leading form feeds removed.
    static func classify(_ line: Bytes) -> Kind {
        let content = line.trimmed()
        var onlyBreaks = true
        for index in 0..<content.count where content[index] != 0x0C && content[index] != 0x0D {
            onlyBreaks = false
            break
        }
        if onlyBreaks { return .blank }
        var printable = true, hasPipe = false, ruler = true
        for index in 0..<content.count {
            let byte = content[index]
            if byte < 0x20 || byte > 0x7E { printable = false }
            if byte == UInt8(ascii: "|") { hasPipe = true }
            if byte != UInt8(ascii: "-") && byte != UInt8(ascii: "=") && byte != UInt8(ascii: "_") && !Bytes.isBlank(byte) {
                ruler = false
            }
        }
        guard printable else { return .notACall("control or non-ASCII byte in the line") }
        if ruler { return .separator }
        let first = content[0] | 0x20
        if first >= 0x61 && first <= 0x7A && containsHeaderWord(content) { return .header }
        // A `|` line is read field by field even when its date is garbled (the reject then names
        // the field); fixed-width lines must start with the date's first digit.
        if hasPipe { return .call(.pipe) }
        guard Bytes.isDigit(line[0]) else { return .notACall("not a call line") }
        guard line.count > 9 else { return .notACall("line too short for a call line") }
        if Bytes.isDigit(line[8]) { return .call(.compressed) }
        if line[8] == 0x20 && Bytes.isDigit(line[9]) { return .call(.long) }
        return .notACall("not a call line")
    }

    /// Whether the line contains one of `headerWords` (ASCII, case-insensitive).
    private static func containsHeaderWord(_ line: Bytes) -> Bool {
        for word in headerWords {
            let length = word.utf8CodeUnitCount
            let letters = word.utf8Start
            guard line.count >= length else { continue }
            for start in 0...(line.count - length) {
                var match = true
                for offset in 0..<length where (line[start + offset] | 0x20) != letters[offset] {
                    match = false
                    break
                }
                if match { return true }
            }
        }
        return false
    }
}
