import Foundation
import Host
import TollbookCore
import XCTest

/// In a worker, a plugin that returns an error status from `feed` loses only the record it failed
/// on: that record is quarantined as `plugin_error` with the plugin's message, the worker is
/// restarted (its state replayed) and parsing goes on. A record whose replay crashes the new
/// worker ends the stream with an error the caller quarantines (see the capture tests).
final class WorkerQuarantinesPluginErrorsTests: XCTestCase {
    private var plugins: FaultyPlugins!

    override func setUpWithError() throws {
        plugins = try FaultyPlugins()
    }

    override func tearDown() {
        plugins = nil
    }

    func testEveryErrorStatusQuarantinesOnlyTheFailingRecord() throws {
        let statuses = ["ERRINTERNAL": "TB_ERR_INTERNAL", "ERRUNSUPPORTED": "TB_ERR_UNSUPPORTED", "ERRINVALID": "TB_ERR_INVALID_ARGUMENT",
                        "ERRABORTED": "TB_ERR_ABORTED", "ERRCONFIG": "TB_ERR_CONFIG"]
        for (marker, name) in statuses.sorted(by: { $0.key < $1.key }) {
            let input = IsolationHarness.Input(count: 200, markers: [70: marker], header: true)
            for window in [1 << 20, 1024] {
                let run = try IsolationHarness.parse(input.bytes, plugin: try plugins.plugin(defines: ["FAULTY_NEEDS_HEADER"]),
                                                     isolation: IsolationHarness.worker(), window: window)
                XCTAssertEqual(run.records.map(\.vendorRecordID), input.ids(excluding: [70]), "\(marker) window \(window)")
                XCTAssertEqual(run.rejects.map(\.reason), [.pluginError], "\(marker) window \(window)")
                XCTAssertEqual(run.rejects.map(\.raw), [input.lines[70]], "\(marker) window \(window)")
                XCTAssertEqual(run.rejects.first?.sourceOffset, input.lineOffsets[70])
                XCTAssertEqual(run.rejects.first?.message,
                               "the connector returned \(name) (failing on purpose) while parsing this record", "\(marker)")
                XCTAssertEqual(run.skipped, 1, "the header, replayed after the restart, is counted once")
            }
        }
    }

    func testAContractViolationOnConsumedBytesIsQuarantinedAsAViolation() throws {
        let input = IsolationHarness.Input(count: 30, markers: [12: "OVERCONSUME"])
        let run = try IsolationHarness.parse(input.bytes, plugin: try plugins.plugin(), isolation: IsolationHarness.worker())
        XCTAssertEqual(run.records.map(\.vendorRecordID), input.ids(excluding: [12]))
        XCTAssertEqual(run.rejects.map(\.reason), [.pluginViolation])
        XCTAssertEqual(run.rejects.map(\.raw), [input.lines[12]])
    }

    func testAReplayThatCrashesEndsTheStreamWithAWorkerFailure() throws {
        let flag = FileManager.default.temporaryDirectory.appendingPathComponent("tollbook-second-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: flag) }
        let plugin = try plugins.plugin(defines: ["FAULTY_FLAG_FILE=\"\(flag.path)\""])
        let input = IsolationHarness.Input(count: 60, markers: [5: "SECONDCRASH", 40: "CRASH"])
        // Line 5 parses in the first window; the crash on line 40 in the second window restarts the
        // worker, whose replay of line 5 crashes it again.
        XCTAssertThrowsError(try IsolationHarness.parse(input.bytes, plugin: plugin, isolation: IsolationHarness.worker(),
                                                        window: Int(input.lineOffsets[20]))) { error in
            XCTAssertEqual((error as? WorkerFailure)?.rejectReason, .pluginCrashed, "\(error)")
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: flag.path))
    }
}
