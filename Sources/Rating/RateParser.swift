/// Parses the value of a rate key: `flat` | `free` | `unrated "<reason>"` |
/// `<amount> ct|<CUR>/min|call [<first>/<next>] [setup <amount> ct|<CUR>] [min …] [max …]`.
enum RateParser {
    /// Parses `text`; `currency` is the tariff's ISO code (accepted as unit besides `ct`),
    /// `defaultIncrement` applies to per-minute prices without an explicit scheme.
    static func parse(_ text: String, currency: String, defaultIncrement: BillingIncrement) -> Result<Rate, RateParseError> {
        let trimmed = text.trimmingSpaces()
        if trimmed == "flat" { return .success(.flat) }
        if trimmed == "free" { return .success(.free) }
        if trimmed == "unrated" { return .success(.unrated(reason: "not priced by the tariff")) }
        if trimmed.hasPrefix("unrated ") {
            var reason = trimmed.dropFirst("unrated ".count).trimmingSpaces()
            if reason.count >= 2, reason.hasPrefix("\""), reason.hasSuffix("\"") {
                reason = String(reason.dropFirst().dropLast())
            }
            return .success(.unrated(reason: reason))
        }
        let tokens = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard tokens.count >= 2 else { return .failure(.syntax("expected flat, free, unrated \"…\" or \"<amount> ct/min\"")) }
        let unitParts = tokens[1].split(separator: "/", omittingEmptySubsequences: false)
        guard unitParts.count == 2, let per = PriceUnit(rawValue: String(unitParts[1])) else {
            return .failure(.syntax("unit \(tokens[1]) is not ct/min, ct/call, \(currency)/min or \(currency)/call"))
        }
        let price: Int64
        switch amount(String(tokens[0]), unit: String(unitParts[0]), currency: currency) {
        case .success(let value): price = value
        case .failure(let error): return .failure(error)
        }
        var rate = PricedRate(price: price, unit: per, increment: per == .perMinute ? defaultIncrement : nil)
        var index = 2
        if index < tokens.count, tokens[index].contains("/") {
            guard let increment = BillingIncrement.parse(tokens[index]) else {
                return .failure(.badIncrement(String(tokens[index])))
            }
            guard per == .perMinute else { return .failure(.syntax("increments only apply to prices per minute")) }
            rate.increment = increment
            index += 1
        }
        while index < tokens.count {
            let option = tokens[index]
            guard index + 2 < tokens.count else {
                return .failure(.syntax("\(option) needs an amount and a unit, e.g. \(option) 5 ct"))
            }
            let value: Int64
            switch amount(String(tokens[index + 1]), unit: String(tokens[index + 2]), currency: currency) {
            case .success(let parsed): value = parsed
            case .failure(let error): return .failure(error)
            }
            switch option {
            case "setup": rate.setup = value
            case "min": rate.minimum = value
            case "max": rate.maximum = value
            default: return .failure(.syntax("unknown option \(option) (setup, min, max)"))
            }
            index += 3
        }
        if let minimum = rate.minimum, let maximum = rate.maximum, minimum > maximum {
            return .failure(.syntax("min is larger than max"))
        }
        return .success(.priced(rate))
    }

    /// An amount in `ct` (up to 2 decimals of a cent) or in the currency (up to 4 decimals), as ten-thousandths.
    static func amount(_ text: String, unit: String, currency: String) -> Result<Int64, RateParseError> {
        let scale: Int
        let factor: Int64
        if unit == "ct" {
            (scale, factor) = (2, 1)
        } else if unit == currency {
            (scale, factor) = (4, 1)
        } else {
            return .failure(.syntax("unit \(unit) is neither ct nor \(currency)"))
        }
        switch DecimalParser.parse(text, scale: scale) {
        case .success(let value): return .success(value * factor)
        case .failure(.negative): return .failure(.negative(text))
        case .failure(.tooManyDecimals(let allowed)):
            return .failure(.syntax("\(text) \(unit) has more than \(allowed) decimals (internal precision is 1/10,000 \(currency))"))
        case .failure(.tooLarge): return .failure(.syntax("\(text) \(unit) is too large (at most 6 digits before the point)"))
        case .failure: return .failure(.syntax("\(text) is not a decimal amount"))
        }
    }
}

/// Why a rate value could not be read.
enum RateParseError: Error, Equatable {
    /// Malformed text, with an explanation.
    case syntax(String)
    /// A negative amount.
    case negative(String)
    /// An increment scheme that is not `first/next` with both in 1…3600.
    case badIncrement(String)

    /// Text for a problem report.
    var message: String {
        switch self {
        case .syntax(let text): return text
        case .negative(let text): return "negative price \(text)"
        case .badIncrement(let text): return "bad increment \(text): expected first/next seconds, both 1…3600"
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" || first == "\r" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" || last == "\r" { slice.removeLast() }
        return String(slice)
    }
}
