import Capture
import Foundation
import Host
import Ingest
import Journal
import Logging
import Privacy
import Prometheus
import Store
import TestSupport
import TollbookCore
import XCTest

/// The privacy stages act on `tollbook import` and on the capture service's journal streams
/// alike: a call to a counselling line (P4) reaches neither store with its number.
final class PrivacyStagesActOnEveryPathTests: XCTestCase {
    /// A call to 0800 111 0 111 (international form) and an ordinary one.
    private let input = "1|1700000000|1700000005|1700000065|100|+498001110111\n2|1700000100|1700000101|1700000130|100|+493055501234\n"

    func testAProtectedNumberIsReplacedOnTheImportAndTheJournalPath() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("tollbook-privacy-stages")
        defer { try? FileManager.default.removeItem(at: directory) }
        let plugin = try PluginLibrary(path: try TestEnvironment.compileCPlugin(name: "libpipe.so", into: directory).path)
        let file = directory.appendingPathComponent("a.pipe")
        try Data(input.utf8).write(to: file)

        // tollbook import
        let importPath = directory.appendingPathComponent("import.db").path
        let importer = FileImporter(store: try CallStore(path: importPath), plugin: plugin, sourceName: "pbx", optionsJSON: "{}",
                                    timeZone: "UTC", privacy: PrivacyPolicy.standard, clock: .fixed(1_750_000_000_000))
        XCTAssertEqual(importer.stageNames, ["categories", "privacy", "storing"])
        XCTAssertEqual(try importer.importFile(at: file.path).imported, 2)

        // tollbook serve: the same bytes as one journal stream
        let journalDirectory = directory.appendingPathComponent("journal").path
        let writer = try JournalWriter(directory: journalDirectory)
        _ = try Data(input.utf8).withUnsafeBytes {
            try writer.appendDurably(stream: nil, flags: [.begin, .end], origin: "a.pipe", payload: $0)
        }
        try writer.close()
        let converter = try XCTUnwrap(WallClockConverter(identifier: "UTC"))
        let servePath = directory.appendingPathComponent("serve.db").path
        let ingester = Ingester(
            instance: "pbx", connector: plugin.info.id, timeZone: "UTC", storePath: servePath,
            journalDirectory: journalDirectory, writer: nil, pricer: nil,
            makeParser: { origin, _ in try ParserSession(plugin: plugin, optionsJSON: "{}", sourceName: origin, timeZone: converter) },
            metrics: InstanceMetrics(instance: "pbx", registry: PrometheusCollectorRegistry()), logger: Logger(label: "test"),
            privacy: PrivacyPolicy.standard, clock: .fixed(1_750_000_000_000))
        try ingester.runUntilCaughtUp()

        for path in [importPath, servePath] {
            var stored: [(called: String, protectedClass: String?)] = []
            try CallStore(path: path).forEachCall(CallFilter()) { stored.append(($0.call.parties.called, $0.protectedClass)) }
            XCTAssertEqual(stored.map(\.protectedClass), ["counselling", nil], path)
            XCTAssertEqual(stored.map(\.called), ["", "+493055501234"], path)
            let bytes = ["", "-wal"].compactMap { FileManager.default.contents(atPath: path + $0) }.reduce(Data(), +)
            XCTAssertNil(bytes.range(of: Data("8001110111".utf8)), path)
        }
    }
}
