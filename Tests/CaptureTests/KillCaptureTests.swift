import Foundation
import TestSupport
import XCTest

/// Exactly-once ingestion: the service is killed with SIGKILL at random moments while it ingests
/// many files; after a restart the stored calls equal the input exactly — none lost, none doubled.
final class KillCaptureTests: XCTestCase {
    private var harness: ServiceHarness!

    override func setUpWithError() throws {
        harness = try ServiceHarness()
    }

    override func tearDown() {
        harness.kill()
        harness = nil
    }

    /// Splits a generated CUCM file into `parts` files, each with the header lines.
    private func makeFiles(rows: Int, parts: Int) throws -> [URL] {
        let folder = harness.directory.appendingPathComponent("input")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let whole = folder.appendingPathComponent("all.txt")
        let generator = TestEnvironment.packageRoot.appendingPathComponent("benchmarks/generate_cucm.py").path
        let result = try TestEnvironment.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", generator, String(rows), whole.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = try String(contentsOf: whole, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let header = lines.prefix(2).joined(separator: "\n")
        let body = lines.dropFirst(2).filter { !$0.isEmpty }
        let perPart = (body.count + parts - 1) / parts
        var files: [URL] = []
        for part in 0..<parts {
            let slice = body.dropFirst(part * perPart).prefix(perPart)
            let file = folder.appendingPathComponent(String(format: "cdr_Kill_01_%04d", part))
            try (header + "\n" + slice.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
            files.append(file)
        }
        try FileManager.default.removeItem(at: whole)
        return files
    }

    func testKilledAtRandomMomentsStoresEveryCallExactlyOnce() throws {
        try harness.writeConfiguration(connectors: """
                  - name: cucm
                    plugin: cisco.cucm
                    transport: { type: spool, path: spool, poll_interval_ms: 50, stable_ms: 0 }
            """, service: "  commit_records: 25")
        let files = try makeFiles(rows: 36_000, parts: 6)
        let expected = try harness.referenceCalls(connector: "cisco.cucm", source: "cucm", files: files.map(\.path))
        XCTAssertEqual(expected.count, 36_000)
        let spool = harness.directory.appendingPathComponent("spool")
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        var generator = SystemRandomNumberGenerator()
        var pending = files
        var rounds = 0
        while !pending.isEmpty || rounds < 20 {
            for file in pending.prefix(1) {
                try FileManager.default.copyItem(at: file, to: spool.appendingPathComponent("_" + file.lastPathComponent))
                try FileManager.default.moveItem(at: spool.appendingPathComponent("_" + file.lastPathComponent),
                                                 to: spool.appendingPathComponent(file.lastPathComponent))
            }
            pending.removeFirst(min(1, pending.count))
            try harness.start()
            Thread.sleep(forTimeInterval: Double.random(in: 0.0...0.5, using: &generator))
            harness.kill()
            rounds += 1
        }
        try harness.start()
        let archive = spool.appendingPathComponent("archive")
        XCTAssertTrue(harness.wait(timeout: 180) {
            let left = ((try? FileManager.default.contentsOfDirectory(atPath: spool.path)) ?? []).filter { $0 != "archive" }
            return left.isEmpty && harness.callCount() == expected.count
        }, "calls: \(harness.callCount()) of \(expected.count)\n\(harness.log.suffix(3000))")
        // Let the last commits land, then compare with the service stopped.
        XCTAssertTrue(harness.wait(timeout: 30) { (try? harness.get("/healthz"))?.contains("\"journal_lag\":0") ?? false })
        harness.stop()
        XCTAssertEqual(try harness.storedCalls(), expected)
        XCTAssertGreaterThanOrEqual(try FileManager.default.contentsOfDirectory(atPath: archive.path).count, files.count)
        // The import log counts every call once: stored ones as imported, re-journaled files as
        // duplicates. Every stream (file) is complete and counts exactly its 6,000 records (3 MB: three journal entries, so commits fall inside streams), so no
        // record was read twice after a restart (the store's unique key would hide that).
        let check = try TestEnvironment.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            print(db.execute("SELECT sum(imported) FROM imports").fetchone()[0], db.execute("SELECT count(*) FROM rejects").fetchone()[0])
            print(sorted(set(r for r in db.execute("SELECT status, imported + duplicates FROM imports"))))
            """, harness.database])
        XCTAssertEqual(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines),
                       "\(expected.count) 0\n[('completed', 6000)]", check.stderr)
        print("kill test: \(rounds) kills")
    }

    func testHTTPBodiesAcknowledgedBeforeAKillAreStoredOnce() throws {
        let port = try ServiceHarness.freePort()
        try harness.writeConfiguration(connectors: """
                  - name: ipva
                    plugin: innovaphone.pbx
                    transport: { type: http, listen: "127.0.0.1:\(port)", path: /cdr }
            """)
        let xml = try String(contentsOf: TestEnvironment.fixtures.appendingPathComponent("innovaphone/calls.xml"), encoding: .utf8)
        let elements = xml.components(separatedBy: "<cdr ").dropFirst().map { "<cdr " + $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        let bodies = harness.directory.appendingPathComponent("bodies")
        try FileManager.default.createDirectory(at: bodies, withIntermediateDirectories: true)
        var files: [String] = []
        for (index, element) in elements.enumerated() {
            let file = bodies.appendingPathComponent("\(index)").path
            try ("log-msg" + element + "\r\n").write(toFile: file, atomically: true, encoding: .utf8)
            files.append(file)
        }
        let expected = try harness.referenceCalls(connector: "innovaphone.pbx", source: "ipva", files: files)
        XCTAssertEqual(expected.count, 34)
        // The PBX: sends each body until it gets 200 OK, as innovaphone's CDR0 does.
        let done = DispatchSemaphore(value: 0)
        let toSend = files
        let pbx = Thread {
            for file in toSend {
                while (try? PeerClients.curl(["--data-binary", "@" + file, "http://127.0.0.1:\(port)/cdr"])) != 200 { usleep(50_000) }
                usleep(100_000)
            }
            done.signal()
        }
        pbx.start()
        var generator = SystemRandomNumberGenerator()
        var kills = 0
        while done.wait(timeout: .now()) == .timedOut {
            try harness.start()
            Thread.sleep(forTimeInterval: Double.random(in: 0.05...0.4, using: &generator))
            harness.kill()
            kills += 1
        }
        try harness.start()
        XCTAssertTrue(harness.wait(timeout: 60) { harness.callCount() == expected.count }, harness.log)
        XCTAssertTrue(harness.wait(timeout: 30) { (try? harness.get("/healthz"))?.contains("\"journal_lag\":0") ?? false })
        harness.stop()
        XCTAssertEqual(try harness.storedCalls(), expected)
        XCTAssertGreaterThan(kills, 8)
        let check = try TestEnvironment.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            print(db.execute("SELECT sum(imported), count(*) FROM imports WHERE status = 'completed'").fetchone())
            """, harness.database])
        let counts = check.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertTrue(counts.hasPrefix("(34, "), counts + check.stderr)
        print("http kill test: \(kills) kills")
    }
}
