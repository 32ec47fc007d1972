import Access
import Foundation
import Mail
import Store
import TestSupport
import TollbookConfiguration
import XCTest

/// The scheduler of `serve` with an injected clock (``MailScheduler/tick(now:)``): a report is sent
/// when its instant comes (07:00 Berlin on the 1st = 05:00 UTC in April), once; a send that failed
/// because the SMTP server was down is retried after the back-off and then arrives.
final class MailSchedulerTests: XCTestCase {
    private var root: URL!
    private var server: SMTPServerFixture!
    private var store: MailStoreFixture!

    override func setUpWithError() throws {
        root = try TestEnvironment.makeTemporaryDirectory("mail-scheduler")
        server = try SMTPServerFixture(root: root.appendingPathComponent("smtp"), start: false)
        let directory = root.appendingPathComponent("store")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try MailStoreFixture(directory: directory)
        try store.writeConfiguration(mail: store.mailSection(port: server.port, server: server,
                                                             retry: "  retry: { attempts: 3, initial_seconds: 60, max_seconds: 90 }"),
                                     reports: """
            reports:
              - name: sales-monthly
                report: costs
                filters: { node: Berlin/Sales }
                recipients: ["manager:Berlin/Sales"]
                schedule: "0 7 1 * *"
                time_zone: Europe/Berlin
                format: json
                language: en

            """)
    }

    override func tearDown() {
        server?.stop()
        try? FileManager.default.removeItem(at: root)
    }

