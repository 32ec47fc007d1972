/// Formats integer minor units as a decimal amount, exactly (no floating point).
public enum MoneyFormat {
    /// Digits after the decimal point of an ISO 4217 currency (2 unless listed).
    public static func minorDigits(_ currency: String) -> Int {
        switch currency {
        case "JPY", "KRW", "ISK", "CLP", "VND", "XAF", "XOF": return 0
        case "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND": return 3
        default: return 2
        }
    }

    /// `1234` EUR → `12.34`; `-5` EUR → `-0.05`; `7` JPY → `7`.
    public static func decimal(minor: Int64, currency: String) -> String {
        let digits = minorDigits(currency)
        guard digits > 0 else { return String(minor) }
        let magnitude = minor.magnitude
        var scale: UInt64 = 1
        for _ in 0..<digits { scale *= 10 }
        let whole = magnitude / scale
        var fraction = String(magnitude % scale)
        fraction = String(repeating: "0", count: digits - fraction.count) + fraction
        return (minor < 0 ? "-" : "") + String(whole) + "." + fraction
    }
}
