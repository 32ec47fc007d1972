import Foundation
import TollbookCore

/// A value in a listing, rendered as JSON, CSV or plain text: the reference rendering of every
/// listing (calls, rejects, reports). The fast call writer (``CallListingWriter``) produces the
/// same bytes without building these values.
public enum FieldValue {
    /// Text: a JSON string, CSV quoted when needed.
    case text(String)
    /// An integer.
    case integer(Int64)
    /// Milliseconds printed as seconds (`12` or `12.345`).
    case seconds(Int64)
    /// A list of names: a JSON array, `a|b` in CSV.
    case list([String])
    /// Key–value pairs in order (vendor extras): a JSON object, `k=v|k=v` in CSV.
    case object([(key: String, value: String)])
    /// No value: `null` in JSON, empty in CSV, `-` in tables.
    case null
    /// A truth value: `true`/`false` in JSON and CSV.
    case boolean(Bool)

    /// The JSON text of the value.
    public var json: String {
        switch self {
        case let .object(pairs):
            return "{" + pairs.map { JSONText.quote($0.key) + ":" + JSONText.quote($0.value) }.joined(separator: ",") + "}"
        case let .text(text): return JSONText.quote(text)
        case let .integer(value): return String(value)
        case let .seconds(ms): return Self.secondsText(ms)
        case let .list(items): return "[" + items.map { JSONText.quote($0) }.joined(separator: ",") + "]"
        case .null: return "null"
        case let .boolean(value): return value ? "true" : "false"
        }
    }

    /// The CSV field of the value.
    public var csv: String {
        switch self {
        case let .text(text): return Self.csvQuote(text)
        case let .integer(value): return String(value)
        case let .seconds(ms): return Self.secondsText(ms)
        case let .list(items): return Self.csvQuote(items.joined(separator: "|"))
        case let .object(pairs): return Self.csvQuote(pairs.map { $0.key + "=" + $0.value }.joined(separator: "|"))
        case .null: return ""
        case let .boolean(value): return value ? "true" : "false"
        }
    }

    /// The value in a text table.
    public var plain: String {
        switch self {
        case let .text(text): return text
        case .null: return "-"
        default: return csv
        }
    }

    /// Milliseconds as seconds: `12` or `12.345`.
    public static func secondsText(_ ms: Int64) -> String {
        let whole = ms / 1000
        let rest = abs(ms % 1000)
        guard rest != 0 else { return String(whole) }
        var fraction = String(rest)
        fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return (ms < 0 && whole == 0 ? "-" : "") + String(whole) + "." + fraction
    }

    /// `text` as a CSV field (RFC 4180): quoted, quotes doubled, when it holds a comma, a quote, a
    /// carriage return or a line feed (checked per Unicode scalar, so a CR LF pair and a comma
    /// followed by a combining mark are found too).
    public static func csvQuote(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The line break ending every CSV record (RFC 4180): CR LF.
    public static let csvLineBreak = "\r\n"

    /// One CSV record of `values`: the fields, then CR LF (RFC 4180).
    public static func csvRecord(_ values: [FieldValue]) -> String {
        csvLine(values) + csvLineBreak
    }

    /// One CSV record of text fields (a header, or fields rendered already as text): each quoted
    /// when needed, then CR LF (RFC 4180).
    public static func csvRecord(fields: [String]) -> String {
        fields.map(csvQuote).joined(separator: ",") + csvLineBreak
    }

    /// One JSON object of `values` named by `header`, in order (as `--format json|jsonl` prints a row).
    public static func jsonObject(header: [String], values: [FieldValue]) -> String {
        var object = "{"
        for (index, name) in header.enumerated() {
            if index > 0 { object += "," }
            object += "\"" + name + "\":" + values[index].json
        }
        return object + "}"
    }

    /// One CSV line of `values` (without the line break).
    public static func csvLine(_ values: [FieldValue]) -> String {
        values.map(\.csv).joined(separator: ",")
    }
}
