import Foundation
import Host
import Ingest
@testable import Store
import TestSupport
import TollbookCore
import XCTest

/// Importing files into an on-disk store: idempotency, quarantine, the import log, refusals.
final class FileImporterTests: XCTestCase {
    var fixture: PluginFixture!
    var store: CallStore!
    var plugin: PluginLibrary!

    override func setUpWithError() throws {
        fixture = try PluginFixture()
        plugin = try PluginLibrary(path: try fixture.plugin("libpipe.so").path)
        store = try CallStore(path: fixture.directory.appendingPathComponent("calls.db").path)
    }

    override func tearDown() {
        store = nil
        fixture.remove()
    }

    private func importer(source: String = "pbx1") -> FileImporter {
        FileImporter(store: store, plugin: plugin, sourceName: source, optionsJSON: "{}",
                     timeZone: "UTC", clock: { 1_750_000_000_000 })
    }

    func testImportingTheSameFileTwiceAddsNothing() throws {
        let file = try fixture.file("a.pipe", "1|1700000000|1700000005|1700000065|100|200\nbroken\n2|1700000100|0|1700000130|100|201\n")
        let first = try importer().importFile(at: file.path)
        XCTAssertEqual(first, ImportCounts(imported: 2, duplicates: 0, rejected: 1, skipped: 0))
        let second = try importer().importFile(at: file.path)
        XCTAssertEqual(second, ImportCounts(imported: 0, duplicates: 2, rejected: 1, skipped: 0))
        XCTAssertEqual(try store.callCount(), 2)
        var rejects: [StoredReject] = []
        try store.forEachReject { rejects.append($0) }
        XCTAssertEqual(rejects.count, 1, "the same rejected span is quarantined once")
        XCTAssertEqual(rejects[0].reject.raw, Array("broken\n".utf8))
        XCTAssertEqual(rejects[0].reject.sourceOffset, 43)
        XCTAssertEqual(rejects[0].fileName, "a.pipe")
        XCTAssertEqual(rejects[0].fileSHA256.count, 64)
        let log = try store.database.prepare(
            "SELECT file_path, imported, duplicates, rejected, status, file_bytes FROM imports ORDER BY id")
        var rows: [String] = []
        while try log.step() {
            rows.append("\(log.text(0))|\(log.int64(1))|\(log.int64(2))|\(log.int64(3))|\(log.text(4))|\(log.int64(5))")
        }
        XCTAssertEqual(rows, ["\(file.path)|2|0|1|completed|84", "\(file.path)|0|2|1|completed|84"])
    }

    func testSameRecordIdsFromAnotherSourceAreNotDuplicates() throws {
        let file = try fixture.file("a.pipe", "1|1700000000|1700000005|1700000065|100|200\n")
        XCTAssertEqual(try importer(source: "site-a").importFile(at: file.path).imported, 1)
        XCTAssertEqual(try importer(source: "site-b").importFile(at: file.path).imported, 1)
        var sources: [String] = []
        try store.forEachCall(fromMs: nil, toMs: nil) { sources.append($0.source) }
        XCTAssertEqual(sources, ["site-a", "site-b"])
    }

    func testLargeFileStreamsAcrossChunksAndTransactions() throws {
        var text = ""
        let count = 120_000
        for index in 0..<count {
            text += "\(index)|\(1_700_000_000 + index)|0|\(1_700_000_010 + index)|100|200\n"
        }
        let file = try fixture.file("big.pipe", text)
        XCTAssertGreaterThan(text.utf8.count, FileImporter.chunkSize * 3, "spans several chunks")
        XCTAssertGreaterThan(count, FileImporter.recordsPerTransaction * 2, "spans several transactions")
        XCTAssertEqual(try importer().importFile(at: file.path), ImportCounts(imported: count, duplicates: 0, rejected: 0, skipped: 0))
        XCTAssertEqual(try store.callCount(), count)
    }

    func testFileTheProbeRefusesIsAnError() throws {
        let file = try fixture.file("notes.txt", "hello, this is not pipe data\n")
        XCTAssertThrowsError(try importer().importFile(at: file.path)) { error in
            XCTAssertEqual(error as? HostError, .probeRefused(path: file.path, connector: "test.pipe"))
        }
        XCTAssertEqual(try store.callCount(), 0)
    }

    func testMissingFileIsAnError() {
        XCTAssertThrowsError(try importer().importFile(at: "/nonexistent/x.pipe")) { error in
            XCTAssertEqual(error as? HostError, .unreadableFile(path: "/nonexistent/x.pipe", reason: "no such file"))
        }
    }

    func testSourceNameCannotChangeConnector() throws {
        _ = try store.sourceID(named: "pbx1", connector: "cisco.cucm", timeZone: "UTC", nowMs: 0)
        let file = try fixture.file("a.pipe", "1|1700000000|1700000005|1700000065|100|200\n")
        XCTAssertThrowsError(try importer(source: "pbx1").importFile(at: file.path)) { error in
            XCTAssertEqual(error as? CallStoreError, .sourceConnectorMismatch(source: "pbx1", existing: "cisco.cucm", requested: "test.pipe"))
        }
    }
}
