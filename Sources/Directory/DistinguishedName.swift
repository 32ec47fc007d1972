/// A distinguished name split into its RDNs (RFC 4514), leftmost (the entry itself) first.
/// Escapes (`\,`, `\2C`, `\\`) are resolved, quoted values and spaces around separators accepted.
struct DistinguishedName: Equatable {
    /// One `type=value` pair of an RDN.
    struct Component: Equatable {
        var type: String
        var value: String
    }

    /// The RDNs, leftmost first; each has one component, or several for multi-valued RDNs (`+`).
    var rdns: [[Component]]

    /// The values of the `OU` components, outermost first.
    var organisationalUnits: [String] {
        rdns.reversed().compactMap { rdn in rdn.first { $0.type.lowercased() == "ou" }?.value }
    }

    /// The value of the first component of the leftmost RDN (e.g. the `CN`).
    var leafValue: String? { rdns.first?.first?.value }

    /// Parses `text`; `nil` when it is not a valid DN.
    init?(_ text: String) {
        var parser = Parser(bytes: Array(text.utf8))
        guard let rdns = parser.parse() else { return nil }
        self.rdns = rdns
    }
}

extension DistinguishedName {
    /// A byte-level parser; values are decoded as UTF-8 after escapes are resolved.
    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        mutating func parse() -> [[Component]]? {
            var rdns: [[Component]] = []
            var current: [Component] = []
            skipSpaces()
            if index == bytes.count { return [] }
            while true {
                guard let type = readType(), let value = readValue() else { return nil }
                current.append(Component(type: type, value: value))
                guard index < bytes.count else {
                    rdns.append(current)
                    return rdns
                }
                let separator = bytes[index]
                index += 1
                if separator != UInt8(ascii: "+") {
                    rdns.append(current)
                    current = []
                }
                skipSpaces()
            }
        }

        private mutating func skipSpaces() {
            while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
        }

        private mutating func readType() -> String? {
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "=") { index += 1 }
            guard index < bytes.count else { return nil }
            let type = String(decoding: bytes[start..<index], as: UTF8.self).trimmingSpaces()
            index += 1
            skipSpaces()
            guard !type.isEmpty, type.utf8.allSatisfy(Self.isTypeByte) else { return nil }
            return type
        }

        private static func isTypeByte(_ byte: UInt8) -> Bool {
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
        }

        /// Reads up to an unescaped `,`, `;` or `+` (or the end), leaving `index` on the separator.
        private mutating func readValue() -> String? {
            var value: [UInt8] = []
            var keptLength = 0  // length without unescaped trailing spaces
            var quoted = false
            var closed = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
                quoted = true
                index += 1
            }
            while index < bytes.count {
                let byte = bytes[index]
                if quoted, byte == UInt8(ascii: "\"") {
                    quoted = false
                    closed = true
                    index += 1
                    skipSpaces()
                    keptLength = value.count
                    break
                }
                if !quoted, byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "+") { break }
                if byte == UInt8(ascii: "\\") {
                    guard let escaped = readEscape() else { return nil }
                    value.append(escaped)
                    keptLength = value.count
                    continue
                }
                value.append(byte)
                if byte != UInt8(ascii: " ") || quoted { keptLength = value.count }
                index += 1
            }
            if quoted { return nil }  // no closing quote
            if closed, index < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "+")].contains(bytes[index]) {
                return nil
            }
            return String(decoding: value[..<keptLength], as: UTF8.self)
        }

        /// `\` followed by two hex digits (one byte) or by the character itself.
        private mutating func readEscape() -> UInt8? {
            index += 1
            guard index < bytes.count else { return nil }
            if index + 1 < bytes.count, let high = Self.hex(bytes[index]), let low = Self.hex(bytes[index + 1]) {
                index += 2
                return high << 4 | low
            }
            let byte = bytes[index]
            index += 1
            return byte
        }

        private static func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 0x30...0x39: return byte - 0x30
            case 0x41...0x46: return byte - 0x41 + 10
            case 0x61...0x66: return byte - 0x61 + 10
            default: return nil
            }
        }
    }
}

extension String {
    /// The string without leading and trailing spaces (U+0020 only, as in DNs).
    fileprivate func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while scalars.first == " " { scalars.removeFirst() }
        while scalars.last == " " { scalars.removeLast() }
        return String(scalars)
    }
}
