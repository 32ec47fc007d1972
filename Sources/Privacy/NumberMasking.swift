/// Masking of phone numbers: the last digits replaced by `X`, everything else kept.
public enum NumberMasking {
    /// `number` with its last `digits` digits replaced by `X`; separators, the leading `+` and
    /// the length are kept. At least the first three digits (country code and the start of the area
    /// code) stay, so a short number is masked less than asked: `+493012345678`, 5 → `+4930123XXXXX`.
    public static func mask(_ number: String, lastDigits digits: Int) -> String {
        guard digits > 0 else { return number }
        var bytes = Array(number.utf8)
        let total = bytes.reduce(0) { $0 + (isDigit($1) ? 1 : 0) }
        var remaining = min(digits, max(0, total - 3))
        var index = bytes.count - 1
        while remaining > 0, index >= 0 {
            if isDigit(bytes[index]) {
                bytes[index] = UInt8(ascii: "X")
                remaining -= 1
            }
            index -= 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `text` holds at least one digit (an empty column stays empty when masked).
    public static func hasDigits(_ text: String) -> Bool {
        text.utf8.contains(where: isDigit)
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
}
