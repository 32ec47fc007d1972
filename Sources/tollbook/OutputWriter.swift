import ArgumentParser
import Foundation
import Query

/// Buffered writing to standard output (listings can have millions of lines).
final class OutputWriter {
    private var buffer: [UInt8] = []

    init() {
        buffer.reserveCapacity(1 << 16)
    }

    deinit {
        flush()
    }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    func line(_ text: String) {
        write(text)
        buffer.append(10)
    }

    /// Writes `text` and the CSV record end, CR LF (RFC 4180).
    func record(_ text: String) {
        write(text)
        buffer.append(13)
        buffer.append(10)
        if buffer.count >= 1 << 16 { flush() }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}

/// How quarantined bytes are printed (`--raw`): `text` is UTF-8 with invalid bytes replaced
/// (lossy); `hex` and `base64` are exact.
enum RawBytesEncoding: String, ExpressibleByArgument, CaseIterable {
    case text, hex, base64

    /// `bytes` in this encoding.
    func encode(_ bytes: [UInt8]) -> String {
        switch self {
        case .text: return String(decoding: bytes, as: UTF8.self)
        case .hex: return bytes.map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
        case .base64: return Data(bytes).base64EncodedString()
        }
    }
}

/// Writes records of named fields in one of the listing formats.
struct ListingPrinter {
    let format: OutputFormat
    let header: [String]
    let tableColumns: [String]
    private let out = OutputWriter()
    private var tableRows: [[String]] = []
    private var count = 0

    init(format: OutputFormat, header: [String], tableColumns: [String]) {
        self.format = format
        self.header = header
        self.tableColumns = tableColumns
        switch format {
        case .csv: out.write(FieldValue.csvRecord(fields: header))
        case .json: out.write("[")
        default: break
        }
    }

    mutating func add(_ values: [FieldValue]) {
        switch format {
        case .csv:
            out.record(FieldValue.csvLine(values))
        case .json, .jsonl:
            let object = FieldValue.jsonObject(header: header, values: values)
            if format == .json {
                out.write((count == 0 ? "\n" : ",\n") + object)
            } else {
                out.line(object)
            }
        case .table:
            tableRows.append(tableColumns.compactMap { column in header.firstIndex(of: column).map { values[$0].plain } })
        }
        count += 1
    }

    func finish() {
        switch format {
        case .json: out.line(count == 0 ? "]" : "\n]")
        case .table:
            out.line(TextTable.render(header: tableColumns.map { $0.uppercased() }, rows: tableRows))
        default: break
        }
        out.flush()
    }
}
