import Foundation

/// How cells are written as text, per language; shared by every renderer so Markdown and PDF agree.
public struct CellFormatter: Sendable {
    /// The language.
    public let language: DocumentLanguage
    /// The time zone of timestamps.
    public let timeZone: TimeZone

    /// How money names its currency.
    public let currencyStyle: CurrencyStyle

    /// A formatter.
    public init(language: DocumentLanguage, timeZone: TimeZone, currencyStyle: CurrencyStyle = .code) {
        self.language = language
        self.timeZone = timeZone
        self.currencyStyle = currencyStyle
    }

    /// A formatter for `document`'s language, time zone and currency style.
    public init(for document: ReportDocument) {
        self.init(language: document.language, timeZone: document.timeZone, currencyStyle: document.currencyStyle)
    }

    /// The cell as text.
    public func text(_ cell: ReportDocument.Cell) -> String {
        switch cell {
        case .empty: return ""
        case let .text(text): return text
        case let .withheld(text): return text
        case let .integer(value): return grouped(value)
        case let .decimal(units, scale): return fixed(units, scale: scale)
        case let .money(minor, currency):
            guard currencyStyle == .symbol, let symbol = CurrencyStyle.symbol(of: currency) else {
                return fixed(minor, scale: 2) + " " + currency
            }
            if language == .de { return fixed(minor, scale: 2) + " " + symbol }
            let amount = fixed(minor, scale: 2)
            return minor < 0 ? "-" + symbol + amount.dropFirst() : symbol + amount
        case let .duration(seconds):
            let sign = seconds < 0 ? "-" : ""
            let total = abs(seconds)
            let (hours, minutes, secs) = (total / 3600, (total % 3600) / 60, total % 60)
            return hours > 0 ? "\(sign)\(hours):\(two(minutes)):\(two(secs))" : "\(sign)\(minutes):\(two(secs))"
        case let .timestamp(ms):
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute],
                                                from: Date(timeIntervalSince1970: Double(ms) / 1000))
            let day = date(parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
            return "\(day) \(two(Int64(parts.hour ?? 0))):\(two(Int64(parts.minute ?? 0)))"
        case let .date(year, month, day): return date(year, month, day)
        case let .percent(hundredths): return fixed(hundredths, scale: 2) + " %"
        }
    }

    private func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : String(value) }

    private func date(_ year: Int, _ month: Int, _ day: Int) -> String {
        let (y, m, d) = (String(year), two(Int64(month)), two(Int64(day)))
        return language == .de ? "\(d).\(m).\(y)" : "\(y)-\(m)-\(d)"
    }

    private var groupSeparator: String { language == .de ? "." : "," }
    private var decimalSeparator: String { language == .de ? "," : "." }

    private func grouped(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += groupSeparator }
            out.append(digit)
        }
        return (value < 0 ? "-" : "") + out
    }

    private func fixed(_ units: Int64, scale: Int) -> String {
        guard scale > 0 else { return grouped(units) }
        var divisor: UInt64 = 1
        for _ in 0..<min(scale, 18) { divisor *= 10 }
        let magnitude = units.magnitude
        let whole = Int64(magnitude / divisor)
        var fraction = String(magnitude % divisor)
        fraction = String(repeating: "0", count: max(0, scale - fraction.count)) + fraction
        return (units < 0 ? "-" : "") + grouped(whole) + decimalSeparator + fraction
    }
}

/// Words the renderers add themselves.
enum RendererWords {
    static func page(_ number: Int, of total: Int, _ language: DocumentLanguage) -> String {
        language == .de ? "Seite \(number) von \(total)" : "Page \(number) of \(total)"
    }
}
