import Foundation
import TestSupport
import XCTest

/// `tollbook journal replay`: after a connector fix (here: its options), a source's calls are
/// rebuilt from the raw journal, exactly as a fresh import would store them, without duplicates.
final class JournalReplayTests: XCTestCase {
    private var harness: ServiceHarness!

    override func setUpWithError() throws {
        harness = try ServiceHarness()
    }

    override func tearDown() {
        harness.stop()
        harness = nil
    }

    private func configure(options: String) throws {
        try harness.writeConfiguration(connectors: """
                  - name: cucm
                    plugin: cisco.cucm
                    \(options)
                    transport: { type: spool, path: spool, poll_interval_ms: 100, stable_ms: 100 }
            """)
    }

    func testReplayRebuildsTheCallsWithTheFixedConnectorAndStoresNothingTwice() throws {
        let cisco = TestEnvironment.fixtures.appendingPathComponent("cisco")
        let files = ["cdr_133_basic.txt", "cdr_transfer_chain.txt", "cdr_malformed.txt"].map { cisco.appendingPathComponent($0) }
        // A wrong trunk pattern: the gateway is not recognised, so directions come out wrong.
        try configure(options: "options: { trunk_patterns: \"NO-SUCH-GATEWAY-*\" }")
        let wrong = try harness.referenceCalls(connector: "cisco.cucm", source: "cucm", files: files.map(\.path),
                                               options: ["trunk_patterns=NO-SUCH-GATEWAY-*"])
        try harness.start()
        let spool = harness.directory.appendingPathComponent("spool")
        for file in files { try FileManager.default.copyItem(at: file, to: spool.appendingPathComponent(file.lastPathComponent)) }
        XCTAssertTrue(harness.wait(timeout: 60) { harness.callCount() == wrong.count }, harness.log)

        // While the service ingests the source, a replay is refused.
        let busy = try harness.tollbook(["journal", "replay", "--config", harness.configPath, "--source", "cucm"])
        XCTAssertNotEqual(busy.status, 0)
        XCTAssertTrue(busy.stderr.contains("is being ingested by another process"), busy.stderr)
        harness.stop()
        XCTAssertEqual(try harness.storedCalls(), wrong)

        // The fix: default trunk patterns. The replay reads the same journal again.
        try configure(options: "")
        let fixed = try harness.referenceCalls(connector: "cisco.cucm", source: "cucm", files: files.map(\.path))
        XCTAssertNotEqual(fixed, wrong)
        let replay = try harness.tollbook(["journal", "replay", "--config", harness.configPath, "--source", "cucm"])
        XCTAssertEqual(replay.status, 0, replay.stderr)
        XCTAssertEqual(replay.stdout, "cucm: 3 streams replayed; \(wrong.count) calls and 4 rejects removed, \(fixed.count) calls stored\n")
        XCTAssertEqual(try harness.storedCalls(), fixed)
        let rejects = try harness.tollbook(["rejects", "--db", harness.database, "--format", "jsonl"])
        XCTAssertEqual(rejects.stdout.split(separator: "\n").count, 4, rejects.stdout)

        // Replaying again changes nothing; from a time after the last stream, there is nothing to replay.
        let again = try harness.tollbook(["journal", "replay", "--config", harness.configPath, "--source", "cucm"])
        XCTAssertEqual(again.stdout, "cucm: 3 streams replayed; \(fixed.count) calls and 4 rejects removed, \(fixed.count) calls stored\n")
        XCTAssertEqual(try harness.storedCalls(), fixed)
        let later = try harness.tollbook(["journal", "replay", "--config", harness.configPath, "--source", "cucm", "--from", "2099-01-01"])
        XCTAssertEqual(later.stdout, "cucm: 0 streams replayed; 0 calls and 0 rejects removed, 0 calls stored\n")

        let verify = try harness.tollbook(["journal", "verify", harness.dataDirectory + "/journal/cucm"])
        XCTAssertEqual(verify.status, 0, verify.stdout + verify.stderr)

        // The service takes over where the replay left off: nothing is read a third time.
        try harness.start()
        XCTAssertTrue(harness.wait(timeout: 30) { (try? harness.get("/healthz"))?.contains("\"journal_lag\":0") ?? false })
        harness.stop()
        XCTAssertEqual(try harness.storedCalls(), fixed)
    }

    /// The alarm rules after a replay: the replayed calls get their ids back, so the rules find the
    /// alarms `serve` raised from the same calls and raise none again.
    func testReplayEvaluatesTheAlarmRulesWithoutRaisingThemTwice() throws {
        try harness.writeConfiguration(connectors: """
                  - name: cucm
                    plugin: cisco.cucm
                    transport: { type: spool, path: spool, poll_interval_ms: 100, stable_ms: 100 }
            """, site: "    alarms: { max_call_seconds: 7200 }")
        try harness.start()
        let file = TestEnvironment.fixtures.appendingPathComponent("alarms/cdr_alarms.txt")
        try FileManager.default.copyItem(at: file, to: harness.directory.appendingPathComponent("spool/cdr_alarms.txt"))
        func alarms() -> [[String: Any]] {
            guard let listed = try? harness.tollbook(["alarms", "list", "--db", harness.database, "--format", "json"]),
                  let rows = try? JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] else { return [] }
            return rows
        }
        // long_call (call 1), after_hours and high_risk_destination (call 3), high_risk_destination (call 5) at least.
        XCTAssertTrue(harness.wait(timeout: 60) { harness.callCount() == 5 && alarms().count >= 4 }, harness.log)
        Thread.sleep(forTimeInterval: 1)
        harness.stop()
        let raised = alarms()
        let rules = raised.compactMap { $0["rule"] as? String }
        XCTAssertTrue(Set(rules).isSuperset(of: ["long_call", "after_hours", "high_risk_destination"]), "\(rules)")

        let replay = try harness.tollbook(["journal", "replay", "--config", harness.configPath, "--source", "cucm"])
        XCTAssertEqual(replay.status, 0, replay.stderr)
        XCTAssertEqual(replay.stdout, "cucm: 1 streams replayed; 5 calls and 0 rejects removed, 5 calls stored\n"
                       + "alarms: \(raised.count) found, 0 new\n")
        XCTAssertEqual(alarms().count, raised.count, "no alarm twice")
    }
}
