import Access
import Foundation
import Store
import TestSupport
import XCTest

/// `tollbook reports run` through the real binary against a real SMTP server: the cost report of
/// March 2025 (amounts as in `ReportCommandsTests`: Berlin/Sales 6 calls, 330 s, calls 0.32,
/// indirect 9.50, total 9.82), rendered as each recipient, the scope rule, and the audit rows.
final class ReportsRunCommandTests: XCTestCase {
    private var root: URL!
    private var server: SMTPServerFixture!
    private var store: MailStoreFixture!

    private let salesCSV = "path,calls,talk_seconds,call_costs,indirect_costs,markup,own_total,total\r\n"
        + "Berlin/Sales,6,330,0.32,9.50,0.00,9.82,9.82\r\n"

    override func setUpWithError() throws {
        root = try TestEnvironment.makeTemporaryDirectory("mail-run")
        server = try SMTPServerFixture(root: root.appendingPathComponent("smtp"))
        let directory = root.appendingPathComponent("store")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try MailStoreFixture(directory: directory)
    }

    override func tearDown() {
        server?.stop()
        try? FileManager.default.removeItem(at: root)
    }

    private func configure(recipients: String, format: String = "csv", language: String = "de",
                           filters: String = "{ node: Berlin/Sales, period: last_month }", extra: String = "",
                           report: String = "costs") throws {
        try store.writeConfiguration(mail: store.mailSection(port: server.port, server: server), reports: """
            reports:
              - name: sales-monthly
                report: \(report)
                filters: \(filters)
                recipients: \(recipients)
                schedule: "0 7 1 * *"
                format: \(format)
                language: \(language)
            \(extra)
            """)
    }

    private func auditRows() throws -> [AuditRow] {
        let access = try AccessControl.open(databasePath: store.database, configuration: nil)
        return try XCTUnwrap(access.auditLog).entries(AuditFilter(action: "report.mail"))
    }

    private func attachment(_ index: Int) throws -> (name: String?, text: String, subject: String?, body: String?) {
        let parsed = try MailPeers.parse(server.received[index])
        let parts = try XCTUnwrap(parsed["parts"] as? [[String: Any]])
        let file = try XCTUnwrap(parts.first { $0["filename"] is String })
        let hex = try XCTUnwrap(file["hex"] as? String)
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return (file["filename"] as? String, String(decoding: bytes, as: UTF8.self), parsed["subject"] as? String,
                parts.first { $0["type"] as? String == "text/plain" }?["text"] as? String)
    }

