import Alarms
import Crypto
import Foundation
import Store
import TollbookConfiguration
import XCTest

/// Webhook notifications against a real HTTP receiver on loopback: signed (verified here with the
/// shared secret), retried with exponential back-off from the durable outbox, delivered after a
/// restart, given up after the last attempt, refused with a secret file others may read.
final class WebhookDeliveryTests: XCTestCase {
    private var fixture: AlarmFixture!
    private let now: Int64 = 1_741_100_000_000

    override func setUpWithError() throws {
        fixture = try AlarmFixture()
    }

    override func tearDown() {
        fixture.remove()
    }

    private func configuration(_ receiver: String, extra: String = "") throws -> ConfigurationFile {
        try fixture.loadConfiguration(alarms: """
                alarms:
                  webhook: { url: "\(receiver)", secret_file: webhook.secret, timeout_seconds: 5, retry_initial_seconds: 2, retry_max_seconds: 5\(extra) }
            """)
    }

    /// One alarm with its webhook queued (as a scan leaves it).
    private func queueOneAlarm() throws -> (CallStore, String) {
        let store = try CallStore(path: fixture.storePath)
        let alarm = AlarmRecord(dedupeKey: "long_call:7", rule: "long_call", severity: "low", site: "berlin", entityKind: "extension",
                                entity: "berlin/2001", callIDs: [7], atMs: 1_741_000_000_000, raisedMs: now,
                                message: "Call of 7201 s talk time (limit 7200 s) to Welt")
        var stored = alarm
        stored.id = try XCTUnwrap(try store.insertAlarm(alarm))
        let body = AlarmJSON.object(stored, event: "alarm.raised")
        try store.enqueueAlarmDelivery(alarmID: stored.id, channel: "webhook", site: "berlin", body: body, nowMs: now)
        return (store, body)
    }

