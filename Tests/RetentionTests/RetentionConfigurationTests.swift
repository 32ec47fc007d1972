import Foundation
import TollbookConfiguration
import XCTest

/// `privacy: retention:` and `privacy: erasure:`: the spec's defaults, group rules, and clear
/// errors (file, line, key) for bad periods, periods a data class does not allow, a journal that
/// outlives the detail and sums shorter than a legal hold.
final class RetentionConfigurationTests: XCTestCase {
    private let head = """
        sites:
          - name: berlin
            time_zone: Europe/Berlin
            sources: [cucm]
            numbering: { country_code: "49", area_code: "30", outside_line_prefixes: ["0"], extensions: ["2000-2999"] }
            providers: { default: testnet }

        """

    private func parse(_ privacy: String) throws -> ConfigurationFile {
        try ConfigurationFile.parse(head + privacy, path: "/etc/tollbook.yaml")
    }

    private func error(_ privacy: String) -> String {
        do {
            _ = try parse(privacy)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    func testDefaultsAreTheSpecs() throws {
        let retention = try parse("").privacy.retention
        XCTAssertEqual(retention.defaultRule.detail["private"]?.description, "3 months")
        XCTAssertEqual(retention.defaultRule.detail["pin"]?.description, "3 months")
        XCTAssertEqual(retention.defaultRule.detail["business"]?.description, "6 months")
        XCTAssertEqual(retention.defaultRule.detail["project"]?.description, "6 months")
        XCTAssertEqual(retention.defaultRule.aggregates["private"]?.description, "10 years")
        XCTAssertEqual(retention.audit.description, "2 years")
        XCTAssertEqual(retention.intervalSeconds, 86_400)
        let erasure = try parse("").privacy.erasure
        XCTAssertEqual(erasure.legalHolds, [.billedPrivateCharges])
        XCTAssertNil(erasure.signingKeyFile)
    }

    func testGroupRulesAndErasureSettingsAreRead() throws {
        let file = try parse("""
            privacy:
              retention:
                default:
                  detail: { business: 4 months }
                groups:
                  - node: Berlin/Sales
                    detail: { private: 1 month }
                interval: 12 hours
                first_run_after: 5 seconds
              erasure:
                signing_key_file: keys/erasure.key
                legal_holds:
                  - { name: billed private charges, categories: [private], basis: "§ 147 AO", period: 6 years }

            """)
        XCTAssertEqual(file.privacy.retention.defaultRule.detail["business"], RetentionPeriod(4, .month))
        XCTAssertEqual(file.privacy.retention.defaultRule.detail["private"], RetentionPeriod(3, .month), "unnamed categories keep the default")
        XCTAssertEqual(file.privacy.retention.groups, [RetentionGroupRule(node: "Berlin/Sales", rule: RetentionRule(detail: ["private": RetentionPeriod(1, .month)]), line: 12)])
        XCTAssertEqual(file.privacy.retention.intervalSeconds, 43_200)
        XCTAssertEqual(file.privacy.retention.firstRunAfterSeconds, 5)
        XCTAssertEqual(file.privacy.erasure.signingKeyFile, "/etc/keys/erasure.key")
        XCTAssertEqual(file.privacy.erasure.legalHolds, [LegalHold(name: "billed private charges", categories: ["private"], basis: "§ 147 AO", period: RetentionPeriod(6, .year))])
        // The journal follows the shortest detail period (1 month), and caps serve's journal retention.
        XCTAssertEqual(file.privacy.retention.journal, RetentionPeriod(1, .month))
        XCTAssertEqual(file.service.journalRetentionDays, 30)
    }

    func testBadRulesAreClearErrors() {
        XCTAssertEqual(error("privacy:\n  retention:\n    default:\n      detail: { private: three months }\n"),
                       "/etc/tollbook.yaml:10: privacy.retention.default.detail.private: 'three months' is not a period such as 3 months, 6 months, 10 years or 90 days")
        XCTAssertEqual(error("privacy:\n  retention:\n    default:\n      detail: { privat: 3 months }\n"),
                       "/etc/tollbook.yaml:10: privacy.retention.default.detail.privat: unknown key (known: business, pin, private, project)")
        XCTAssertEqual(error("privacy:\n  retention:\n    default:\n      detail: { business: 3 years }\n"),
                       "/etc/tollbook.yaml:10: privacy.retention.default.detail.business: 3 years is longer than detail data may be kept (at most 2 years)")
        XCTAssertEqual(error("privacy:\n  retention:\n    journal: 6 months\n"),
                       "/etc/tollbook.yaml:9: privacy.retention.journal: 6 months outlives the shortest detail retention (3 months): the journal's raw bytes hold every call's numbers")
        XCTAssertEqual(error("privacy:\n  retention:\n    default:\n      aggregates: { private: 5 years }\n"),
                       "/etc/tollbook.yaml:10: privacy.retention.default.aggregates.private: 5 years for default is shorter than the legal hold 'billed private charges' (10 years, Art. 17(3)(b) GDPR with § 147 AO and § 257 HGB (payroll records))")
        XCTAssertEqual(error("service:\n  journal: { retention_days: 120 }\n"),
                       "/etc/tollbook.yaml:8: service.journal.retention_days: 120 days outlives the shortest detail retention (3 months, privacy.retention): the journal's raw bytes hold every call's numbers")
        XCTAssertEqual(error("privacy:\n  erasure:\n    legal_holds:\n      - { name: x, categories: [private], basis: y }\n"),
                       "/etc/tollbook.yaml:10: privacy.erasure.legal_holds[0]: missing period")
    }
}
