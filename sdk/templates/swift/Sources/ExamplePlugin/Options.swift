/// The validated options of one parser (see the schema in `Descriptor.swift`).
///
/// The host passes a JSON object; `tollbook import --set KEY=VALUE` delivers every value as a JSON
/// string. This plugin has a single string option, so a small reader for a flat object of strings
/// does; a plugin with richer options would use a fuller JSON reader (without Foundation).
struct Options {
    /// The `node` option as UTF-8 bytes (empty when not set).
    var node: [UInt8] = []

    /// A refused option: its name and a message that never repeats the value.
    struct Failure: Error {
        /// The option's name; empty when the object itself is unreadable.
        let key: String
        /// What is wrong.
        let message: StaticString
    }

    /// Reads the options object; an empty text counts as `{}`.
    static func parse(_ json: UnsafeRawBufferPointer) -> Result<Options, Failure> {
        let notObject = Failure(key: "", message: "the options are not a JSON object with string values")
        var reader = FlatReader(bytes: json)
        var options = Options()
        if json.isEmpty { return .success(options) }
        guard reader.take(UInt8(ascii: "{")) else { return .failure(notObject) }
        if reader.take(UInt8(ascii: "}")) { return reader.atEnd ? .success(options) : .failure(notObject) }
        while true {
            guard let keyBytes = reader.string(), reader.take(UInt8(ascii: ":")) else { return .failure(notObject) }
            let key = String(decoding: keyBytes, as: UTF8.self)
            guard key == "node" else {
                return .failure(Failure(key: key, message: "unknown option; this plugin knows only \"node\""))
            }
            guard let value = reader.string() else { return .failure(Failure(key: key, message: "must be a string")) }
            guard (1...64).contains(value.count), value.allSatisfy(Options.isNodeByte) else {
                return .failure(Failure(key: key, message: "must be 1 to 64 letters, digits, '.', '-' or '_'"))
            }
            options.node = value
            if reader.take(UInt8(ascii: ",")) { continue }
            guard reader.take(UInt8(ascii: "}")), reader.atEnd else { return .failure(notObject) }
            return .success(options)
        }
    }

    private static func isNodeByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39)
            || b == UInt8(ascii: ".") || b == UInt8(ascii: "-") || b == UInt8(ascii: "_")
    }
}

/// Reads JSON punctuation and strings (with the simple escapes) from a byte buffer.
private struct FlatReader {
    let bytes: UnsafeRawBufferPointer
    var index = 0

    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var atEnd: Bool {
        mutating get { skipSpace(); return index == bytes.count }
    }

    mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    /// Consumes `byte` (after white space) if it is next.
    mutating func take(_ byte: UInt8) -> Bool {
        skipSpace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// A JSON string's decoded bytes, or nil. `\u` escapes are accepted for ASCII only.
    mutating func string() -> [UInt8]? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        var out: [UInt8] = []
        while index < bytes.count {
            let c = bytes[index]
            index += 1
            if c == UInt8(ascii: "\"") { return out }
            if c < 0x20 { return nil }
            guard c == UInt8(ascii: "\\") else { out.append(c); continue }
            guard index < bytes.count else { return nil }
            let e = bytes[index]
            index += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "u"):
                guard index + 4 <= bytes.count,
                      let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16),
                      value < 0x80 else { return nil }
                out.append(UInt8(value))
                index += 4
            default: return nil
            }
        }
        return nil
    }
}
