import Alarms
import Foundation
import Mail
import Store
import TestSupport
import TollbookConfiguration
import XCTest

/// Alarm notifications by mail (`alarms.mail`) over the `mail:` section's SMTP server: a real
/// aiosmtpd on loopback with STARTTLS and AUTH, the message's recipients, subject and body, and the
/// configuration's errors.
final class AlarmMailTests: XCTestCase {
    private var root: URL!
    private var server: SMTPServerFixture!

    override func setUpWithError() throws {
        root = try TestEnvironment.makeTemporaryDirectory("alarm-mail")
        server = try SMTPServerFixture(root: root.appendingPathComponent("smtp"))
    }

    override func tearDown() {
        server?.stop()
        try? FileManager.default.removeItem(at: root)
    }

    private func configuration(alarms: String, mail: Bool = true) throws -> ConfigurationFile {
        let text = """
            sites:
              - name: berlin
                time_zone: Europe/Berlin
                sources: [cucm]
                numbering: { country_code: "49", area_code: "30", outside_line_prefixes: ["0"], extensions: ["2000-2999"] }
                providers: { default: testnet }
                alarms:
            \(alarms)
            """ + (mail ? """

            mail:
              host: 127.0.0.1
              port: \(server.port)
              from: tollbook@example.com
              user: \(server.user)
              password_file: \(server.passwordFile.path)
              ca_file: \(server.certificate.path)

            """ : "\n")
        return try ConfigurationFile.parse(text, path: root.appendingPathComponent("tollbook.yaml").path)
    }

    /// The alarm as the outbox holds it (`AlarmJSON`): a long call of extension berlin/2001.
    private let body = """
        {"event":"raised","id":7,"rule":"long_call","severity":"low","site":"berlin","entity_kind":"extension",\
        "entity":"berlin/2001","call_ids":[3],"at":"2025-03-03T09:00:00Z","raised":"2025-03-03T11:00:05Z",\
        "message":"a call of 7201 s (limit 7200 s) to Deutschland Festnetz","state":"open"}
        """

    func testAnAlarmIsMailedToTheSitesRecipientsWithRuleSeverityAndHowToAcknowledgeIt() throws {
        let file = try configuration(alarms: """
                  mail: { recipients: [security@example.com, telecom@example.com], max_attempts: 3, retry_initial_seconds: 10 }
            """)
        let notifier = MailAlarmNotifier(configuration: file)
        XCTAssertEqual(notifier.channel, "mail")
        XCTAssertTrue(notifier.covers(site: "berlin"))
        XCTAssertFalse(notifier.covers(site: "hamburg"))
        XCTAssertEqual(notifier.retryPolicy(site: "berlin"), AlarmRetryPolicy(maxAttempts: 3, initialSeconds: 10, maxSeconds: 3600))
        let delivery = AlarmDeliveryRecord(id: 1, alarmID: 7, channel: "mail", site: "berlin", body: body, nextAttemptMs: 0)
        try notifier.deliver(delivery, nowMs: 1_741_000_000_000)
        XCTAssertEqual(server.received.count, 1, server.log)
        XCTAssertEqual(try server.envelope(0)["rcpt_tos"] as? [String], ["security@example.com", "telecom@example.com"])
        let parsed = try MailPeers.parse(server.received[0])
        XCTAssertEqual(parsed["subject"] as? String, "Tollbook alarm: long_call (low), site berlin")
        let parts = try XCTUnwrap(parsed["parts"] as? [[String: Any]])
        let text = try XCTUnwrap(parts.first { $0["type"] as? String == "text/plain" }?["text"] as? String)
        XCTAssertTrue(text.hasPrefix("Tollbook raised an alarm.\r\n\r\nRule:     long_call\r\nSeverity: low\r\nSite:     berlin\r\n"
                                     + "Entity:   extension berlin/2001\r\nAt:       2025-03-03T09:00:00Z\r\n\r\n"
                                     + "a call of 7201 s (limit 7200 s) to Deutschland Festnetz\r\n\r\n"
                                     + "Acknowledge it with: tollbook alarms ack 7 --comment \"…\"\r\n"), text)
        XCTAssertTrue(text.contains(body), text)
    }

    func testAServerThatIsDownThrowsSoTheOutboxRetries() throws {
        let file = try configuration(alarms: """
                  mail: { recipients: [security@example.com] }
            """)
        server.stop()
        let delivery = AlarmDeliveryRecord(id: 1, alarmID: 7, channel: "mail", site: "berlin", body: body, nextAttemptMs: 0)
        XCTAssertThrowsError(try MailAlarmNotifier(configuration: file).deliver(delivery, nowMs: 1_741_000_000_000)) { error in
            XCTAssertEqual((error as? MailError)?.isTransient, true, "\(error)")
        }
    }

    func testConfigurationErrorsNameFileLineAndKey() throws {
        XCTAssertThrowsError(try configuration(alarms: """
                  mail: { recipients: [security@example.com] }
            """, mail: false)) { error in
            XCTAssertTrue("\(error)".hasSuffix("tollbook.yaml:8: sites[0].alarms.mail: needs a mail: section (the SMTP server)"),
                          "\(error)")
        }
        XCTAssertThrowsError(try configuration(alarms: """
                  mail: { recipients: ["Security Team <security@example.com>"] }
            """)) { error in
            XCTAssertTrue("\(error)".contains("sites[0].alarms.mail.recipients[0]: must be one e-mail address (name@example.com)"),
                          "\(error)")
        }
        XCTAssertThrowsError(try configuration(alarms: """
                  mail: { recipients: [] }
            """)) { error in
            XCTAssertTrue("\(error)".contains("sites[0].alarms.mail.recipients: must name at least one address"), "\(error)")
        }
    }
}
