import Capture
import Foundation
import Host
import Ingest
import Journal
import Logging
import Prometheus
import Store
import TestSupport
import TollbookCore
import XCTest

/// An ingest stage is written once and acts on every path records take into the store: the same
/// stage type, given to `tollbook import`'s importer and to the capture service's ingester, sees
/// the same records of the same bytes.
final class IngestStagesActOnEveryPathTests: XCTestCase {
    /// Counts the calls and rejects it prepares and the calls it sees written.
    private final class CountingStage: IngestStage {
        var preparedCalls = 0
        var preparedRejects = 0
        var writtenCalls = 0

        var name: String { "counting" }

        func prepare(_ batch: inout IngestBatch) throws {
            preparedCalls += batch.calls.count
            preparedRejects += batch.rejects.count
        }

        func write(_ batch: IngestBatch, in context: inout IngestWrite) throws {
            writtenCalls += batch.calls.count
        }
    }

    /// Two calls and a line the pipe plugin rejects.
    private let input = "1|1700000000|1700000005|1700000065|100|200\nbroken\n2|1700000100|0|1700000130|100|201\n"

    func testTheSameStageSeesTheRecordsOfAnImportAndOfAJournalStream() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("tollbook-stages")
        defer { try? FileManager.default.removeItem(at: directory) }
        let plugin = try PluginLibrary(path: try TestEnvironment.compileCPlugin(name: "libpipe.so", into: directory).path)
        let file = directory.appendingPathComponent("a.pipe")
        try Data(input.utf8).write(to: file)

        // tollbook import
        let imported = CountingStage()
        let importStore = try CallStore(path: directory.appendingPathComponent("import.db").path)
        let importer = FileImporter(store: importStore, plugin: plugin, sourceName: "pbx", optionsJSON: "{}", timeZone: "UTC",
                                    extraStages: { [imported] }, clock: .fixed(1_750_000_000_000))
        XCTAssertEqual(importer.stageNames, ["counting", "storing"])
        XCTAssertEqual(try importer.importFile(at: file.path), ImportCounts(imported: 2, duplicates: 0, rejected: 1, skipped: 0))
        XCTAssertEqual([imported.preparedCalls, imported.preparedRejects, imported.writtenCalls], [2, 1, 2])

        // tollbook serve: the same bytes as one journal stream
        let journalDirectory = directory.appendingPathComponent("journal").path
        let writer = try JournalWriter(directory: journalDirectory)
        _ = try Data(input.utf8).withUnsafeBytes {
            try writer.appendDurably(stream: nil, flags: [.begin, .end], origin: "a.pipe", payload: $0)
        }
        try writer.close()
        let captured = CountingStage()
        let converter = try XCTUnwrap(WallClockConverter(identifier: "UTC"))
        let storePath = directory.appendingPathComponent("serve.db").path
        let ingester = Ingester(
            instance: "pbx", connector: plugin.info.id, timeZone: "UTC", storePath: storePath,
            journalDirectory: journalDirectory, writer: nil, pricer: nil,
            makeParser: { origin, _ in try ParserSession(plugin: plugin, optionsJSON: "{}", sourceName: origin, timeZone: converter) },
            metrics: InstanceMetrics(instance: "pbx", registry: PrometheusCollectorRegistry()), logger: Logger(label: "test"),
            extraStages: { [captured] }, clock: .fixed(1_750_000_000_000))
        try ingester.runUntilCaughtUp()
        XCTAssertEqual([captured.preparedCalls, captured.preparedRejects, captured.writtenCalls], [2, 1, 2])
        XCTAssertEqual(try CallStore(path: storePath).callCount(), 2)
    }
}
