import ArgumentParser
import Foundation

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

/// A value in a listing: rendered as JSON or CSV.
enum FieldValue {
    case text(String)
    case integer(Int64)
    case seconds(Int64)
    case list([String])
    /// Key–value pairs in order (vendor extras): a JSON object, `k=v|k=v` in CSV.
    case object([(key: String, value: String)])
    case null

    var json: String {
        switch self {
        case let .object(pairs):
            return "{" + pairs.map { JSONText.quoteForCLI($0.key) + ":" + JSONText.quoteForCLI($0.value) }.joined(separator: ",") + "}"
        case let .text(text): return JSONText.quoteForCLI(text)
        case let .integer(value): return String(value)
        case let .seconds(ms): return Self.secondsText(ms)
        case let .list(items): return "[" + items.map(JSONText.quoteForCLI).joined(separator: ",") + "]"
        case .null: return "null"
        }
    }

    var csv: String {
        switch self {
        case let .text(text): return Self.csvQuote(text)
        case let .integer(value): return String(value)
        case let .seconds(ms): return Self.secondsText(ms)
        case let .list(items): return Self.csvQuote(items.joined(separator: "|"))
        case let .object(pairs): return Self.csvQuote(pairs.map { $0.key + "=" + $0.value }.joined(separator: "|"))
        case .null: return ""
        }
    }

    var plain: String {
        switch self {
        case let .text(text): return text
        case .null: return "-"
        default: return csv
        }
    }

    /// Milliseconds as seconds: `12` or `12.345`.
    static func secondsText(_ ms: Int64) -> String {
        let whole = ms / 1000
        let rest = abs(ms % 1000)
        guard rest != 0 else { return String(whole) }
        var fraction = String(rest)
        fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return (ms < 0 && whole == 0 ? "-" : "") + String(whole) + "." + fraction
    }

    static func csvQuote(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

import TollbookCore

extension JSONText {
    /// `quote(_:)`, reachable as a function value.
    static func quoteForCLI(_ text: String) -> String { quote(text) }
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
        case .csv: out.line(header.joined(separator: ","))
        case .json: out.write("[")
        default: break
        }
    }

    mutating func add(_ values: [FieldValue]) {
        switch format {
        case .csv:
            out.line(values.map(\.csv).joined(separator: ","))
        case .json, .jsonl:
            var object = "{"
            for (index, name) in header.enumerated() {
                if index > 0 { object += "," }
                object += "\"" + name + "\":" + values[index].json
            }
            object += "}"
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
