/// Splits CSV text (RFC 4180: `,` separated — or `;`, as German Excel writes it, when the header
/// line has no comma but a semicolon — `"` quoted with `""` escapes, CRLF or LF) into records,
/// each with the 1-based line it starts on. Blank lines are skipped.
struct CSVRecords {
    /// One record.
    struct Record {
        let line: Int
        let fields: [String]
    }

    /// The records, or the line of an unterminated quote.
    static func parse(_ text: String) -> Result<[Record], OrgImportProblem> {
        let separator = separator(of: text)
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var afterQuote = false
        var line = 1
        var recordLine = 1
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar?
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].trimmingSpaces.isEmpty) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []
            field = ""
        }
        while let scalar = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if scalar == "\"" {
                    let next = iterator.next()
                    if next == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; afterQuote = true; pending = next }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty && !afterQuote:
                quoted = true
            case separator:
                fields.append(field)
                field = ""
                afterQuote = false
            case "\r":
                break
            case "\n":
                endRecord()
                afterQuote = false
                line += 1
                recordLine = line
            default:
                field.unicodeScalars.append(scalar)
            }
        }
        if quoted { return .failure(OrgImportProblem(line: recordLine, message: "a quoted field is not closed")) }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return .success(records)
    }

    /// `;` when the first line has a semicolon outside quotes and no comma, else `,`.
    static func separator(of text: String) -> Unicode.Scalar {
        var quoted = false
        var commas = 0
        var semicolons = 0
        for scalar in text.unicodeScalars {
            if scalar == "\"" { quoted.toggle() }
            if quoted { continue }
            if scalar == "\n" { break }
            if scalar == "," { commas += 1 }
            if scalar == ";" { semicolons += 1 }
        }
        return semicolons > 0 && commas == 0 ? ";" : ","
    }
}