    private func hmacHex(_ material: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(material.utf8), using: SymmetricKey(data: Data(AlarmFixture.secret.utf8)))
            .map { String(format: "%02x", $0) }.joined()
    }

    func testTheBodyIsPostedWithASignatureTheReceiverCanVerify() throws {
        let receiver = try WebhookReceiver(directory: fixture.directory)
        let configuration = try configuration(receiver.url)
        let (store, body) = try queueOneAlarm()
        let result = try AlarmDelivery(store: store, notifiers: [WebhookNotifier(configuration: configuration)]).runDue(nowMs: now)
        XCTAssertEqual(result.delivered, 1)
        XCTAssertEqual(result.failed, 0)
        let requests = try receiver.requests()
        XCTAssertEqual(requests.count, 1)
        let request = try XCTUnwrap(requests.first)
        let headers = try XCTUnwrap(request["headers"] as? [String: String])
        XCTAssertEqual(request["path"] as? String, "/hook")
        XCTAssertEqual(request["body"] as? String, body)
        XCTAssertEqual(body, """
            {"event":"alarm.raised","id":1,"rule":"long_call","severity":"low","site":"berlin","entity_kind":"extension",\
            "entity":"berlin/2001","call_ids":[7],"at":"2025-03-03T11:06:40Z","raised":"2025-03-04T14:53:20Z",\
            "message":"Call of 7201 s talk time (limit 7200 s) to Welt","state":"open"}
            """)
        XCTAssertEqual(headers["content-type"], "application/json")
        XCTAssertEqual(headers["x-tollbook-timestamp"], "1741100000")
        XCTAssertEqual(headers["x-tollbook-delivery"], "1")
        // The receiver's check: HMAC-SHA-256 with the shared secret over "<timestamp>.<body>".
        XCTAssertEqual(headers["x-tollbook-signature"], "sha256=" + hmacHex("1741100000." + body))
        XCTAssertNotEqual(headers["x-tollbook-signature"], "sha256=" + hmacHex("1741100001." + body), "another time, another signature")
        let delivery = try XCTUnwrap(try store.alarmDeliveries().first)
        XCTAssertEqual([delivery.state, "\(delivery.attempts)", "\(delivery.deliveredMs ?? 0)"], ["delivered", "1", "\(now)"])
        XCTAssertEqual(try AlarmDelivery(store: store, notifiers: [WebhookNotifier(configuration: configuration)]).runDue(nowMs: now + 60_000).delivered,
                       0, "delivered once")
    }

    func testAFailingReceiverIsRetriedWithExponentialBackOff() throws {
        let receiver = try WebhookReceiver(directory: fixture.directory, statuses: [500, 503, 500])
        let configuration = try configuration(receiver.url)
        let (store, _) = try queueOneAlarm()
        let delivery = AlarmDelivery(store: store, notifiers: [WebhookNotifier(configuration: configuration)])
        func row() throws -> AlarmDeliveryRecord { try XCTUnwrap(try store.alarmDeliveries().first) }

        XCTAssertEqual(try delivery.runDue(nowMs: now).failed, 1)
        XCTAssertEqual(try row().attempts, 1)
        XCTAssertEqual(try row().nextAttemptMs, now + 2000, "first retry after retry_initial_seconds")
        XCTAssertEqual(try row().lastError, "webhook \(receiver.url): the receiver answered HTTP 500")
        XCTAssertEqual(try delivery.runDue(nowMs: now + 1999).failed, 0, "not due yet")
        XCTAssertEqual(try receiver.requests().count, 1)

        XCTAssertEqual(try delivery.runDue(nowMs: now + 2000).failed, 1)
        XCTAssertEqual(try row().nextAttemptMs, now + 2000 + 4000, "doubled")
        XCTAssertEqual(try row().lastError, "webhook \(receiver.url): the receiver answered HTTP 503")
        XCTAssertEqual(try delivery.runDue(nowMs: now + 6000).failed, 1)
        XCTAssertEqual(try row().nextAttemptMs, now + 6000 + 5000, "8 s capped at retry_max_seconds")
        XCTAssertEqual(try delivery.runDue(nowMs: now + 11_000).delivered, 1)
        XCTAssertEqual(try row().state, "delivered")
        XCTAssertEqual(try row().attempts, 4)
        XCTAssertNil(try row().lastError)
        XCTAssertEqual(try receiver.requests().map { $0["status"] as? Int }, [500, 503, 500, 200])
    }

    func testTheOutboxSurvivesARestartAndGivesUpAfterTheLastAttempt() throws {
        // Nothing listens on this port: every attempt is refused.
        let closed = try WebhookReceiver(directory: fixture.directory)
        let deadURL = closed.url
        closed.stop()
        do {
            let configuration = try configuration(deadURL, extra: ", max_attempts: 3")
            let (store, _) = try queueOneAlarm()
            XCTAssertEqual(try AlarmDelivery(store: store, notifiers: [WebhookNotifier(configuration: configuration)]).runDue(nowMs: now).failed, 1)
            let row = try XCTUnwrap(try store.alarmDeliveries().first)
            XCTAssertEqual(row.state, "pending")
            XCTAssertTrue(row.lastError?.hasPrefix("webhook \(deadURL): Couldn't connect to server") == true, row.lastError ?? "")
        }
        // A new process: a new store connection and notifier, the receiver back (at the address the configuration now names).
        let receiver = try WebhookReceiver(directory: fixture.directory)
        let configuration = try configuration(receiver.url, extra: ", max_attempts: 3")
        let store = try CallStore(path: fixture.storePath)
        let delivery = AlarmDelivery(store: store, notifiers: [WebhookNotifier(configuration: configuration)])
        XCTAssertEqual(try delivery.runDue(nowMs: now + 1999).delivered, 0, "the back-off is kept across the restart")
        XCTAssertEqual(try delivery.runDue(nowMs: now + 2000).delivered, 1)
        XCTAssertEqual(try receiver.requests().count, 1)

        // Giving up: a second notification whose receiver always fails, max_attempts 3.
        let failing = try WebhookReceiver(directory: fixture.directory, statuses: [500, 500, 500, 500])
        let failingConfiguration = try self.configuration(failing.url, extra: ", max_attempts: 3")
        let alarm = AlarmRecord(dedupeKey: "call_cost:8", rule: "call_cost", severity: "medium", site: "berlin", entityKind: "extension",
                                entity: "berlin/2001", callIDs: [8], atMs: now, raisedMs: now, message: "m")
        let id = try XCTUnwrap(try store.insertAlarm(alarm))
        try store.enqueueAlarmDelivery(alarmID: id, channel: "webhook", site: "berlin", body: "{}", nowMs: now)
        let giving = AlarmDelivery(store: store, notifiers: [WebhookNotifier(configuration: failingConfiguration)])
        for at in [now, now + 2000, now + 6000] { try giving.runDue(nowMs: at) }
        let row = try XCTUnwrap(try store.alarmDeliveries().last)
        XCTAssertEqual(row.state, "failed")
        XCTAssertEqual(row.attempts, 3)
        XCTAssertEqual(try giving.runDue(nowMs: now + 3_600_000).failed, 0, "a failed notification is not attempted again")
        XCTAssertEqual(try failing.requests().count, 3)
    }

    func testASecretFileOthersMayReadIsRefused() throws {
        let receiver = try WebhookReceiver(directory: fixture.directory)
        let configuration = try configuration(receiver.url)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: fixture.secretPath)
        let (store, _) = try queueOneAlarm()
        XCTAssertEqual(try AlarmDelivery(store: store, notifiers: [WebhookNotifier(configuration: configuration)]).runDue(nowMs: now).failed, 1)
        XCTAssertEqual(try store.alarmDeliveries().first?.lastError, "\(fixture.secretPath): has mode 644: others may read it (chmod 600)")
        XCTAssertEqual(try receiver.requests().count, 0, "nothing is sent unsigned")
        XCTAssertThrowsError(try WebhookSignature.readSecret(path: fixture.directory.appendingPathComponent("none").path)) { error in
            XCTAssertEqual("\(error)", "\(self.fixture.directory.appendingPathComponent("none").path): cannot be read (missing?)")
        }
    }
}
