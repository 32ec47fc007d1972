/// The text encodings an org chart CSV file may be in.
public enum CSVEncoding: String, Sendable, Equatable, CaseIterable {
    /// UTF-8 (a byte-order mark is skipped).
    case utf8 = "utf-8"
    /// Windows-1252, what German Excel writes for "CSV (Trennzeichen-getrennt)".
    case windows1252 = "windows-1252"
}

/// Turns the bytes of a CSV file into text: UTF-8 (checked, with the line and column of the first
/// bad byte) or Windows-1252.
public enum CSVText {
    /// The text of `bytes` in `encoding`.
    /// - Throws: ``OrgError/importFailed(_:)`` naming the line and column (in characters) of the
    ///   first byte that is not UTF-8.
    public static func decode(_ bytes: [UInt8], encoding: CSVEncoding) throws -> String {
        switch encoding {
        case .windows1252:
            return String(String.UnicodeScalarView(bytes.map(windows1252)))
        case .utf8:
            let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
            if let text = String(validating: body, as: UTF8.self) { return text }
            let (line, column) = firstInvalidByte(body)
            throw OrgError.importFailed([OrgImportProblem(
                location: "line \(line), column \(column)", line: line,
                message: "not UTF-8 at line \(line), column \(column); a file Excel saved as CSV is usually Windows-1252: "
                    + "pass --encoding windows-1252")])
        }
    }

    /// The 1-based line and column (counting characters) of the first byte that is not valid UTF-8.
    static func firstInvalidByte(_ bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let length: Int
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return (line, column)
            }
            guard index + length <= bytes.count,
                  String(validating: bytes[index..<(index + length)], as: UTF8.self) != nil else { return (line, column) }
            if byte == 0x0A {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += length
        }
        return (line, column)
    }

    /// The character of a Windows-1252 byte (the five unassigned bytes map to the C1 controls).
    static func windows1252(_ byte: UInt8) -> Unicode.Scalar {
        let high: [UInt32] = [
            0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
            0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
            0x0153, 0x9D, 0x017E, 0x0178,
        ]
        let value = (0x80...0x9F).contains(byte) ? high[Int(byte) - 0x80] : UInt32(byte)
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }
}
