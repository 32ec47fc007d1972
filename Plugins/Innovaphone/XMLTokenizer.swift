/// Why a text is not an element of the XML subset. The message never quotes the input.
struct XMLError: Error {
    /// What is wrong.
    let message: StaticString
}

/// A strict parser for the XML subset of innovaphone CDRs: elements, attributes with single or
/// double quoted values, the five predefined entity references and numeric character references,
/// self-closing tags and white space between elements. Anything else (text, comments, CDATA,
/// processing instructions, DOCTYPE) is rejected with a reason.
struct XMLTokenizer {
    /// Deepest element nesting accepted (a `<cdr>` needs 4: cdr, event, to, and one spare).
    static let maxDepth = 8

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    /// Prepares to parse `bytes`.
    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Parses exactly one element spanning all of `bytes` (leading and trailing white space allowed).
    mutating func parseDocument() throws(XMLError) -> XMLElement {
        skipSpace()
        let element = try parseElement(depth: 0)
        skipSpace()
        guard index == bytes.count else { throw XMLError(message: "text after the end of the element") }
        return element
    }

    private func peek(_ offset: Int = 0) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

    private static func isNameStart(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || c == UInt8(ascii: "_")
    }

    private static func isNameChar(_ c: UInt8) -> Bool {
        isNameStart(c) || (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") || c == UInt8(ascii: ":")
    }

    private mutating func skipSpace() {
        while let c = peek(), XMLTokenizer.isSpace(c) { index += 1 }
    }

    private mutating func parseName() throws(XMLError) -> [UInt8] {
        guard let c = peek(), XMLTokenizer.isNameStart(c) else { throw XMLError(message: "invalid tag or attribute name") }
        let start = index
        while let d = peek(), XMLTokenizer.isNameChar(d) { index += 1 }
        guard index - start <= 64 else { throw XMLError(message: "tag or attribute name too long") }
        return Array(bytes[start..<index])
    }

    private mutating func parseElement(depth: Int) throws(XMLError) -> XMLElement {
        guard depth < XMLTokenizer.maxDepth else { throw XMLError(message: "elements nested too deeply") }
        guard peek() == UInt8(ascii: "<") else { throw XMLError(message: "text where an element was expected") }
        index += 1
        if let c = peek(), c == UInt8(ascii: "!") || c == UInt8(ascii: "?") {
            throw XMLError(message: "comments, CDATA and processing instructions are not supported")
        }
        var element = XMLElement(name: try parseName(), attributes: [], children: [])
        while true {
            let hadSpace = peek().map(XMLTokenizer.isSpace) ?? false
            skipSpace()
            guard let c = peek() else { throw XMLError(message: "element not closed") }
            if c == UInt8(ascii: "/") {
                guard peek(1) == UInt8(ascii: ">") else { throw XMLError(message: "'/' not followed by '>' in a tag") }
                index += 2
                return element
            }
            if c == UInt8(ascii: ">") { index += 1; break }
            guard hadSpace else { throw XMLError(message: "attributes must be separated by white space") }
            let name = try parseName()
            if element.attributes.contains(where: { $0.name == name }) {
                throw XMLError(message: "duplicate attribute")
            }
            skipSpace()
            guard peek() == UInt8(ascii: "=") else { throw XMLError(message: "attribute without a value") }
            index += 1
            skipSpace()
            element.attributes.append((name, try parseValue()))
        }
        // Content: child elements and white space, then the matching end tag.
        while true {
            skipSpace()
            guard peek() != nil else { throw XMLError(message: "element not closed") }
            guard peek() == UInt8(ascii: "<") else { throw XMLError(message: "text content is not supported") }
            if peek(1) == UInt8(ascii: "/") {
                index += 2
                let name = try parseName()
                guard name == element.name else { throw XMLError(message: "end tag does not match the start tag") }
                skipSpace()
                guard peek() == UInt8(ascii: ">") else { throw XMLError(message: "end tag not closed") }
                index += 1
                return element
            }
            element.children.append(try parseElement(depth: depth + 1))
        }
    }

    private mutating func parseValue() throws(XMLError) -> [UInt8] {
        guard let quote = peek(), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
            throw XMLError(message: "attribute value not quoted")
        }
        index += 1
        var out: [UInt8] = []
        while true {
            guard let c = peek() else { throw XMLError(message: "attribute value not closed") }
            index += 1
            if c == quote { return out }
            if c == UInt8(ascii: "<") { throw XMLError(message: "'<' inside an attribute value") }
            if c < 0x20 && !XMLTokenizer.isSpace(c) { throw XMLError(message: "control character in an attribute value") }
            if c != UInt8(ascii: "&") { out.append(c); continue }
            try appendReference(&out)
        }
    }

    /// Decodes the entity or character reference after a '&'.
    private mutating func appendReference(_ out: inout [UInt8]) throws(XMLError) {
        let start = index
        while let c = peek(), c != UInt8(ascii: ";") {
            index += 1
            guard index - start <= 10 else { throw XMLError(message: "unknown entity reference") }
        }
        guard peek() == UInt8(ascii: ";") else { throw XMLError(message: "unterminated entity reference") }
        let body = Array(bytes[start..<index])
        index += 1
        switch body {
        case Array("amp".utf8): out.append(UInt8(ascii: "&"))
        case Array("lt".utf8): out.append(UInt8(ascii: "<"))
        case Array("gt".utf8): out.append(UInt8(ascii: ">"))
        case Array("quot".utf8): out.append(UInt8(ascii: "\""))
        case Array("apos".utf8): out.append(UInt8(ascii: "'"))
        default:
            guard body.count >= 2, body[0] == UInt8(ascii: "#") else { throw XMLError(message: "unknown entity reference") }
            var value: UInt32 = 0
            let hex = body[1] == UInt8(ascii: "x")
            let digits = body[(hex ? 2 : 1)...]
            guard !digits.isEmpty else { throw XMLError(message: "empty character reference") }
            for d in digits {
                let digit: UInt32
                switch d {
                case 0x30...0x39: digit = UInt32(d - 0x30)
                case 0x61...0x66 where hex: digit = UInt32(d - 0x61 + 10)
                case 0x41...0x46 where hex: digit = UInt32(d - 0x41 + 10)
                default: throw XMLError(message: "invalid character reference")
                }
                value = value * (hex ? 16 : 10) + digit
                guard value <= 0x10FFFF else { throw XMLError(message: "character reference out of range") }
            }
            guard value != 0, let scalar = Unicode.Scalar(value) else { throw XMLError(message: "character reference out of range") }
            out.append(contentsOf: Array(String(Character(scalar)).utf8))
        }
    }
}
