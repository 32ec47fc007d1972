import Foundation
import TestSupport
import XCTest

/// `tollbook serve` runs retention by itself: first shortly after start (here after 1 second),
/// then every interval; it logs counts only and stops cleanly.
final class RetentionServeTests: XCTestCase {
    func testServeRunsRetentionSoonAfterStartAndStopsCleanly() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("tollbook-retention-serve")
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("tollbook.yaml").path
        let database = directory.appendingPathComponent("data/tollbook.db").path
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("data"), withIntermediateDirectories: true)
        try Data("""
            tariffs: \(TestEnvironment.packageRoot.appendingPathComponent("tariffs").path)
            service:
              data_directory: data
            sites:
              - name: berlin
                time_zone: Europe/Berlin
                sources: [cucm]
                numbering: { country_code: "49", area_code: "30", outside_line_prefixes: ["0"], extensions: ["2000-2999"] }
                providers: { default: nordtel }
            privacy:
              retention:
                first_run_after: 1 second
                interval: 1 hour

            """.utf8).write(to: URL(fileURLWithPath: config))
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TOLLBOOK_") }
        let fixtures = TestEnvironment.fixtures.appendingPathComponent("cisco")
        // Calls of March 2025: more than 6 months old now, so the first run deletes all 11.
        let imported = try TestEnvironment.run(TestEnvironment.tollbookExecutable, [
            "import", "--db", database, "--connector", "cisco.cucm", "--source", "cucm",
        ] + ["cdr_133_basic.txt", "cdr_129.txt", "cdr_forwards.txt"].map { fixtures.appendingPathComponent($0).path },
            environment: environment, currentDirectory: directory)
        XCTAssertEqual(imported.status, 0, imported.stderr)

        let log = directory.appendingPathComponent("serve.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = TestEnvironment.tollbookExecutable
        process.arguments = ["serve", "--config", config]
        process.environment = environment
        process.currentDirectoryURL = directory
        process.standardError = handle
        process.standardOutput = handle
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        let deadline = Date(timeIntervalSinceNow: 60)
        var logged = ""
        while Date() < deadline {
            logged = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if logged.contains("retention run") { break }
            Thread.sleep(forTimeInterval: 0.2)
        }
        XCTAssertTrue(logged.contains("retention run"), logged)
        XCTAssertTrue(logged.contains("detail=11"), logged)
        process.terminate()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, logged)

        let audit = try TestEnvironment.run(TestEnvironment.tollbookExecutable, [
            "audit", "list", "--db", database, "--config", config, "--action", "retention.run", "--format", "json",
        ], environment: environment, currentDirectory: directory)
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [[String: Any]], audit.stderr)
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows.first?["actor"] as? String, "tollbook serve")
        XCTAssertTrue((rows.first?["detail"] as? String ?? "").contains("detail.business=11"))
        let calls = try TestEnvironment.run(TestEnvironment.tollbookExecutable, ["calls", "--db", database, "--format", "json"],
                                            environment: environment, currentDirectory: directory)
        XCTAssertEqual(calls.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "[]")
    }
}
