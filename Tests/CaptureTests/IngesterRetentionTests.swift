import Capture
import Foundation
import Host
import Journal
import Logging
import Prometheus
import TestSupport
import TollbookCore
import XCTest

/// Journal retention in the ingester: segments whose entries are all stored and that are past
/// retention are deleted; a segment that an open stream still needs is kept.
final class IngesterRetentionTests: XCTestCase {
    func testIngestedSegmentsPastRetentionAreDeletedAndAnOpenStreamsFirstSegmentIsKept() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("tollbook-retention")
        defer { try? FileManager.default.removeItem(at: directory) }
        let journalDirectory = directory.appendingPathComponent("journal").path
        let clock = ManualClock(ms: 1_000_000)
        let writer = try JournalWriter(directory: journalDirectory, segmentBytes: 4096, clock: { clock.ms })
        let plugin = try PluginLibrary(path: TestEnvironment.productsDirectory.appendingPathComponent("libTollbookUnify.so").path)
        let lines = try Data(contentsOf: TestEnvironment.fixtures.appendingPathComponent("unify/hipath_compressed_calls.txt"))
        // The ingester belongs to this writer: streams the writer begins stay open until their end.
        let converter = try XCTUnwrap(WallClockConverter(identifier: "Europe/Berlin"))
        let ingester = Ingester(
            instance: "hipath", connector: plugin.info.id, timeZone: "Europe/Berlin",
            storePath: directory.appendingPathComponent("tollbook.db").path, journalDirectory: journalDirectory, writer: writer,
            pricer: nil,
            makeParser: { origin, _ in try ParserSession(plugin: plugin, optionsJSON: "{}", sourceName: origin, timeZone: converter) },
            metrics: InstanceMetrics(instance: "hipath", registry: PrometheusCollectorRegistry()),
            logger: Logger(label: "test"), settings: Ingester.Settings(retentionMs: 86_400_000))
        // Twenty files, then a connection that is still open.
        for index in 0..<20 {
            _ = try lines.withUnsafeBytes { try writer.appendDurably(stream: nil, flags: [.begin, .end], origin: "file-\(index)", payload: $0) }
        }
        let open = try lines.prefix(200).withUnsafeBytes { try writer.append(stream: nil, flags: .begin, origin: "tcp:open", payload: $0) }
        try writer.sync(through: writer.lastSequence)
        let segmentsBefore = try segmentCount(journalDirectory)
        XCTAssertGreaterThan(segmentsBefore, 5)
        clock.ms += 10 * 86_400_000

        ingester.start()
        defer { ingester.stop() }
        let deadline = Date().addingTimeInterval(30)
        // Retention deletes segments as the ingester passes them: wait for the end state (or the deadline).
        while Date() < deadline,
              (try? segmentCount(journalDirectory)) != 1 || ingester.committedSequence != writer.lastSequence { usleep(50_000) }
        XCTAssertEqual(ingester.committedSequence, writer.lastSequence)
        // Only the segment holding the open stream's first entry stays.
        let reader = try JournalReader(directory: journalDirectory)
        let oldest = try XCTUnwrap(reader.oldestSequence)
        XCTAssertLessThanOrEqual(oldest, open)
        XCTAssertGreaterThan(oldest, 1)
        XCTAssertEqual(try segmentCount(journalDirectory), 1)
    }

    private func segmentCount(_ directory: String) throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".tbj") }.count
    }
}

/// A clock the test moves forward.
private final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int64

    init(ms: Int64) {
        value = ms
    }

    var ms: Int64 {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}
