import Foundation
import TestSupport
import XCTest

/// `tollbook serve` with a spool folder: files are stored exactly as `tollbook import` stores them,
/// archived once journaled, `_` files wait, and a file delivered twice adds nothing.
final class SpoolCaptureTests: XCTestCase {
    private var harness: ServiceHarness!

    override func setUpWithError() throws {
        harness = try ServiceHarness()
        try harness.writeConfiguration(connectors: """
                  - name: cucm
                    plugin: cisco.cucm
                    transport: { type: spool, path: spool, poll_interval_ms: 100, stable_ms: 200 }
            """)
    }

    override func tearDown() {
        harness.stop()
        harness = nil
    }

    private var spool: URL { harness.directory.appendingPathComponent("spool") }

    /// Puts a file into the spool the way CUCM does: written under `_name`, then renamed.
    private func drop(_ source: URL, as name: String? = nil) throws {
        let final = spool.appendingPathComponent(name ?? source.lastPathComponent)
        let temporary = spool.appendingPathComponent("_" + final.lastPathComponent)
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: source, to: temporary)
        try FileManager.default.moveItem(at: temporary, to: final)
    }

    private func spoolFiles() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: spool.path)) ?? []).filter { $0 != "archive" }.sorted()
    }

    func testDroppedFilesAreStoredExactlyAsImportStoresThemAndArchived() throws {
        let cisco = TestEnvironment.fixtures.appendingPathComponent("cisco")
        let files = ["cdr_133_basic.txt", "cdr_transfer_chain.txt", "cdr_forwards.txt", "cdr_malformed.txt"].map {
            cisco.appendingPathComponent($0)
        }
        let expected = try harness.referenceCalls(connector: "cisco.cucm", source: "cucm", files: files.map(\.path))
        XCTAssertGreaterThan(expected.count, 10)
        try harness.start()
        for file in files { try drop(file) }
        XCTAssertTrue(harness.wait(timeout: 60) { spoolFiles().isEmpty && harness.callCount() == expected.count },
                      "spool: \(spoolFiles()), calls: \(harness.callCount()) of \(expected.count)\n\(harness.log)")
        XCTAssertEqual(try harness.storedCalls(), expected)
        let archived = try FileManager.default.contentsOfDirectory(atPath: spool.appendingPathComponent("archive").path).sorted()
        XCTAssertEqual(archived, files.map(\.lastPathComponent).sorted())
        let rejects = try harness.tollbook(["rejects", "--db", harness.database, "--format", "jsonl"])
        XCTAssertEqual(rejects.status, 0, rejects.stderr)
        XCTAssertFalse(rejects.stdout.isEmpty, "the malformed file's rejects are quarantined")
        let rejectCount = rejects.stdout.split(separator: "\n").count

        // The same file again: journaled and archived again, but nothing new is stored.
        try drop(files[0])
        XCTAssertTrue(harness.wait(timeout: 60) {
            (try? FileManager.default.contentsOfDirectory(atPath: spool.appendingPathComponent("archive").path).count) == files.count + 1
        })
        harness.stop()
        XCTAssertEqual(try harness.storedCalls(), expected)
        let again = try harness.tollbook(["rejects", "--db", harness.database, "--format", "jsonl"])
        XCTAssertEqual(again.stdout.split(separator: "\n").count, rejectCount)
    }

    func testFilesStillBeingWrittenAreLeftAlone() throws {
        try harness.start()
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        let source = TestEnvironment.fixtures.appendingPathComponent("cisco/cdr_133_basic.txt")
        let partial = spool.appendingPathComponent("_cdr_in_progress.txt")
        try FileManager.default.copyItem(at: source, to: partial)
        Thread.sleep(forTimeInterval: 1.5)
        XCTAssertEqual(spoolFiles(), ["_cdr_in_progress.txt"])
        XCTAssertEqual(harness.callCount(), 0)
        try FileManager.default.moveItem(at: partial, to: spool.appendingPathComponent("cdr_done.txt"))
        XCTAssertTrue(harness.wait(timeout: 60) { harness.callCount() == 6 }, harness.log)
    }

    func testAFileThatCannotBeArchivedIsJournaledOnceAndMovedLater() throws {
        try harness.start()
        // The archive folder becomes unusable: a file in its place (root ignores permissions). The
        // file "archive" is itself a spool file then: it is journaled (once) and quarantined.
        let archive = spool.appendingPathComponent("archive")
        try FileManager.default.removeItem(at: archive)
        try "in the way".write(to: archive, atomically: true, encoding: .utf8)
        try drop(TestEnvironment.fixtures.appendingPathComponent("cisco/cdr_133_basic.txt"))
        XCTAssertTrue(harness.wait(timeout: 30) { harness.callCount() == 6 }, harness.log)
        Thread.sleep(forTimeInterval: 1.5)
        var metrics = try harness.get("/metrics")
        XCTAssertTrue(metrics.contains("tollbook_received_streams_total{instance=\"cucm\"} 2"), metrics)
        XCTAssertEqual(spoolFiles(), ["cdr_133_basic.txt"])
        let status = try harness.get("/healthz")
        XCTAssertTrue(status.contains("cannot be moved to the archive"), status)
        // Once the folder is back, the file moves; it is not journaled again.
        try FileManager.default.removeItem(at: archive)
        try FileManager.default.createDirectory(at: archive, withIntermediateDirectories: true)
        XCTAssertTrue(harness.wait(timeout: 30) { spoolFiles().isEmpty }, harness.log)
        metrics = try harness.get("/metrics")
        XCTAssertTrue(metrics.contains("tollbook_received_streams_total{instance=\"cucm\"} 2"), metrics)
        XCTAssertTrue(metrics.contains("tollbook_duplicate_records_total{instance=\"cucm\"} 0"), metrics)
    }
}
