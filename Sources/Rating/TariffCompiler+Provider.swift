import Foundation

/// The `[provider]` settings with their defaults.
struct ProviderSettings {
    var id = ""
    var name: String?
    var currency = "EUR"
    var minorUnitDigits = 2
    var prices = "net"
    var timeZone = TimeZone(identifier: "Europe/Berlin") ?? TimeZone(secondsFromGMT: 3600) ?? .current
    var holidays = HolidayCalendar()
    var bandSplit = BandSplit.increment
    var precision: Int64 = 100
    var roundingMode = RoundingMode.halfUp
    var increment = BillingIncrement(first: 60, next: 1)
    var accessCodes: [String] = []
    var unanswered = UnansweredPolicy.notBillable

    /// Currencies whose minor unit is not 1/100.
    static let minorDigits: [String: Int] = ["JPY": 0, "KRW": 0, "ISK": 0, "BHD": 3, "KWD": 3, "OMR": 3, "JOD": 3, "TND": 3]
}

extension TariffCompiler {
    /// Keys allowed in `[provider]`.
    static let providerKeys: Set<String> = [
        "id", "name", "currency", "prices", "vat_percent", "timezone", "holidays", "band_split", "rounding",
        "precision", "rounding_mode", "increments", "access_codes", "unanswered",
    ]

    mutating func readProvider(_ section: IniDocument.Section) -> ProviderSettings {
        var settings = ProviderSettings()
        let entries = Dictionary(section.entries.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        for entry in section.entries where !Self.providerKeys.contains(entry.key) {
            error(entry.line, entry.key, "unknown key in [provider]")
        }
        if let entry = entries["id"] {
            if entry.value.isEmpty || !entry.value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) {
                error(entry.line, "id", "provider id must be letters, digits, _ or -")
            }
            settings.id = entry.value
        } else {
            error(section.line, "id", "missing provider id")
        }
        settings.name = entries["name"]?.value
        if let entry = entries["currency"] {
            if entry.value.count == 3, entry.value.allSatisfy({ $0.isASCII && $0.isUppercase }) {
                settings.currency = entry.value
                settings.minorUnitDigits = ProviderSettings.minorDigits[entry.value] ?? 2
                var minorUnit: Int64 = 10_000
                for _ in 0..<settings.minorUnitDigits { minorUnit /= 10 }
                settings.precision = minorUnit  // default precision: the minor unit
            } else {
                error(entry.line, "currency", "expected an ISO 4217 code such as EUR")
            }
        }
        if let entry = entries["prices"] {
            if entry.value == "net" || entry.value == "gross" { settings.prices = entry.value } else {
                error(entry.line, "prices", "expected net or gross")
            }
        }
        if let entry = entries["vat_percent"], case .failure = DecimalParser.parse(entry.value, scale: 2) {
            error(entry.line, "vat_percent", "expected a non-negative percentage such as 19")
        }
        if let entry = entries["timezone"] {
            if let zone = TimeZone(identifier: entry.value) { settings.timeZone = zone } else {
                error(entry.line, "timezone", "unknown time zone \(entry.value)")
            }
        }
        if let entry = entries["holidays"] {
            for item in Self.list(entry.value) where !settings.holidays.add(item: item) {
                error(entry.line, "holidays", "\(item) is neither a calendar (DE), MM-DD nor YYYY-MM-DD")
            }
        }
        if let entry = entries["band_split"] {
            if let split = BandSplit(rawValue: entry.value) { settings.bandSplit = split } else {
                error(entry.line, "band_split", "expected increment or start")
            }
        }
        if let entry = entries["rounding"], entry.value != "per_call" {
            error(entry.line, "rounding", "expected per_call (the exact cost is rounded once per call)")
        }
        if let entry = entries["rounding_mode"] {
            if let mode = RoundingMode(rawValue: entry.value) { settings.roundingMode = mode } else {
                error(entry.line, "rounding_mode", "expected half_up, half_even, up or down")
            }
        }
        if let entry = entries["precision"] { readPrecision(entry, into: &settings) }
        if let entry = entries["increments"] {
            if let increment = BillingIncrement.parse(Substring(entry.value)) { settings.increment = increment } else {
                error(entry.line, "increments", "bad increment \(entry.value): expected first/next seconds, both 1…3600")
            }
        }
        if let entry = entries["access_codes"] {
            settings.accessCodes = Self.list(entry.value)
            for code in settings.accessCodes where code.isEmpty || !code.allSatisfy({ $0.isASCII && $0.isNumber }) {
                error(entry.line, "access_codes", "access code \(code) must be digits")
            }
        }
        if let entry = entries["unanswered"] {
            if let policy = UnansweredPolicy(rawValue: entry.value) { settings.unanswered = policy } else {
                error(entry.line, "unanswered", "expected not_billable or setup_fee")
            }
        }
        return settings
    }

    private mutating func readPrecision(_ entry: IniDocument.Entry, into settings: inout ProviderSettings) {
        var minorUnit: Int64 = 10_000
        for _ in 0..<settings.minorUnitDigits { minorUnit /= 10 }
        switch DecimalParser.parse(entry.value, scale: 4) {
        case .success(let value) where value > 0 && value % max(minorUnit, 1) == 0:
            settings.precision = value
        default:
            error(entry.line, "precision", "expected a positive multiple of the minor unit, such as 0.01")
        }
    }

    /// Splits a comma-separated list, trimming spaces and dropping empty items.
    static func list(_ value: String) -> [String] {
        value.split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
    }
}
