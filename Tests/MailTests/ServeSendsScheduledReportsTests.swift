import Access
import Foundation
import TestSupport
import XCTest

/// The real `tollbook serve` sends a report scheduled every minute within about a minute of its
/// start, over STARTTLS with AUTH, and audits it as `tollbook serve`.
final class ServeSendsScheduledReportsTests: XCTestCase {
    private var root: URL!
    private var server: SMTPServerFixture!
    private var store: MailStoreFixture!

    override func setUpWithError() throws {
        root = try TestEnvironment.makeTemporaryDirectory("mail-serve")
        server = try SMTPServerFixture(root: root.appendingPathComponent("smtp"))
        let directory = root.appendingPathComponent("store")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try MailStoreFixture(directory: directory)
    }

    override func tearDown() {
        server?.stop()
        try? FileManager.default.removeItem(at: root)
    }

    private func configure(opsPort: Int, schedule: String) throws {
        try store.writeConfiguration(mail: """
            service:
              data_directory: \(store.directory.appendingPathComponent("data").path)
              store: \(store.database)
              listen: "127.0.0.1:\(opsPort)"
            \(store.mailSection(port: server.port, server: server))
            """, reports: """
            reports:
              - name: every-minute
                report: costs
                filters: { node: Berlin/Sales, period: yesterday }
                recipients: [anna@example.com]
                schedule: "\(schedule)"
                time_zone: UTC
                format: csv

            """)
    }

    func testServeMailsTheReportWhenItsMinuteComes() throws {
        let opsPort = MailPeers.freePort()
        try configure(opsPort: opsPort, schedule: "* * * * *")
        let serve = try PeerProcess(TestEnvironment.tollbookExecutable, ["serve", "--config", store.config],
                                    port: opsPort, log: root.appendingPathComponent("serve.log"))
        defer { serve.stop() }
        let deadline = Date().addingTimeInterval(90)
        while server.received.isEmpty && Date() < deadline { Thread.sleep(forTimeInterval: 0.5) }
        XCTAssertFalse(server.received.isEmpty, "serve sent nothing: \(serve.log)\n\(server.log)")
        guard let first = server.received.first else { return }
        let envelope = try server.envelope(0)
        XCTAssertEqual(envelope["rcpt_tos"] as? [String], ["anna@example.com"])
        XCTAssertEqual(envelope["tls"] as? Bool, true)
        XCTAssertEqual(envelope["authenticated"] as? Bool, true)
        let parts = try XCTUnwrap(try MailPeers.parse(first)["parts"] as? [[String: Any]])
        XCTAssertEqual(parts.last?["type"] as? String, "text/csv")
        let csv = String(decoding: Data(hex: parts.last?["hex"] as? String ?? ""), as: UTF8.self)
        XCTAssertTrue(csv.hasPrefix("path,calls,talk_seconds,call_costs,indirect_costs,markup,own_total,total\r\nBerlin/Sales,0,0,0.00,"), csv)
        serve.stop()
        let access = try AccessControl.open(databasePath: store.database, configuration: nil)
        let rows = try XCTUnwrap(access.auditLog).entries(AuditFilter(action: "report.mail"))
        XCTAssertEqual(rows.first?.actor, "tollbook serve")
        XCTAssertEqual(rows.first?.outcome, "success")
        XCTAssertEqual(rows.first?.detail, "report=every-minute format=csv trigger=schedule attempt=1 recipient_user_id=1")
        // The log says that a report was mailed, without the address.
        XCTAssertTrue(serve.log.contains("report mailed"), serve.log)
        XCTAssertFalse(serve.log.contains("anna@example.com"), serve.log)
    }

    func testSIGHUPReadsNewSchedules() throws {
        let opsPort = MailPeers.freePort()
        try configure(opsPort: opsPort, schedule: "0 0 1 1 *")
        let serve = try PeerProcess(TestEnvironment.tollbookExecutable, ["serve", "--config", store.config],
                                    port: opsPort, log: root.appendingPathComponent("serve.log"))
        defer { serve.stop() }
        try configure(opsPort: opsPort, schedule: "* * * * *")
        serve.send(SIGHUP)
        let deadline = Date().addingTimeInterval(90)
        while server.received.isEmpty && Date() < deadline { Thread.sleep(forTimeInterval: 0.5) }
        XCTAssertEqual(server.received.count, 1, "no mail after SIGHUP: \(serve.log)")
        XCTAssertEqual(try server.envelope(0)["rcpt_tos"] as? [String], ["anna@example.com"])
    }
}
