import Foundation
import Yams

/// Reads a site's `alarms:` section into ``AlarmSettings``; every error names file, line and key.
struct AlarmSectionReader {
    let reader: YAMLReader
    /// Folder of the configuration file (a relative secret file starts there).
    var base = ""

    private static let keys: Set<String> = [
        "enabled", "business_hours", "business_days", "after_hours_categories", "high_risk_prefixes",
        "high_risk_countries", "max_call_seconds", "max_call_cost", "max_concurrent_international",
        "spike_baseline_days", "spike_min_baseline_days", "spike_sigma", "spike_min_cost", "spike_min_calls",
        "unknown_extensions", "webhook", "mail",
    ]
    private static let categories: Set<String> = [
        "internal", "local", "national", "mobile", "international", "special", "emergency", "premium", "unknown",
    ]
    private static let days = ["mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7]

    func settings(_ node: Node, key: String) throws -> AlarmSettings {
        let fields = try reader.mapping(node, key: key, allowed: Self.keys)
        var settings = AlarmSettings()
        settings.line = reader.line(node)
        if let value = fields["enabled"] { settings.enabled = try reader.boolean(value, key: "\(key).enabled") }
        if let value = fields["business_hours"] {
            let text = try reader.string(value, key: "\(key).business_hours")
            let parts = text.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let start = Self.minute(parts[0]), let end = Self.minute(parts[1]), start < end else {
                throw reader.fail(value, "\(key).business_hours", "write business hours as HH:MM-HH:MM, e.g. 08:00-18:00")
            }
            settings.businessStartMinute = start
            settings.businessEndMinute = end
        }
        if let value = fields["business_days"] {
            let names = try reader.strings(value, key: "\(key).business_days")
            settings.businessDays = Set(try names.enumerated().map { index, name in
                guard let day = Self.days[name.lowercased()] else {
                    throw reader.fail(value, "\(key).business_days[\(index)]", "unknown day '\(name)' (use mon, tue, … sun)")
                }
                return day
            })
        }
        if let value = fields["after_hours_categories"] {
            settings.afterHoursCategories = try reader.strings(value, key: "\(key).after_hours_categories")
            for (index, category) in settings.afterHoursCategories.enumerated() where !Self.categories.contains(category) {
                throw reader.fail(value, "\(key).after_hours_categories[\(index)]",
                                  "unknown number category '\(category)' (use \(Self.categories.sorted().joined(separator: ", ")))")
            }
        }
        if let value = fields["high_risk_prefixes"] {
            settings.highRiskPrefixes = try reader.strings(value, key: "\(key).high_risk_prefixes")
            for (index, prefix) in settings.highRiskPrefixes.enumerated()
            where !(prefix.hasPrefix("+") && prefix.count > 1 && prefix.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber })) {
                throw reader.fail(value, "\(key).high_risk_prefixes[\(index)]", "must be an E.164 prefix such as +1876")
            }
        }
        if let value = fields["high_risk_countries"] {
            settings.highRiskCountries = try reader.strings(value, key: "\(key).high_risk_countries")
            for (index, code) in settings.highRiskCountries.enumerated()
            where code.isEmpty || code.count > 3 || !code.allSatisfy({ $0.isASCII && $0.isNumber }) {
                throw reader.fail(value, "\(key).high_risk_countries[\(index)]", "must be a country calling code (1–3 digits), e.g. \"882\"")
            }
        }
        if let value = fields["max_call_seconds"] {
            settings.maxCallSeconds = try reader.integer(value, key: "\(key).max_call_seconds", in: 1...864_000)
        }
        if let value = fields["max_call_cost"] { settings.maxCallCostMinor = try money(value, key: "\(key).max_call_cost") }
        if let value = fields["max_concurrent_international"] {
            settings.maxConcurrentInternational = try reader.integer(value, key: "\(key).max_concurrent_international", in: 0...100_000)
        }
        if let value = fields["spike_baseline_days"] {
            settings.spikeBaselineDays = try reader.integer(value, key: "\(key).spike_baseline_days", in: 1...366)
        }
        if let value = fields["spike_min_baseline_days"] {
            settings.spikeMinimumBaselineDays = try reader.integer(value, key: "\(key).spike_min_baseline_days", in: 1...366)
        }
        guard settings.spikeMinimumBaselineDays <= settings.spikeBaselineDays else {
            throw reader.fail(fields["spike_min_baseline_days"] ?? node, "\(key).spike_min_baseline_days",
                              "must not exceed spike_baseline_days (\(settings.spikeBaselineDays))")
        }
        if let value = fields["spike_sigma"] {
            let text = try reader.string(value, key: "\(key).spike_sigma")
            guard let sigma = Double(text), sigma.isFinite, sigma >= 0, sigma <= 100 else {
                throw reader.fail(value, "\(key).spike_sigma", "must be a number from 0 to 100, e.g. 3 or 2.5")
            }
            settings.spikeSigma = sigma
        }
        if let value = fields["spike_min_cost"] { settings.spikeMinimumCostMinor = try money(value, key: "\(key).spike_min_cost") }
        if let value = fields["spike_min_calls"] {
            settings.spikeMinimumCalls = try reader.integer(value, key: "\(key).spike_min_calls", in: 0...10_000_000)
        }
        if let value = fields["unknown_extensions"] {
            settings.unknownExtensions = try reader.boolean(value, key: "\(key).unknown_extensions")
        }
        if let value = fields["webhook"] { settings.webhook = try webhook(value, key: "\(key).webhook") }
        if let value = fields["mail"] { settings.mail = try mail(value, key: "\(key).mail") }
        return settings
    }

    private func mail(_ node: Node, key: String) throws -> AlarmMailSettings {
        let fields = try reader.mapping(node, key: key, allowed: ["recipients", "max_attempts", "retry_initial_seconds", "retry_max_seconds"])
        guard let list = fields["recipients"] else { throw reader.fail(node, "\(key).recipients", "missing: name at least one address") }
        var recipients: [String] = []
        for (index, item) in try reader.sequence(list, key: "\(key).recipients").enumerated() {
            let address = try reader.string(item, key: "\(key).recipients[\(index)]")
            let parts = address.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
                  !address.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," }) else {
                throw reader.fail(item, "\(key).recipients[\(index)]", "must be one e-mail address (name@example.com)")
            }
            recipients.append(address)
        }
        guard !recipients.isEmpty else { throw reader.fail(list, "\(key).recipients", "must name at least one address") }
        var settings = AlarmMailSettings(recipients: recipients)
        if let value = fields["max_attempts"] { settings.maxAttempts = try reader.integer(value, key: "\(key).max_attempts", in: 1...100) }
        if let value = fields["retry_initial_seconds"] {
            settings.retryInitialSeconds = try reader.integer(value, key: "\(key).retry_initial_seconds", in: 1...86_400)
        }
        if let value = fields["retry_max_seconds"] {
            settings.retryMaxSeconds = try reader.integer(value, key: "\(key).retry_max_seconds", in: 1...86_400)
        }
        return settings
    }

    private func webhook(_ node: Node, key: String) throws -> AlarmWebhookSettings {
        let fields = try reader.mapping(node, key: key, allowed: [
            "url", "secret_file", "timeout_seconds", "max_attempts", "retry_initial_seconds", "retry_max_seconds",
        ])
        guard let urlNode = fields["url"] else { throw reader.fail(node, "\(key).url", "missing") }
        guard let secretNode = fields["secret_file"] else {
            throw reader.fail(node, "\(key).secret_file", "missing: name a file (mode 0600) holding the shared secret")
        }
        let url = try reader.string(urlNode, key: "\(key).url")
        guard url.hasPrefix("http://") || url.hasPrefix("https://"), url.count > 8 else {
            throw reader.fail(urlNode, "\(key).url", "must be an http:// or https:// URL")
        }
        var secret = try reader.string(secretNode, key: "\(key).secret_file")
        if !secret.hasPrefix("/"), !base.isEmpty { secret = (base as NSString).appendingPathComponent(secret) }
        var settings = AlarmWebhookSettings(url: url, secretFile: secret)
        if let value = fields["timeout_seconds"] {
            settings.timeoutSeconds = try reader.integer(value, key: "\(key).timeout_seconds", in: 1...600)
        }
        if let value = fields["max_attempts"] { settings.maxAttempts = try reader.integer(value, key: "\(key).max_attempts", in: 1...100) }
        if let value = fields["retry_initial_seconds"] {
            settings.retryInitialSeconds = try reader.integer(value, key: "\(key).retry_initial_seconds", in: 1...86_400)
        }
        if let value = fields["retry_max_seconds"] {
            settings.retryMaxSeconds = try reader.integer(value, key: "\(key).retry_max_seconds", in: 1...604_800)
        }
        return settings
    }

    /// An amount such as `50`, `50.0` or `49.99` in minor units (2 decimals).
    private func money(_ node: Node, key: String) throws -> Int64 {
        let text = try reader.string(node, key: key)
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].count <= 12, parts[0].allSatisfy({ $0.isASCII && $0.isNumber }),
              parts.count == 1 || ((1...2).contains(parts[1].count) && parts[1].allSatisfy({ $0.isASCII && $0.isNumber })),
              let units = Int64(parts[0]) else {
            throw reader.fail(node, key, "must be an amount in the tariff currency, e.g. 50 or 49.99")
        }
        let cents = parts.count == 2 ? (Int64(parts[1].count == 1 ? String(parts[1]) + "0" : String(parts[1])) ?? 0) : 0
        return units * 100 + cents
    }

    /// `HH:MM` as minutes after midnight (`24:00` allowed as an end).
    private static func minute(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
              (0...24).contains(hour), (0...59).contains(minute), hour * 60 + minute <= 24 * 60 else { return nil }
        return hour * 60 + minute
    }
}
