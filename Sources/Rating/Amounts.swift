/// Exact money arithmetic for tariffs: prices are integers in 1/10,000 of the currency unit
/// ("ten-thousandths"), costs are integers in 1/600,000 of the currency unit so that a price per
/// minute times a number of seconds is exact. Nothing here uses floating point.
public struct ExactAmount: Sendable, Hashable, Comparable {
    /// Units of 1/600,000 of the currency unit (1/10,000 × 1/60).
    public let units: Int64

    /// Units per currency unit (600,000).
    public static let unitsPerCurrencyUnit: Int64 = 600_000

    /// Zero.
    public static let zero = ExactAmount(units: 0)

    /// Creates an amount from raw units of 1/600,000.
    public init(units: Int64) { self.units = units }

    /// An amount of ten-thousandths of the currency unit.
    public init(tenThousandths: Int64) { self.units = tenThousandths * 60 }

    /// Orders by value.
    public static func < (lhs: ExactAmount, rhs: ExactAmount) -> Bool { lhs.units < rhs.units }

    /// The sum of two amounts.
    public static func + (lhs: ExactAmount, rhs: ExactAmount) -> ExactAmount { ExactAmount(units: lhs.units + rhs.units) }

    /// The amount in currency units as decimal text with up to six decimals; `≈` marks a value
    /// that does not terminate (e.g. a third of a cent).
    public func currencyText() -> String {
        // 600,000 units = 1; one millionth = 0.6 units, so scale by 10 and divide by 6.
        let tenths = units * 10
        let (millionths, rest) = (tenths / 6, tenths % 6)
        let text = AmountText.decimal(millionths, scale: 6, minimumDecimals: 2)
        return rest == 0 ? text : "≈" + text
    }
}

/// Decimal text for integers at a fixed scale.
enum AmountText {
    /// `value / 10^scale` as text, trailing zeros trimmed down to `minimumDecimals`.
    static func decimal(_ value: Int64, scale: Int, minimumDecimals: Int) -> String {
        var divisor: Int64 = 1
        for _ in 0..<scale { divisor *= 10 }
        let negative = value < 0
        let magnitude = negative ? -value : value
        let whole = magnitude / divisor
        var fraction = String(magnitude % divisor)
        fraction = String(repeating: "0", count: scale - fraction.count) + fraction
        while fraction.count > minimumDecimals, fraction.hasSuffix("0") { fraction.removeLast() }
        let body = fraction.isEmpty ? String(whole) : String(whole) + "." + fraction
        return negative ? "-" + body : body
    }

    /// Ten-thousandths of the currency as cents text, e.g. 990 → "9.9 ct".
    static func cents(_ tenThousandths: Int64) -> String {
        decimal(tenThousandths, scale: 2, minimumDecimals: 0) + " ct"
    }
}

/// Parsing decimal amounts such as `9.9` or `0.0269` into integers at a fixed scale.
enum DecimalParser {
    /// Outcome of parsing a decimal amount.
    enum Failure: Error, Equatable {
        case notANumber
        case negative
        case tooManyDecimals(allowed: Int)
        case tooLarge
    }

    /// Parses `text` as a non-negative decimal and returns it multiplied by 10^scale.
    static func parse(_ text: String, scale: Int) -> Result<Int64, Failure> {
        if text.hasPrefix("-") { return .failure(.negative) }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let wholePart = parts.first, !wholePart.isEmpty,
              wholePart.allSatisfy({ $0.isASCII && $0.isNumber }) else { return .failure(.notANumber) }
        let fractionPart = parts.count == 2 ? parts[1] : ""
        guard fractionPart.allSatisfy({ $0.isASCII && $0.isNumber }), parts.count == 1 || !fractionPart.isEmpty
        else { return .failure(.notANumber) }
        var fraction = String(fractionPart)
        while fraction.count > scale, fraction.hasSuffix("0") { fraction.removeLast() }
        guard fraction.count <= scale else { return .failure(.tooManyDecimals(allowed: scale)) }
        fraction += String(repeating: "0", count: scale - fraction.count)
        guard wholePart.count <= 6, let whole = Int64(wholePart) else { return .failure(.tooLarge) }
        var multiplier: Int64 = 1
        for _ in 0..<scale { multiplier *= 10 }
        return .success(whole * multiplier + (Int64(fraction) ?? 0))
    }
}