    func testSendsTheCostReportRenderedForTheRecipientAndAuditsIt() throws {
        try configure(recipients: "[anna@example.com]")
        let result = try store.tollbook(["reports", "run", "sales-monthly", "--to", "anna@example.com", "--as-of", "2025-04-01",
                                         "--config", store.config])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "recipient 1: sent\n")
        XCTAssertEqual(server.received.count, 1, server.log)
        XCTAssertEqual(try server.envelope(0)["rcpt_tos"] as? [String], ["anna@example.com"])
        let mail = try attachment(0)
        XCTAssertEqual(mail.name, "sales-monthly-2025-03-01.csv")
        XCTAssertEqual(mail.text, salesCSV)
        XCTAssertEqual(mail.subject, "Kostenübersicht nach Organisationseinheit (sales-monthly), 01.03.2025 – 31.03.2025")
        XCTAssertEqual(mail.body, """
            Guten Tag,\r
            \r
            im Anhang finden Sie den Bericht „Kostenübersicht nach Organisationseinheit“ für den Zeitraum 01.03.2025 – 31.03.2025 \
            (Zeitplan sales-monthly, Datei sales-monthly-2025-03-01.csv).\r
            \r
            Diese Nachricht wurde von Tollbook automatisch versandt.\r

            """)
        let rows = try auditRows()
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows.first?.outcome, "success")
        XCTAssertEqual(rows.first?.actor, "SUPERUSER")
        XCTAssertEqual(rows.first?.detail, "report=sales-monthly format=csv trigger=manual attempt=1 recipient_user_id=1")
        // The subject is the user, pseudonymised by the log; the address is nowhere.
        XCTAssertNotNil(rows.first?.subject)
        XCTAssertNotEqual(rows.first?.subject, "anna")
        XCTAssertFalse(rows.contains { $0.detail.contains("@") || ($0.subject ?? "").contains("@") })
    }

    func testRecipientsOutsideTheScopeGetNothingAndEveryRefusalIsAudited() throws {
        try configure(recipients: "[\"manager:Berlin/Sales\", \"manager:Berlin\", anna@example.com, ben@example.com, "
                      + "cleo@example.com, unknown@example.com]")
        let result = try store.tollbook(["reports", "run", "sales-monthly", "--as-of", "2025-04-01", "--config", store.config])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(result.stdout, """
            recipient 1: sent
            recipient 2: sent
            recipient 3: refused: the recipient's scope does not cover the report's node filter
            recipient 4: refused: the recipient's user may not run reports (needs reports.run)
            recipient 5 (maps to no user): refused: the address maps to no user (allow_unmapped_recipients is false)

            """)
        // manager:Berlin/Sales is Anna (listed again by address: sent once); manager:Berlin is the boss (Dora).
        XCTAssertEqual(server.received.count, 2, server.log)
        XCTAssertEqual(try server.envelope(0)["rcpt_tos"] as? [String], ["anna@example.com"])
        XCTAssertEqual(try server.envelope(1)["rcpt_tos"] as? [String], ["dora@example.com"])
        XCTAssertEqual(try attachment(0).text, salesCSV)
        XCTAssertEqual(try attachment(1).text, salesCSV)
        let rows = try auditRows()
        XCTAssertEqual(rows.map(\.outcome), ["success", "success", "denied", "denied", "denied"])
        XCTAssertEqual(rows[2].detail, "report=sales-monthly format=csv trigger=manual attempt=1 recipient_user_id=2 "
                       + "reason=the recipient's scope does not cover the report's node filter")
        XCTAssertEqual(rows[4].detail, "report=sales-monthly format=csv trigger=manual attempt=1 recipient=unmapped "
                       + "reason=the address maps to no user (allow_unmapped_recipients is false)")
        XCTAssertNil(rows[4].subject)
    }

    func testAReportOfAllUnitsGoesOnlyToAnUnlimitedScope() throws {
        try configure(recipients: "[anna@example.com, \"manager:Berlin\"]", filters: "{ period: last_month }")
        let result = try store.tollbook(["reports", "run", "sales-monthly", "--as-of", "2025-04-01", "--config", store.config])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdout, """
            recipient 1: refused: the report covers every org unit; the recipient's scope is limited
            recipient 2: refused: the report covers every org unit; the recipient's scope is limited

            """)
        XCTAssertEqual(server.received.count, 0)
    }

    func testPDFInEnglish() throws {
        try configure(recipients: "[anna@example.com]", format: "pdf", language: "en")
        let result = try store.tollbook(["reports", "run", "sales-monthly", "--as-of", "2025-04-01", "--config", store.config])
        XCTAssertEqual(result.status, 0, result.stderr + result.stdout)
        let parsed = try MailPeers.parse(server.received[0])
        XCTAssertEqual(parsed["subject"] as? String, "Cost summary by org unit (sales-monthly), 2025-03-01 – 2025-03-31")
        let parts = try XCTUnwrap(parsed["parts"] as? [[String: Any]])
        XCTAssertEqual(parts.last?["type"] as? String, "application/pdf")
        XCTAssertEqual(parts.last?["filename"] as? String, "sales-monthly-2025-03-01.pdf")
        XCTAssertTrue((parts.last?["hex"] as? String ?? "").hasPrefix("255044462d"))  // "%PDF-"
    }

    /// The report catalogue's reports are mailed too, in its formats, rendered as the recipient:
    /// Anna (scope Berlin/Sales) gets the cost summary of her unit with the figures of the cost
    /// report above (6 calls, 330 s, 0.32).
    func testCatalogReportsAreMailedAsTheRecipientInTheCatalogsFormats() throws {
        try configure(recipients: "[anna@example.com]", language: "en", filters: "{ node: Berlin/Sales, by: node, period: last_month }",
                      report: "cost-summary")
        let csv = try store.tollbook(["reports", "run", "sales-monthly", "--as-of", "2025-04-01", "--config", store.config])
        XCTAssertEqual(csv.status, 0, csv.stderr + csv.stdout)
        let mail = try attachment(0)
        XCTAssertEqual(mail.name, "sales-monthly-2025-03-01.csv")
        XCTAssertEqual(mail.text, "node,calls,talk_seconds,cost,share_percent\r\nBerlin/Sales,6,330,0.32,100.00\r\n")
        try configure(recipients: "[anna@example.com]", format: "xlsx", filters: "{ by: node, node: Berlin/Sales, period: last_month }",
                      report: "cost-summary")
        let xlsx = try store.tollbook(["reports", "run", "sales-monthly", "--as-of", "2025-04-01", "--config", store.config])
        XCTAssertEqual(xlsx.status, 0, xlsx.stderr + xlsx.stdout)
        let parts = try XCTUnwrap(try MailPeers.parse(server.received[1])["parts"] as? [[String: Any]])
        XCTAssertEqual(parts.last?["type"] as? String, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        XCTAssertEqual(parts.last?["filename"] as? String, "sales-monthly-2025-03-01.xlsx")
        XCTAssertTrue((parts.last?["hex"] as? String ?? "").hasPrefix("504b0304"))  // a ZIP container
        // A value the report does not take is a clear error, and nothing is sent.
        try configure(recipients: "[anna@example.com]", filters: "{ node: Berlin/Sales, by: colour, period: last_month }",
                      report: "cost-summary")
        let bad = try store.tollbook(["reports", "run", "sales-monthly", "--as-of", "2025-04-01", "--config", store.config])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue((bad.stderr + bad.stdout).contains("by must be one of node, provider, zone, trunk, site"), bad.stderr + bad.stdout)
        XCTAssertEqual(server.received.count, 2)
    }

    func testBadScheduleAndUnknownNamesAreClearErrors() throws {
        try store.writeConfiguration(mail: store.mailSection(port: server.port, server: server), reports: """
            reports:
              - name: sales-monthly
                report: costs
                recipients: [anna@example.com]
                schedule: "61 7 1 * *"

            """)
        let bad = try store.tollbook(["reports", "run", "sales-monthly", "--config", store.config])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("tollbook.yaml:27: reports[0].schedule: minute: 61 is outside 0-59"), bad.stderr)
        let check = try TestEnvironment.run(TestEnvironment.tollbookExecutable, ["serve", "--config", store.config, "--check"])
        XCTAssertNotEqual(check.status, 0)
        XCTAssertTrue(check.stderr.contains("tollbook.yaml:27: reports[0].schedule: minute: 61 is outside 0-59"), check.stderr)
        try configure(recipients: "[anna@example.com]", format: "xlsx")
        let xlsx = try store.tollbook(["reports", "run", "sales-monthly", "--config", store.config])
        XCTAssertTrue(xlsx.stderr.contains("reports[0].report: report costs is available as csv, json, pdf (not xlsx)"), xlsx.stderr)
        try configure(recipients: "[anna@example.com]")
        let unknown = try store.tollbook(["reports", "run", "nope", "--config", store.config])
        XCTAssertNotEqual(unknown.status, 0)
        XCTAssertTrue(unknown.stderr.contains("there is no scheduled report 'nope' in the configuration's reports: section"),
                      unknown.stderr)
        try configure(recipients: "[\"manager:Berlin/Marketing\"]")
        let noNode = try store.tollbook(["reports", "run", "sales-monthly", "--config", store.config])
        XCTAssertNotEqual(noNode.status, 0)
        XCTAssertTrue(noNode.stderr.contains("report 'sales-monthly': manager:Berlin/Marketing: no org node has that path"),
                      noNode.stderr)
        XCTAssertEqual(server.received.count, 0)
    }
}
