import Alarms
import Foundation
import Logging
import Store
import TollbookConfiguration
import XCTest

/// `AlarmScanner` on a real store: the rules on stored calls read through the query layer, each
/// alarm stored once (a re-scan adds nothing), its webhook queued in the same transaction; and the
/// serve worker evaluating the windows the ingest stage noted.
final class AlarmScanTests: XCTestCase {
    private var fixture: AlarmFixture!
    /// 2025-03-03 00:00:00 UTC, a Monday.
    private let monday: Int64 = 1_740_960_000_000
    /// 2025-03-04T14:53:20Z.
    private let now: Int64 = 1_741_100_000_000

    override func setUpWithError() throws {
        fixture = try AlarmFixture()
        try fixture.store([
            AlarmFixture.leg("a", extension: "2001", e164: "+18765550100", startMs: monday + 17 * 3_600_000, talkSeconds: 95,
                             costMinor: 200, zone: "JAMAICA", destination: "Jamaika"),
            AlarmFixture.leg("b", extension: "2002", e164: "+442079460002", startMs: monday + 16 * 3_600_000 + 59 * 60_000,
                             talkSeconds: 60, costMinor: 10, zone: "WORLD", destination: "Welt"),
            AlarmFixture.leg("c", extension: "2003", e164: "+442079460001", startMs: monday + 10 * 3_600_000, talkSeconds: 7201,
                             costMinor: 1210, zone: "WORLD", destination: "Welt"),
        ])
    }

    override func tearDown() {
        fixture.remove()
    }

    private func scanner(_ configuration: ConfigurationFile) throws -> AlarmScanner {
        AlarmScanner(storePath: fixture.storePath, configuration: configuration, audit: try fixture.auditLog(),
                     notifiers: [WebhookNotifier(configuration: configuration)])
    }

    func testAScanStoresEachAlarmOnceAndQueuesItsWebhookInTheSameTransaction() throws {
        let configuration = try fixture.loadConfiguration(alarms: """
                alarms:
                  webhook: { url: "http://127.0.0.1:9/hook", secret_file: webhook.secret }
            """)
        let first = try scanner(configuration).scan(fromMs: monday, toMs: monday + 86_400_000, nowMs: now)
        XCTAssertEqual(first.found, 3)
        XCTAssertEqual(first.raised, [
            AlarmRecord(id: 1, dedupeKey: "long_call:3", rule: "long_call", severity: "low", site: "berlin", entityKind: "extension",
                        entity: "berlin/2003", callIDs: [3], atMs: monday + 10 * 3_600_000, raisedMs: now,
                        message: "Call of 7201 s talk time (limit 7200 s) to Welt"),
            AlarmRecord(id: 2, dedupeKey: "after_hours:1", rule: "after_hours", severity: "high", site: "berlin", entityKind: "extension",
                        entity: "berlin/2001", callIDs: [1], atMs: monday + 17 * 3_600_000, raisedMs: now,
                        message: "International call outside business hours (Mon 18:00 local time) to Jamaika"),
            AlarmRecord(id: 3, dedupeKey: "high_risk_destination:1", rule: "high_risk_destination", severity: "high", site: "berlin",
                        entityKind: "extension", entity: "berlin/2001", callIDs: [1], atMs: monday + 17 * 3_600_000, raisedMs: now,
                        message: "Call to a destination on the high-risk list: Jamaika"),
        ])
        let again = try scanner(configuration).scan(fromMs: monday - 86_400_000, toMs: monday + 2 * 86_400_000, nowMs: now + 1)
        XCTAssertEqual(again.found, 3)
        XCTAssertEqual(again.raised, [], "a re-scan finds the same alarms and raises none again")
        let store = try CallStore(path: fixture.storePath)
        XCTAssertEqual(try store.alarms(), first.raised)
        let deliveries = try store.alarmDeliveries()
        XCTAssertEqual(deliveries.map(\.alarmID), [1, 2, 3])
        XCTAssertEqual(deliveries.map(\.state), ["pending", "pending", "pending"])
        XCTAssertEqual(deliveries.first?.body, """
            {"event":"alarm.raised","id":1,"rule":"long_call","severity":"low","site":"berlin","entity_kind":"extension",\
            "entity":"berlin/2003","call_ids":[3],"at":"2025-03-03T10:00:00Z","raised":"2025-03-04T14:53:20Z",\
            "message":"Call of 7201 s talk time (limit 7200 s) to Welt","state":"open"}
            """)
        for delivery in deliveries {
            for number in ["8765550100", "2079460001", "2079460002"] { XCTAssertFalse(delivery.body.contains(number), delivery.body) }
        }
    }

