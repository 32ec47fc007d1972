/// Reading the `Costs` column into integer minor units of the `Currency` column (no floating point).
enum Money {
    /// Outcome of reading the costs.
    enum Reading: Equatable {
        /// The column is empty (or `NULL`): no charge information.
        case absent
        /// The amount in minor units (rounded half up when the text has more fraction digits).
        case minor(Int64)
        /// Not a non-negative decimal number, or too large.
        case invalid
    }

    /// Reads `text` (`12`, `0.12`, `0,1234`) for a currency with `minorDigits` fraction digits.
    static func read(_ text: UnsafeBufferPointer<UInt8>, minorDigits: Int) -> Reading {
        if text.isEmpty { return .absent }
        var units: Int64 = 0, integerDigits = 0, index = 0
        while index < text.count, let d = digit(text[index]) {
            guard integerDigits < 15 else { return .invalid }
            units = units * 10 + d
            integerDigits += 1
            index += 1
        }
        var fraction: Int64 = 0, fractionDigits = 0, roundUp = false
        if index < text.count && (text[index] == UInt8(ascii: ".") || text[index] == UInt8(ascii: ",")) {
            index += 1
            while index < text.count, let d = digit(text[index]) {
                if fractionDigits < minorDigits {
                    fraction = fraction * 10 + d
                } else if fractionDigits == minorDigits {
                    roundUp = d >= 5
                }
                fractionDigits += 1
                index += 1
            }
            guard fractionDigits > 0 else { return .invalid }
        }
        guard index == text.count, integerDigits + fractionDigits > 0 else { return .invalid }
        for _ in 0..<max(0, minorDigits - fractionDigits) { fraction *= 10 }
        var scale: Int64 = 1
        for _ in 0..<minorDigits { scale *= 10 }
        return .minor(units * scale + fraction + (roundUp ? 1 : 0))
    }

    /// Fraction digits of an ISO 4217 currency code (2 unless listed; any case).
    static func minorDigits(_ code: UnsafeBufferPointer<UInt8>) -> Int {
        guard code.count == 3 else { return 2 }
        let upper = code.map { ($0 &- 97) < 26 ? $0 - 32 : $0 }
        if zeroDigit.contains(upper) { return 0 }
        if threeDigits.contains(upper) { return 3 }
        return 2
    }

    /// Currencies without minor units.
    private static let zeroDigit: [[UInt8]] = ["JPY", "KRW", "ISK", "CLP", "VND", "PYG", "UGX", "XOF", "XAF"].map { Array($0.utf8) }
    /// Currencies with three fraction digits.
    private static let threeDigits: [[UInt8]] = ["BHD", "KWD", "OMR", "JOD", "TND", "IQD", "LYD"].map { Array($0.utf8) }

    /// The value of an ASCII digit.
    @inline(__always)
    private static func digit(_ c: UInt8) -> Int64? {
        let d = c &- UInt8(ascii: "0")
        return d < 10 ? Int64(d) : nil
    }
}
