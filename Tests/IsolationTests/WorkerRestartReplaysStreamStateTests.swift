import Foundation
import Host
import TollbookCore
import XCTest

/// A restarted worker gets its parser's state back by replaying the stream before the window
/// (here: a header line the plugin must have seen), and a plugin that fails on everything is
/// cut short after the quarantine limit.
final class WorkerRestartReplaysStreamStateTests: XCTestCase {
    private var plugins: FaultyPlugins!

    override func setUpWithError() throws {
        plugins = try FaultyPlugins()
    }

    override func tearDown() {
        plugins = nil
    }

    func testRecordsAfterACrashStillSeeTheHeader() throws {
        let input = IsolationHarness.Input(count: 1000, markers: [50: "CRASH", 500: "CRASH"], header: true)
        let plugin = try plugins.plugin(defines: ["FAULTY_NEEDS_HEADER"])
        for window in [1 << 20, 2048] {
            let run = try IsolationHarness.parse(input.bytes, plugin: plugin, isolation: IsolationHarness.worker(), window: window)
            XCTAssertEqual(run.records.map(\.vendorRecordID), input.ids(excluding: [50, 500]), "window \(window)")
            XCTAssertEqual(run.records.map(\.sourceOffset), input.offsets(excluding: [50, 500]), "window \(window)")
            XCTAssertEqual(run.rejects.map(\.raw), [input.lines[50], input.lines[500]], "window \(window)")
            XCTAssertEqual(run.skipped, 1, "window \(window)")
        }
    }

    func testAPluginThatFailsOnEverythingIsQuarantinedWholeAfterTheLimit() throws {
        let markers = Dictionary(uniqueKeysWithValues: (0..<40).map { ($0, "CRASH") })
        let input = IsolationHarness.Input(count: 40, markers: markers)
        let run = try IsolationHarness.parse(input.bytes, plugin: try plugins.plugin(), isolation: IsolationHarness.worker(),
                                             quarantineLimit: 3)
        XCTAssertEqual(run.records, [])
        XCTAssertEqual(run.rejects.map(\.raw), [input.lines[0], input.lines[1], input.lines[2], Array(input.lines[3...].joined())])
        XCTAssertEqual(run.rejects.map(\.sourceOffset), [input.lineOffsets[0], input.lineOffsets[1], input.lineOffsets[2], input.lineOffsets[3]])
        XCTAssertTrue(run.rejects.last?.message.hasSuffix("3 records of this stream were quarantined, so the rest of the window was not narrowed down") ?? false)
    }
}

/// A failure that does not repeat (a crash or timeout that happened once) quarantines nothing:
/// the suspected record is tried again from its own offset before it is quarantined.
final class FailuresThatDoNotRepeatQuarantineNothingTests: XCTestCase {
    func testAOneOffCrashOnTheLastLine() throws {
        let plugins = try FaultyPlugins()
        let flag = FileManager.default.temporaryDirectory.appendingPathComponent("tollbook-flaky-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: flag) }
        let plugin = try plugins.plugin(defines: ["FAULTY_FLAG_FILE=\"\(flag.path)\""])
        let input = IsolationHarness.Input(count: 1000, markers: [999: "FLAKY"])
        let run = try IsolationHarness.parse(input.bytes, plugin: plugin, isolation: IsolationHarness.worker())
        XCTAssertTrue(FileManager.default.fileExists(atPath: flag.path))
        XCTAssertEqual(run.records.map(\.vendorRecordID), input.ids(excluding: []))
        XCTAssertEqual(run.rejects, [])
        XCTAssertGreaterThanOrEqual(run.restarts, 1)
    }
}
