/// Text in WinAnsiEncoding (Windows code page 1252), the encoding of the base-14 PDF fonts:
/// ASCII, Latin-1 (ä ö ü Ä Ö Ü ß é …) and the typographic characters of 0x80–0x9F (€ – — „ " " ' ' • …).
/// Anything else (Greek, Cyrillic, CJK, emoji) is written as `?` — a documented limit of base-14 fonts.
enum WinAnsi {
    private static let specials: [UInt32: UInt8] = [
        0x20AC: 0x80, 0x201A: 0x82, 0x0192: 0x83, 0x201E: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87,
        0x02C6: 0x88, 0x2030: 0x89, 0x0160: 0x8A, 0x2039: 0x8B, 0x0152: 0x8C, 0x017D: 0x8E, 0x2018: 0x91,
        0x2019: 0x92, 0x201C: 0x93, 0x201D: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97, 0x02DC: 0x98,
        0x2122: 0x99, 0x0161: 0x9A, 0x203A: 0x9B, 0x0153: 0x9C, 0x017E: 0x9E, 0x0178: 0x9F,
    ]

    /// `text` as a NUL-terminated C string in code page 1252 (unmappable characters and control characters become `?`).
    static func cString(_ text: String) -> [CChar] {
        var bytes: [CChar] = []
        bytes.reserveCapacity(text.unicodeScalars.count + 1)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let byte: UInt8
            if value == 0x09 {
                byte = 0x20
            } else if (0x20..<0x7F).contains(value) || (0xA0...0xFF).contains(value) {
                byte = UInt8(value)
            } else if let special = specials[value] {
                byte = special
            } else {
                byte = 0x3F
            }
            bytes.append(CChar(bitPattern: byte))
        }
        bytes.append(0)
        return bytes
    }
}
