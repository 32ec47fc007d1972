/// Strict decimal integers for attribute and key values.
enum Numbers {
    /// The value of an optional '-' followed by 1 to 18 ASCII digits, or nil.
    static func integer(_ bytes: [UInt8]) -> Int64? {
        var digits = bytes[...]
        var negative = false
        if digits.first == UInt8(ascii: "-") { negative = true; digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.count <= 18 else { return nil }
        var value: Int64 = 0
        for d in digits {
            guard d >= 0x30 && d <= 0x39 else { return nil }
            value = value * 10 + Int64(d - 0x30)
        }
        return negative ? -value : value
    }

    /// Decimal text of `value`.
    static func text(_ value: Int64) -> [UInt8] { Array(String(value).utf8) }
}
