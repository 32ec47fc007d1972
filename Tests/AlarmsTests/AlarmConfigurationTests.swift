import Foundation
import TollbookConfiguration
import XCTest

/// The `alarms:` section of a site: every key read, defaults kept, bad values named by file, line and key.
final class AlarmConfigurationTests: XCTestCase {
    private func parse(_ alarms: String) throws -> ConfigurationFile {
        try ConfigurationFile.parse("""
            sites:
              - name: berlin
                time_zone: Europe/Berlin
                numbering: { country_code: "49", area_code: "30", outside_line_prefixes: ["0"] }
                providers: { default: alarmnet }
            \(alarms)
            """, path: "/etc/tollbook.yaml")
    }

    private func failure(_ alarms: String) -> String {
        do {
            _ = try parse(alarms)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    func testEveryKeyIsRead() throws {
        let file = try parse("""
                alarms:
                  business_hours: "07:30-19:00"
                  business_days: [mon, tue, wed, thu, fri, sat]
                  after_hours_categories: [international, premium, mobile]
                  high_risk_prefixes: ["+1876", "+44702"]
                  high_risk_countries: ["882", "881"]
                  max_call_seconds: 3600
                  max_call_cost: 25.5
                  max_concurrent_international: 3
                  spike_baseline_days: 14
                  spike_min_baseline_days: 5
                  spike_sigma: 2.5
                  spike_min_cost: 20
                  spike_min_calls: 10
                  unknown_extensions: false
                  webhook: { url: "https://hooks.example.com/tollbook", secret_file: hook.secret, timeout_seconds: 5, max_attempts: 4, retry_initial_seconds: 10, retry_max_seconds: 600 }
            """)
        var expected = AlarmSettings()
        expected.businessStartMinute = 450
        expected.businessEndMinute = 1140
        expected.businessDays = [1, 2, 3, 4, 5, 6]
        expected.afterHoursCategories = ["international", "premium", "mobile"]
        expected.highRiskPrefixes = ["+1876", "+44702"]
        expected.highRiskCountries = ["882", "881"]
        expected.maxCallSeconds = 3600
        expected.maxCallCostMinor = 2550
        expected.maxConcurrentInternational = 3
        expected.spikeBaselineDays = 14
        expected.spikeMinimumBaselineDays = 5
        expected.spikeSigma = 2.5
        expected.spikeMinimumCostMinor = 2000
        expected.spikeMinimumCalls = 10
        expected.unknownExtensions = false
        var webhook = AlarmWebhookSettings(url: "https://hooks.example.com/tollbook", secretFile: "/etc/hook.secret")
        webhook.timeoutSeconds = 5
        webhook.maxAttempts = 4
        webhook.retryInitialSeconds = 10
        webhook.retryMaxSeconds = 600
        expected.webhook = webhook
        expected.line = 7
        XCTAssertEqual(file.sites[0].alarms, expected)
    }

    func testDefaultsWithoutTheSection() throws {
        let settings = try parse("").sites[0].alarms
        XCTAssertEqual(settings, AlarmSettings())
        XCTAssertEqual([settings.businessStartMinute, settings.businessEndMinute, settings.maxCallSeconds,
                        settings.maxConcurrentInternational, settings.spikeBaselineDays, settings.spikeMinimumBaselineDays,
                        settings.spikeMinimumCalls], [480, 1080, 7200, 5, 28, 7, 20])
        XCTAssertEqual(settings.businessDays, [1, 2, 3, 4, 5])
        XCTAssertEqual(settings.highRiskPrefixes, ["+1242", "+1284", "+1809", "+1876", "+1900", "+1976"])
        XCTAssertEqual([settings.maxCallCostMinor, settings.spikeMinimumCostMinor], [5000, 1000])
        XCTAssertEqual(settings.spikeSigma, 3)
        XCTAssertNil(settings.webhook)
    }

    func testBadValuesNameFileLineAndKey() {
        XCTAssertEqual(failure("    alarms:\n      business_hours: 18:00-08:00"),
                       "/etc/tollbook.yaml:7: sites[0].alarms.business_hours: write business hours as HH:MM-HH:MM, e.g. 08:00-18:00")
        XCTAssertEqual(failure("    alarms:\n      business_days: [mon, fryday]"),
                       "/etc/tollbook.yaml:7: sites[0].alarms.business_days[1]: unknown day 'fryday' (use mon, tue, … sun)")
        XCTAssertEqual(failure("    alarms:\n      high_risk_prefixes: [\"1876\"]"),
                       "/etc/tollbook.yaml:7: sites[0].alarms.high_risk_prefixes[0]: must be an E.164 prefix such as +1876")
        XCTAssertEqual(failure("    alarms:\n      max_call_cost: 12,50"),
                       "/etc/tollbook.yaml:7: sites[0].alarms.max_call_cost: must be an amount in the tariff currency, e.g. 50 or 49.99")
        XCTAssertEqual(failure("    alarms:\n      max_call_seconds: 0"),
                       "/etc/tollbook.yaml:7: sites[0].alarms.max_call_seconds: must be a whole number from 1 to 864000")
        XCTAssertEqual(failure("    alarms:\n      spike_baseline_days: 5\n      spike_min_baseline_days: 6"),
                       "/etc/tollbook.yaml:8: sites[0].alarms.spike_min_baseline_days: must not exceed spike_baseline_days (5)")
        XCTAssertEqual(failure("    alarms:\n      after_hours_categories: [intl]"),
                       "/etc/tollbook.yaml:7: sites[0].alarms.after_hours_categories[0]: unknown number category 'intl' (use "
                       + "emergency, internal, international, local, mobile, national, premium, special, unknown)")
        XCTAssertEqual(failure("    alarms:\n      webhook: { url: \"ftp://x/y\", secret_file: s }"),
                       "/etc/tollbook.yaml:7: sites[0].alarms.webhook.url: must be an http:// or https:// URL")
        XCTAssertEqual(failure("    alarms:\n      webhook: { url: \"http://x/y\" }"),
                       "/etc/tollbook.yaml:7: sites[0].alarms.webhook.secret_file: missing: name a file (mode 0600) holding the shared secret")
        XCTAssertEqual(failure("    alarms:\n      max_cost: 5"), "/etc/tollbook.yaml:7: sites[0].alarms.max_cost: unknown key (known: after_hours_categories, "
                       + "business_days, business_hours, enabled, high_risk_countries, high_risk_prefixes, mail, max_call_cost, "
                       + "max_call_seconds, max_concurrent_international, spike_baseline_days, spike_min_baseline_days, "
                       + "spike_min_calls, spike_min_cost, spike_sigma, unknown_extensions, webhook)")
    }
}
