/// A raw number after the cheap clean-up every role shares: SIP/tel URIs reduced to their user
/// part, visual separators dropped, masks unified to `X`, withheld markers recognised.
enum DialToken: Equatable {
    /// Empty or an anonymous/withheld marker.
    case withheld
    /// Digits and masks (`X`), with or without a leading `+` (not included in `digits`).
    case number(digits: [UInt8], plus: Bool, masked: Bool)
    /// A feature code starting with `*` or `#`, as written (separators removed).
    case featureCode(String)
    /// A letter-led alphanumeric identifier such as `b00105401001`.
    case identifier(String)
    /// Anything else.
    case invalid

    static let mask = UInt8(ascii: "X")

    /// Parses `raw`; works on UTF-8 bytes, no regex, no Foundation.
    init(parsing raw: String) {
        // The common case, plain digits with or without `+`, without copying twice.
        if let plain = Self.plainDigits(raw) {
            self = plain
            return
        }
        var bytes = Array(raw.utf8)
        // Display name and angle brackets: `"Anna" <sip:201@pbx>`.
        if let open = bytes.firstIndex(of: UInt8(ascii: "<")) {
            let close = bytes[open...].firstIndex(of: UInt8(ascii: ">")) ?? bytes.endIndex
            bytes = Array(bytes[(open + 1)..<close])
        }
        bytes = Self.trimmed(bytes)
        var hadScheme = false
        for scheme in Self.schemes where Self.hasCaseInsensitivePrefix(bytes, scheme) {
            bytes.removeFirst(scheme.count)
            hadScheme = true
            break
        }
        // The user part of a URI (`2001@host`, `+4930…;user=phone`).
        if let cut = bytes.firstIndex(where: { $0 == UInt8(ascii: "@") || (hadScheme && $0 == UInt8(ascii: ";")) }) {
            bytes.removeSubrange(cut...)
        }
        bytes.removeAll(where: Self.isSeparator)
        guard !bytes.isEmpty else { self = .withheld; return }
        if Self.withheldMarkers.contains(where: { $0.count == bytes.count && Self.hasCaseInsensitivePrefix(bytes, $0) }) {
            self = .withheld
            return
        }
        let first = bytes[0]
        if first == UInt8(ascii: "*") || first == UInt8(ascii: "#") {
            self = .featureCode(String(decoding: bytes, as: UTF8.self))
            return
        }
        if Self.isLetter(first) && !Self.isMask(first) {
            self = bytes.allSatisfy { Self.isLetter($0) || Self.isDigit($0) }
                ? .identifier(String(decoding: bytes, as: UTF8.self)) : .invalid
            return
        }
        let plus = first == UInt8(ascii: "+")
        var digits = plus ? Array(bytes.dropFirst()) : bytes
        // `#` ends dialling on many phones: `0301234567#`.
        if digits.last == UInt8(ascii: "#") { digits.removeLast() }
        var masked = false
        for index in digits.indices {
            let byte = digits[index]
            if Self.isDigit(byte) { continue }
            guard Self.isMask(byte) else { self = .invalid; return }
            digits[index] = Self.mask
            masked = true
        }
        guard !digits.isEmpty else { self = .invalid; return }
        self = .number(digits: digits, plus: plus, masked: masked)
    }

    /// `.number` for UTF-8 bytes that are ASCII digits with an optional leading `+`, its digits
    /// copied into `scratch` (emptied first, its memory reused); `nil` for anything else.
    init?(plainDigits raw: UnsafeRawBufferPointer, into scratch: inout [UInt8]) {
        guard !raw.isEmpty else { return nil }
        let plus = raw[0] == UInt8(ascii: "+")
        let start = plus ? 1 : 0
        guard start < raw.count else { return nil }
        for index in start..<raw.count where !Self.isDigit(raw[index]) { return nil }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[start...]))
        self = .number(digits: scratch, plus: plus, masked: false)
    }

    /// `.number` for a string of ASCII digits with an optional leading `+`; `nil` for anything else.
    private static func plainDigits(_ raw: String) -> DialToken? {
        var raw = raw
        return raw.withUTF8 { bytes -> DialToken? in
            guard !bytes.isEmpty else { return nil }
            let plus = bytes[0] == UInt8(ascii: "+")
            let start = plus ? 1 : 0
            guard start < bytes.count else { return nil }
            for index in start..<bytes.count where !isDigit(bytes[index]) { return nil }
            return .number(digits: Array(bytes[start...]), plus: plus, masked: false)
        }
    }

    private static let schemes: [[UInt8]] = [Array("sips:".utf8), Array("sip:".utf8), Array("tel:".utf8)]
    private static let withheldMarkers: [[UInt8]] = ["anonymous", "withheld", "restricted", "private", "unknown",
                                                     "unavailable"].map { Array($0.utf8) }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    private static func isMask(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "X") || byte == UInt8(ascii: "x") || byte == UInt8(ascii: "?")
    }
    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }
    private static func isSeparator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"), UInt8(ascii: "-"),
             UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\""):
            return true
        default:
            return false
        }
    }
    private static func trimmed(_ bytes: [UInt8]) -> [UInt8] {
        guard let start = bytes.firstIndex(where: { !isSeparator($0) }),
              let end = bytes.lastIndex(where: { !isSeparator($0) }) else { return [] }
        return Array(bytes[start...end])
    }
    /// Whether `bytes` starts with the lower-case ASCII `prefix`, ignoring case.
    private static func hasCaseInsensitivePrefix(_ bytes: [UInt8], _ prefix: [UInt8]) -> Bool {
        guard bytes.count >= prefix.count else { return false }
        for index in prefix.indices where (bytes[index] | 0x20) != prefix[index] && bytes[index] != prefix[index] {
            return false
        }
        return true
    }
}
