import Foundation
import Mail
import TollbookConfiguration
import XCTest

/// The `mail:` and `reports:` sections: defaults, and errors naming the file, the line and the key.
final class MailConfigurationTests: XCTestCase {
    private let head = """
        sites:
          - name: berlin
            time_zone: Europe/Berlin
            sources: [cucm]
            numbering: { country_code: "49", area_code: "30", outside_line_prefixes: ["0"], extensions: ["2000-2999"] }
            providers: { default: testnet }

        """

    private func parse(_ text: String) throws -> ConfigurationFile {
        try ConfigurationFile.parse(head + text, path: "/etc/tollbook/tollbook.yaml")
    }

    private func error(_ text: String) -> String {
        do {
            _ = try ScheduledReport.plan(try parse(text), renderer: CostReportRenderer(packages: [], governance: .init(configuration: nil)))
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    func testSectionsWithDefaults() throws {
        let file = try parse("""
            mail:
              host: smtp.example.com
              from: tollbook@example.com
              user: reports
              password_file: smtp.pw
            reports:
              - name: sales
                report: costs
                recipients: ["manager:Berlin/Sales", anna@example.com]
                schedule: "0 7 1 * *"

            """)
        var mail = MailConfiguration(host: "smtp.example.com", from: "tollbook@example.com", line: 8)
        mail.user = "reports"
        mail.passwordFile = "/etc/tollbook/smtp.pw"
        XCTAssertEqual(file.mail, mail)
        XCTAssertEqual([mail.port, mail.timeoutSeconds, mail.retryAttempts, mail.retryInitialSeconds, mail.retryMaxSeconds],
                       [587, 30, 5, 60, 3600])
        XCTAssertEqual(file.reports, [ScheduledReportConfiguration(
            name: "sales", report: "costs", filters: ["period": "last_month"], recipients: ["manager:Berlin/Sales", "anna@example.com"],
            schedule: "0 7 1 * *", timeZone: nil, format: "pdf", language: "en", line: 13, scheduleLine: 16, index: 0)])
        let planned = try ScheduledReport.plan(file, renderer: CostReportRenderer(packages: [], governance: .init(configuration: nil)))
        XCTAssertEqual(planned.first?.timeZone.identifier, "Europe/Berlin")
    }

    func testBadValuesNameFileLineAndKey() {
        let mail = """
            mail: { host: smtp.example.com, from: tollbook@example.com }

            """
        XCTAssertEqual(error("""
            reports:
              - { name: a, report: costs, recipients: [x@example.com], schedule: "* * * * *" }

            """), "/etc/tollbook/tollbook.yaml:8: reports: needs a mail: section (the SMTP server)")
        XCTAssertEqual(error("""
            mail: { host: smtp.example.com, from: "not an address" }

            """), "/etc/tollbook/tollbook.yaml:7: mail.from: must be a mail address such as tollbook@example.com")
        XCTAssertEqual(error("""
            mail: { host: smtp.example.com, from: tollbook@example.com, user: reports }

            """), "/etc/tollbook/tollbook.yaml:7: mail.password_file: missing: user and password_file are given together")
        XCTAssertEqual(error(mail + """
            reports:
              - name: a
                report: costs
                recipients: [x@example.com, "bad address"]
                schedule: "* * * * *"

            """), "/etc/tollbook/tollbook.yaml:11: reports[0].recipients[1]: must be a mail address or manager:<org path>")
        XCTAssertEqual(error(mail + """
            reports:
              - name: a
                report: costs
                recipients: [x@example.com]
                schedule: "* * * * *"
                format: docx

            """), "/etc/tollbook/tollbook.yaml:13: reports[0].format: must be one of pdf, xlsx, csv, json, html")
        XCTAssertEqual(error(mail + """
            reports:
              - name: a
                report: costs
                filters: { period: last_year }
                recipients: [x@example.com]
                schedule: "* * * * *"

            """), "/etc/tollbook/tollbook.yaml:11: reports[0].filters.period: must be one of yesterday, last_7_days, last_week, "
            + "last_month, this_month, last_30_days")
        XCTAssertEqual(error(mail + """
            reports:
              - name: a
                report: costs
                recipients: [x@example.com]
                schedule: "0 7 * * MON-FRY"

            """), "/etc/tollbook/tollbook.yaml:12: reports[0].schedule: day of week: 'FRY' is not a number or a name such as SUN")
        XCTAssertEqual(error(mail + """
            reports:
              - { name: a, report: costs, recipients: [x@example.com], schedule: "* * * * *" }
              - { name: a, report: costs, recipients: [y@example.com], schedule: "* * * * *" }

            """), "/etc/tollbook/tollbook.yaml:10: reports[1].name: report 'a' is already defined on line 9")
        XCTAssertEqual(error(mail + """
            reports:
              - { name: a, report: calls, recipients: [x@example.com], schedule: "* * * * *" }

            """), "/etc/tollbook/tollbook.yaml:9: reports[0].report: unknown report 'calls' (known: costs)")
    }
}