    func testASiteWithoutWebhookQueuesNothingAndDisabledAlarmsRaiseNothing() throws {
        let plain = try scanner(try fixture.loadConfiguration())
        XCTAssertEqual(try plain.scan(fromMs: monday, toMs: monday + 86_400_000, nowMs: now).raised.count, 3)
        XCTAssertEqual(try CallStore(path: fixture.storePath).alarmDeliveries(), [])
        fixture.remove()
        fixture = try AlarmFixture()
        try fixture.store([AlarmFixture.leg("a", e164: "+18765550100", startMs: monday + 17 * 3_600_000, talkSeconds: 95,
                                            costMinor: 200, zone: "JAMAICA", destination: "Jamaika")])
        let disabled = try scanner(try fixture.loadConfiguration(alarms: "    alarms: { enabled: false }"))
        XCTAssertEqual(try disabled.scan(fromMs: monday, toMs: monday + 86_400_000, nowMs: now), AlarmScanResult(found: 0, raised: []))
    }

    func testTheWorkerEvaluatesTheNotedWindowsAndDeliversTheirWebhooks() throws {
        let receiver = try WebhookReceiver(directory: fixture.directory)
        let configuration = try fixture.loadConfiguration(alarms: """
                alarms:
                  webhook: { url: "\(receiver.url)", secret_file: webhook.secret }
            """)
        let store = try CallStore(path: fixture.storePath)
        // What the alarm stage writes in the transaction of a batch with the leg of 17:00 UTC.
        try store.enqueueAlarmWindow(fromMs: monday + 17 * 3_600_000, toMs: monday + 17 * 3_600_000 + 1)
        let worker = AlarmWorker(storePath: fixture.storePath, configuration: configuration, audit: try fixture.auditLog(),
                                 encryption: .none, notifiers: [WebhookNotifier(configuration: configuration)],
                                 logger: .init(label: "test"), clock: .fixed(now))
        let raised = try worker.runOnce()
        XCTAssertEqual(raised.map(\.rule), ["after_hours", "high_risk_destination"], "only the window's leg is judged")
        XCTAssertEqual(try store.pendingAlarmWindows().count, 0)
        XCTAssertEqual(try store.alarmDeliveries().map(\.state), ["delivered", "delivered"])
        XCTAssertEqual(try receiver.requests().count, 2)
        XCTAssertEqual(try worker.runOnce(), [], "nothing left to evaluate")
        XCTAssertEqual(try receiver.requests().count, 2)
    }

    func testAReconfiguredWorkerUsesTheNewSettingsFromTheNextRound() throws {
        let disabled = try fixture.loadConfiguration(alarms: "    alarms: { enabled: false }")
        let store = try CallStore(path: fixture.storePath)
        let worker = AlarmWorker(storePath: fixture.storePath, configuration: disabled, audit: try fixture.auditLog(),
                                 encryption: .none, notifiers: [], logger: .init(label: "test"), clock: .fixed(now))
        try store.enqueueAlarmWindow(fromMs: monday, toMs: monday + 86_400_000)
        XCTAssertEqual(try worker.runOnce(), [], "alarms switched off")
        XCTAssertEqual(try store.pendingAlarmWindows().count, 0)
        worker.reconfigure(try fixture.loadConfiguration(alarms: "    alarms: { max_call_seconds: 7201 }"), notifiers: [])
        try store.enqueueAlarmWindow(fromMs: monday, toMs: monday + 86_400_000)
        XCTAssertEqual(try worker.runOnce().map(\.rule), ["after_hours", "high_risk_destination"],
                       "7201 s is not over the new max_call_seconds")
    }
}
