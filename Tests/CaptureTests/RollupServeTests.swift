import Foundation
import TestSupport
import XCTest

/// KPI roll-ups (docs/rollups.md) kept by `tollbook serve`'s worker and by `tollbook journal replay`:
/// the KPI fixture arrives through the spool, the worker refreshes within `rollups.refresh_seconds`,
/// and after a replay of the journal the rows still equal the detail (`rollups verify`).
final class RollupServeTests: XCTestCase {
    private var harness: ServiceHarness!

    override func setUpWithError() throws {
        harness = try ServiceHarness()
    }

    override func tearDown() {
        harness.stop()
        harness = nil
    }

    private func rollups(_ arguments: [String]) throws -> TestEnvironment.CommandResult {
        try harness.tollbook(["rollups"] + arguments + ["--config", harness.configPath, "--db", harness.database])
    }

    private func groupRows() throws -> Int? {
        let result = try rollups(["status", "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return (object?["rows"] as? [String: Int])?["group"]
    }

    func testServeRefreshesTheRollupsAndAReplayKeepsThemEqualToTheDetail() throws {
        try harness.writeConfiguration(connectors: """
                  - name: cucm
                    plugin: cisco.cucm
                    transport: { type: spool, path: spool, poll_interval_ms: 100, stable_ms: 100 }
            """, service: "rollups:\n  refresh_seconds: 1")
        try harness.start()
        let spool = harness.directory.appendingPathComponent("spool")
        try FileManager.default.copyItem(at: TestEnvironment.fixtures.appendingPathComponent("cisco/cdr_kpi.txt"),
                                         to: spool.appendingPathComponent("cdr_kpi.txt"))
        XCTAssertTrue(harness.wait(timeout: 60) { harness.callCount() == 5 }, harness.log)
        // Hunt group 2300 has calls in the 11:00 and the 11:15 quarter of 3 March 2025.
        XCTAssertTrue(harness.wait(timeout: 30) { (try? groupRows()) == 2 }, harness.log)
        harness.stop()
        let verified = try rollups(["verify"])
        XCTAssertEqual(verified.status, 0, verified.stdout + verified.stderr)

        let replay = try harness.tollbook(["journal", "replay", "--config", harness.configPath, "--source", "cucm"])
        XCTAssertEqual(replay.status, 0, replay.stderr)
        XCTAssertEqual(try groupRows(), 2)
        let status = try rollups(["status", "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(object?["dirty"] as? [String], [], "the replay refreshed what it rewrote")
        XCTAssertEqual(object?["fingerprint_matches"] as? Bool, true)
        let again = try rollups(["verify", "--format", "json"])
        XCTAssertEqual(again.status, 0, again.stdout + again.stderr)
        let report = try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(report?["passed"] as? Bool, true)
    }
}
