/// A value of the flat JSON option objects this plugin accepts.
enum FlatJSONValue: Equatable {
    /// A JSON string (escapes decoded).
    case string(String)
    /// A JSON number, kept as written (e.g. `"129"`), so no floating point is involved.
    case number(String)
    /// `true` or `false`.
    case bool(Bool)
    /// An array whose elements are all strings.
    case stringArray([String])
    /// `null`.
    case null
}

/// Why a JSON text was not a flat object.
struct FlatJSONError: Error, Equatable {
    /// What is wrong (no input text quoted).
    let message: String
}

/// A tiny parser for one flat JSON object: keys map to strings, numbers, booleans, `null` or arrays
/// of strings. Nested objects are rejected. Used once per parser creation, so clarity wins over
/// speed here.
struct FlatJSONParser {
    private let bytes: [UInt8]
    private var index = 0

    /// Prepares to parse `bytes` (UTF-8).
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Parses the whole text as one object, in key order. Duplicate keys are an error.
    mutating func parseObject() throws(FlatJSONError) -> [(key: String, value: FlatJSONValue)] {
        skipSpace()
        if index >= bytes.count { return [] }  // an empty text counts as "{}"
        try expect(UInt8(ascii: "{"))
        var members: [(key: String, value: FlatJSONValue)] = []
        skipSpace()
        if peek() == UInt8(ascii: "}") {
            index += 1
        } else {
            while true {
                skipSpace()
                let key = try parseString()
                if members.contains(where: { $0.key == key }) {
                    throw FlatJSONError(message: "duplicate option key")
                }
                skipSpace()
                try expect(UInt8(ascii: ":"))
                skipSpace()
                members.append((key, try parseValue()))
                skipSpace()
                if peek() == UInt8(ascii: ",") { index += 1; continue }
                try expect(UInt8(ascii: "}"))
                break
            }
        }
        skipSpace()
        if index != bytes.count { throw FlatJSONError(message: "unexpected text after the options object") }
        return members
    }

    private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipSpace() {
        while let c = peek(), c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { index += 1 }
    }

    private mutating func expect(_ byte: UInt8) throws(FlatJSONError) {
        guard peek() == byte else {
            throw FlatJSONError(message: "options are not a valid flat JSON object (expected '\(Character(Unicode.Scalar(byte)))')")
        }
        index += 1
    }

    private mutating func parseValue() throws(FlatJSONError) -> FlatJSONValue {
        guard let c = peek() else { throw FlatJSONError(message: "options object ends early") }
        switch c {
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "["):
            index += 1
            var items: [String] = []
            skipSpace()
            if peek() == UInt8(ascii: "]") { index += 1; return .stringArray(items) }
            while true {
                skipSpace()
                guard peek() == UInt8(ascii: "\"") else {
                    throw FlatJSONError(message: "arrays may only hold strings")
                }
                items.append(try parseString())
                skipSpace()
                if peek() == UInt8(ascii: ",") { index += 1; continue }
                try expect(UInt8(ascii: "]"))
                return .stringArray(items)
            }
        case UInt8(ascii: "t"):
            try literal("true"); return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false"); return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = index
            index += 1
            while let d = peek(),
                  (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(d) || d == UInt8(ascii: ".")
                    || d == UInt8(ascii: "e") || d == UInt8(ascii: "E") || d == UInt8(ascii: "+")
                    || d == UInt8(ascii: "-") {
                index += 1
            }
            return .number(String(decoding: bytes[start..<index], as: UTF8.self))
        case UInt8(ascii: "{"):
            throw FlatJSONError(message: "nested objects are not supported in options")
        default:
            throw FlatJSONError(message: "options are not a valid flat JSON object")
        }
    }

    private mutating func literal(_ word: StaticString) throws(FlatJSONError) {
        let count = word.utf8CodeUnitCount
        let matches = word.withUTF8Buffer { w in
            index + count <= bytes.count && (0..<count).allSatisfy { bytes[index + $0] == w[$0] }
        }
        guard matches else { throw FlatJSONError(message: "options are not a valid flat JSON object") }
        index += count
    }

    private mutating func parseString() throws(FlatJSONError) -> String {
        try expect(UInt8(ascii: "\""))
        var out: [UInt8] = []
        while true {
            guard let c = peek() else { throw FlatJSONError(message: "unterminated string in options") }
            index += 1
            if c == UInt8(ascii: "\"") { break }
            if c < 0x20 { throw FlatJSONError(message: "control character in an options string") }
            if c != UInt8(ascii: "\\") { out.append(c); continue }
            guard let e = peek() else { throw FlatJSONError(message: "unterminated string in options") }
            index += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    // A surrogate pair: the low half must follow as another \u escape.
                    guard peek() == UInt8(ascii: "\\") else { throw FlatJSONError(message: "bad \\u escape in options") }
                    index += 1
                    try expect(UInt8(ascii: "u"))
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw FlatJSONError(message: "bad \\u escape in options") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let u = Unicode.Scalar(scalar) else { throw FlatJSONError(message: "bad \\u escape in options") }
                out.append(contentsOf: Array(String(Character(u)).utf8))
            default:
                throw FlatJSONError(message: "bad escape in an options string")
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func hex4() throws(FlatJSONError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let h = peek() else { throw FlatJSONError(message: "bad \\u escape in options") }
            index += 1
            let digit: UInt32
            switch h {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(h - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(h - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(h - UInt8(ascii: "A") + 10)
            default: throw FlatJSONError(message: "bad \\u escape in options")
            }
            value = value << 4 | digit
        }
        return value
    }
}
