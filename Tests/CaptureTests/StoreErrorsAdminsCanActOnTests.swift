import Foundation
import TestSupport
import XCTest

/// Store errors name the database file and say what they mean; read-only commands work on a
/// write-protected store.
final class StoreErrorsAdminsCanActOnTests: XCTestCase {
    private var harness: ServiceHarness!

    override func setUpWithError() throws {
        harness = try ServiceHarness()
    }

    override func tearDown() {
        harness = nil
    }

    private func importSample(into database: String) throws {
        let sample = TestEnvironment.packageRoot.appendingPathComponent("examples/cucm/cdr_StandAloneCluster_01_202503030800_1").path
        try harness.writeConfiguration(connectors: """
                  - name: cucm
                    plugin: cisco.cucm
                    transport: { type: spool, path: spool }
            """)
        let result = try harness.tollbook(["import", "--db", database, "--config", harness.configPath, "--connector", "cisco.cucm",
                                           "--source", "cucm", sample])
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    func testAFileThatIsNotADatabaseIsNamed() throws {
        let path = harness.directory.appendingPathComponent("notes.db").path
        try String(repeating: "this is not sqlite\n", count: 300).write(toFile: path, atomically: true, encoding: .utf8)
        let result = try harness.tollbook(["calls", "--db", path])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("\(path): not a Tollbook database (file is not a database)"), result.stderr)
    }

    func testReadOnlyCommandsWorkOnAWriteProtectedStore() throws {
        let path = harness.directory.appendingPathComponent("archive.db").path
        try importSample(into: path)
        let before = try harness.tollbook(["calls", "--db", path, "--format", "jsonl"])
        XCTAssertEqual(before.status, 0, before.stderr)
        // WAL and shared-memory files are gone once the last writer closed; make the file immutable.
        let protect = try TestEnvironment.run(URL(fileURLWithPath: "/usr/bin/chattr"), ["+i", path])
        XCTAssertEqual(protect.status, 0, protect.stderr)
        defer { _ = try? TestEnvironment.run(URL(fileURLWithPath: "/usr/bin/chattr"), ["-i", path]) }
        let calls = try harness.tollbook(["calls", "--db", path, "--format", "jsonl"])
        XCTAssertEqual(calls.status, 0, calls.stderr)
        XCTAssertEqual(calls.stdout, before.stdout)
        XCTAssertFalse(calls.stdout.isEmpty)
        let rejects = try harness.tollbook(["rejects", "--db", path, "--format", "jsonl"])
        XCTAssertEqual(rejects.status, 0, rejects.stderr)
        let chart = try harness.tollbook(["org", "show", "--db", path])
        XCTAssertEqual(chart.status, 0, chart.stderr)
        let report = try harness.tollbook(["report", "costs", "--db", path, "--config", harness.configPath,
                                           "--by", "node", "--from", "2025-03-01", "--to", "2025-03-31"])
        XCTAssertEqual(report.status, 0, report.stderr)
        // A command that writes fails with an error naming the file.
        let sample = TestEnvironment.packageRoot.appendingPathComponent("examples/cucm/cdr_StandAloneCluster_01_202503030800_1").path
        let writing = try harness.tollbook(["import", "--db", path, "--config", harness.configPath, "--connector", "cisco.cucm",
                                            "--source", "cucm", sample])
        XCTAssertNotEqual(writing.status, 0)
        XCTAssertTrue(writing.stderr.contains(path), writing.stderr)
    }
}
