/// Splits INI text into sections and `key = value` entries with line numbers. `;` or `#` start a
/// comment at the beginning of a line; `;` preceded by a space starts one anywhere outside quotes.
struct IniDocument {
    /// One `key = value` line.
    struct Entry {
        let key: String
        let value: String
        let line: Int
    }

    /// One `[header]` and its entries.
    struct Section {
        /// First word of the header (`provider`, `bands`, `zone`, `version`).
        let kind: String
        /// The rest of the header (`DE_MOBILE` in `[zone DE_MOBILE]`), empty if none.
        let argument: String
        let line: Int
        var entries: [Entry] = []
    }

    private(set) var sections: [Section] = []
    private(set) var syntaxProblems: [(line: Int, key: String, message: String)] = []

    /// Reads `contents`.
    init(contents: String) {
        var lineNumber = 0
        for rawLine in contents.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = Self.stripComment(rawLine).trimmingSpaces()
            if line.isEmpty { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]") else {
                    syntaxProblems.append((lineNumber, line, "section header without closing ]"))
                    continue
                }
                let inner = line.dropFirst().dropLast().trimmingSpaces()
                let words = inner.split(separator: " ", maxSplits: 1)
                let kind = words.first.map(String.init) ?? ""
                let argument = words.count > 1 ? words[1].trimmingSpaces() : ""
                sections.append(Section(kind: kind, argument: argument, line: lineNumber))
                continue
            }
            guard let equals = line.firstIndex(of: "=") else {
                syntaxProblems.append((lineNumber, line, "expected key = value"))
                continue
            }
            let key = line[..<equals].trimmingSpaces()
            let value = line[line.index(after: equals)...].trimmingSpaces()
            guard !sections.isEmpty else {
                syntaxProblems.append((lineNumber, key, "key outside any [section]"))
                continue
            }
            sections[sections.count - 1].entries.append(Entry(key: key, value: value, line: lineNumber))
        }
    }

    private static func stripComment(_ line: Substring) -> Substring {
        let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
        if trimmed.hasPrefix(";") || trimmed.hasPrefix("#") { return "" }
        var inQuotes = false
        var previous: Character = " "
        for index in line.indices {
            let character = line[index]
            if character == "\"" { inQuotes.toggle() }
            if character == ";", !inQuotes, previous == " " || previous == "\t" { return line[..<index] }
            previous = character
        }
        return line
    }
}