    private func instant(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    private func scheduler(start: String) throws -> MailScheduler {
        let configuration = try ConfigurationFile.load(path: store.config)
        let mailer = try ReportMailer(configuration: configuration, storePath: store.database, encryption: .none,
                                      renderer: CostReportRenderer(configuration: configuration))
        return MailScheduler(mailer: mailer, startingAt: instant(start))
    }

    func testSendsWhenTheScheduledInstantComesAndOnlyOnce() throws {
        try server.start()
        let scheduler = try scheduler(start: "2025-04-01T04:58:00Z")
        XCTAssertEqual(scheduler.tick(now: instant("2025-04-01T04:59:59Z")), [])
        XCTAssertEqual(scheduler.tick(now: instant("2025-04-01T05:00:00Z")),
                       [MailScheduler.Event(report: "sales-monthly", user: "anna", outcome: .sent, attempt: 1)])
        XCTAssertEqual(scheduler.tick(now: instant("2025-04-01T05:00:30Z")), [])
        XCTAssertEqual(server.received.count, 1, server.log)
        let parsed = try MailPeers.parse(server.received[0])
        let parts = try XCTUnwrap(parsed["parts"] as? [[String: Any]])
        let file = try XCTUnwrap(parts.last)
        XCTAssertEqual(file["type"] as? String, "application/json")
        XCTAssertEqual(file["filename"] as? String, "sales-monthly-2025-03-01.json")
        let json = String(decoding: Data(hex: file["hex"] as? String ?? ""), as: UTF8.self)
        XCTAssertTrue(json.contains("\"path\": \"Berlin/Sales\", \"calls\": \"6\", \"talk_seconds\": \"330\", \"call_costs\": \"0.32\", "
                                    + "\"indirect_costs\": \"9.50\", \"markup\": \"0.00\", \"own_total\": \"9.82\", \"total\": \"9.82\""), json)
        XCTAssertTrue(json.contains("\"Period: 2025-03-01 – 2025-03-31\""), json)
        // A month later the April report goes out (07:00 CEST on 1 May = 05:00 UTC).
        XCTAssertEqual(scheduler.tick(now: instant("2025-05-01T04:59:00Z")), [])
        XCTAssertEqual(scheduler.tick(now: instant("2025-05-01T05:00:01Z")).map(\.outcome), [.sent])
        XCTAssertEqual(try attachmentName(1), "sales-monthly-2025-04-01.json")
    }

    func testInstantsBeforeTheStartAreNotCaughtUpAndALongPauseSendsOnce() throws {
        try server.start()
        // Started after 1 April 05:00 UTC: April's run is not sent afterwards.
        let scheduler = try scheduler(start: "2025-04-01T06:00:00Z")
        XCTAssertEqual(scheduler.tick(now: instant("2025-04-20T00:00:00Z")), [])
        // Asleep from 20 April to 2 July: the May, June and July runs collapse into one send.
        XCTAssertEqual(scheduler.tick(now: instant("2025-07-02T00:00:00Z")).map(\.outcome), [.sent])
        XCTAssertEqual(server.received.count, 1)
    }

    func testRetriesWithBackOffAfterTheServerWasDown() throws {
        let scheduler = try scheduler(start: "2025-04-01T04:58:00Z")
        let first = scheduler.tick(now: instant("2025-04-01T05:00:00Z"))
        XCTAssertEqual(first.count, 1)
        guard case .failed(let reason, let transient) = first.first?.outcome else { return XCTFail("\(first)") }
        XCTAssertTrue(transient)
        XCTAssertTrue(reason.hasPrefix("SMTP server 127.0.0.1:\(server.port) cannot be reached: "), reason)
        XCTAssertEqual(scheduler.pendingRetries, 1)
        // The first retry waits 60 s.
        XCTAssertEqual(scheduler.tick(now: instant("2025-04-01T05:00:59Z")), [])
        try server.start()
        XCTAssertEqual(scheduler.tick(now: instant("2025-04-01T05:01:00Z")),
                       [MailScheduler.Event(report: "sales-monthly", user: "anna", outcome: .sent, attempt: 2)])
        XCTAssertEqual(scheduler.pendingRetries, 0)
        XCTAssertEqual(server.received.count, 1)
        XCTAssertEqual(try attachmentName(0), "sales-monthly-2025-03-01.json")
        let access = try AccessControl.open(databasePath: store.database, configuration: nil)
        let rows = try XCTUnwrap(access.auditLog).entries(AuditFilter(action: "report.mail"))
        XCTAssertEqual(rows.map(\.outcome), ["failure", "success"])
        XCTAssertEqual(rows.map(\.actor), ["tollbook serve", "tollbook serve"])
        XCTAssertTrue(rows[0].detail.hasPrefix("report=sales-monthly format=json trigger=schedule attempt=1 recipient_user_id=1 "
                                               + "reason=SMTP server 127.0.0.1:\(server.port) cannot be reached"), rows[0].detail)
        XCTAssertEqual(rows[1].detail, "report=sales-monthly format=json trigger=schedule attempt=2 recipient_user_id=1")
    }

    func testGivesUpAfterTheConfiguredAttemptsWithDoublingCappedWaits() throws {
        let policy = MailRetryPolicy(attempts: 3, initialSeconds: 60, maxSeconds: 90)
        XCTAssertEqual([1, 2, 3, 4].map(policy.delay(afterAttempt:)), [60, 90, 90, 90])
        XCTAssertEqual(MailRetryPolicy(attempts: 5, initialSeconds: 60, maxSeconds: 3600).delay(afterAttempt: 4), 480)
        let scheduler = try scheduler(start: "2025-04-01T04:58:00Z")
        XCTAssertEqual(scheduler.tick(now: instant("2025-04-01T05:00:00Z")).map(\.attempt), [1])
        XCTAssertEqual(scheduler.tick(now: instant("2025-04-01T05:01:00Z")).map(\.attempt), [2])
        XCTAssertEqual(scheduler.tick(now: instant("2025-04-01T05:02:29Z")), [])
        XCTAssertEqual(scheduler.tick(now: instant("2025-04-01T05:02:30Z")).map(\.attempt), [3])
        XCTAssertEqual(scheduler.pendingRetries, 0)
        XCTAssertEqual(scheduler.tick(now: instant("2025-04-01T06:00:00Z")), [])
    }

    func testAFailedSendSurvivesARestartAndIsDeliveredExactlyOnce() throws {
        // serve's first run: the SMTP server is down; the send waits in the store's outbox.
        let first = try scheduler(start: "2025-04-01T04:58:00Z")
        XCTAssertEqual(first.tick(now: instant("2025-04-01T05:00:00Z")).map(\.attempt), [1])
        let queued = try CallStore(path: store.database).mailSends()
        XCTAssertEqual(queued.map { "\($0.schedule) \($0.runMs) \($0.recipientUser ?? "-") \($0.state) \($0.attempts) \($0.nextAttemptMs)" },
                       ["sales-monthly 1743483600000 anna pending 1 1743483660000"], "run 05:00 UTC, retry 60 s later")
        // serve restarted after the run's instant (the schedule itself is not caught up), the server up.
        try server.start()
        let second = try scheduler(start: "2025-04-01T05:00:30Z")
        XCTAssertEqual(second.pendingRetries, 1)
        XCTAssertEqual(second.tick(now: instant("2025-04-01T05:00:59Z")), [])
        XCTAssertEqual(second.tick(now: instant("2025-04-01T05:01:00Z")),
                       [MailScheduler.Event(report: "sales-monthly", user: "anna", outcome: .sent, attempt: 2)])
        XCTAssertEqual(second.tick(now: instant("2025-04-01T05:30:00Z")), [])
        // Restarted again from before the instant: the same run is queued once only, nothing is sent again.
        let third = try scheduler(start: "2025-04-01T04:58:00Z")
        XCTAssertEqual(third.tick(now: instant("2025-04-01T05:00:00Z")), [])
        XCTAssertEqual(third.tick(now: instant("2025-04-01T06:00:00Z")), [])
        XCTAssertEqual(server.received.count, 1, server.log)
        XCTAssertEqual(try attachmentName(0), "sales-monthly-2025-03-01.json", "rendered again for the run of 1 April")
        XCTAssertEqual(try CallStore(path: store.database).mailSends().map { "\($0.state) \($0.attempts) \($0.deliveredMs ?? 0)" },
                       ["delivered 2 1743483660000"])
    }

    func testGivingUpIsAuditedAndLoggedWithoutTheAddress() throws {
        let configuration = try ConfigurationFile.load(path: store.config)
        let mailer = try ReportMailer(configuration: configuration, storePath: store.database, encryption: .none,
                                      renderer: CostReportRenderer(configuration: configuration))
        let logged = EventLog()
        let scheduler = MailScheduler(mailer: mailer, startingAt: instant("2025-04-01T04:58:00Z"),
                                      log: { event in logged.append(event) })
        for time in ["2025-04-01T05:00:00Z", "2025-04-01T05:01:00Z", "2025-04-01T05:02:30Z", "2025-04-01T07:00:00Z"] {
            scheduler.tick(now: instant(time))
        }
        let events = logged.events
        XCTAssertEqual(events.map { "\($0.attempt) \($0.gaveUp)" }, ["1 false", "2 false", "3 true"])
        XCTAssertFalse(events.map { "\($0)" }.joined().contains("@"), "no address in what is logged")
        XCTAssertEqual(try CallStore(path: store.database).mailSends().map { "\($0.state) \($0.attempts)" }, ["failed 3"])
        XCTAssertEqual(scheduler.pendingRetries, 0)
        let access = try AccessControl.open(databasePath: store.database, configuration: nil)
        let rows = try XCTUnwrap(access.auditLog).entries(AuditFilter(action: "report.mail"))
        XCTAssertEqual(rows.map(\.outcome), ["failure", "failure", "failure", "failure"])
        XCTAssertEqual(rows.last?.detail, "report=sales-monthly trigger=schedule attempts=3 gave_up=true")
        XCTAssertEqual(rows.last?.subject, rows.first?.subject, "the recipient's user, pseudonymised")
        XCTAssertFalse(rows.map(\.detail).joined().contains("@"), "no address in the audit log")
    }

    private func attachmentName(_ index: Int) throws -> String? {
        let parts = try XCTUnwrap(try MailPeers.parse(server.received[index])["parts"] as? [[String: Any]])
        return parts.last?["filename"] as? String
    }
}

extension Data {
    /// Bytes from hex text.
    init(hex: String) {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) {
            bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        self.init(bytes)
    }
}

/// The events the scheduler logged, in order.
private final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [MailScheduler.Event] = []

    func append(_ event: MailScheduler.Event) {
        lock.lock()
        recorded.append(event)
        lock.unlock()
    }

    var events: [MailScheduler.Event] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }
}
