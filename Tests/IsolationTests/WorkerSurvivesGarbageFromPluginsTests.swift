import Foundation
import Host
import TollbookCore
import XCTest

/// Wild string pointers, invalid UTF-8, a wrong struct size and stray stdout output: nothing
/// crashes the parent; only the records that cannot be read are quarantined.
final class WorkerSurvivesGarbageFromPluginsTests: XCTestCase {
    private var plugins: FaultyPlugins!

    override func setUpWithError() throws {
        plugins = try FaultyPlugins()
    }

    override func tearDown() {
        plugins = nil
    }

    func testAWildStringPointerQuarantinesThatRecord() throws {
        let input = IsolationHarness.Input(count: 1000, markers: [500: "GARBAGE"])
        let run = try IsolationHarness.parse(input.bytes, plugin: try plugins.plugin(), isolation: IsolationHarness.worker())
        XCTAssertEqual(run.records.map(\.vendorRecordID), input.ids(excluding: [500]))
        XCTAssertEqual(run.records.map(\.sourceOffset), input.offsets(excluding: [500]))
        XCTAssertEqual(run.rejects.map(\.reason), [.pluginCrashed])
        XCTAssertEqual(run.rejects.map(\.raw), [input.lines[500]])
        XCTAssertGreaterThanOrEqual(run.restarts, 1)
    }

    func testAWrongStructSizeIsAViolationInProcessAndQuarantinedInAWorker() throws {
        let input = IsolationHarness.Input(count: 1000, markers: [500: "BADSIZE"])
        let plugin = try plugins.plugin()
        XCTAssertThrowsError(try IsolationHarness.parse(input.bytes, plugin: plugin, isolation: .inProcess)) { error in
            guard case HostError.contractViolation = error else { return XCTFail("unexpected error \(error)") }
        }
        let run = try IsolationHarness.parse(input.bytes, plugin: plugin, isolation: IsolationHarness.worker())
        XCTAssertEqual(run.records.map(\.vendorRecordID), input.ids(excluding: [500]))
        XCTAssertEqual(run.records.map(\.sourceOffset), input.offsets(excluding: [500]))
        XCTAssertEqual(run.rejects.map(\.reason), [.pluginViolation])
        XCTAssertEqual(run.rejects.map(\.raw), [input.lines[500]])
        XCTAssertEqual(run.rejects.first?.message,
                       "the connector broke the plugin contract (record struct_size 8 is smaller than a version 1.0 record) while parsing this record")
        XCTAssertGreaterThanOrEqual(run.restarts, 1)
    }

    func testInvalidUTF8IsRepairedTheSameWayInBothModes() throws {
        let input = IsolationHarness.Input(count: 1000, markers: [500: "BADUTF8"])
        let plugin = try plugins.plugin()
        let inProcess = try IsolationHarness.parse(input.bytes, plugin: plugin, isolation: .inProcess)
        let worker = try IsolationHarness.parse(input.bytes, plugin: plugin, isolation: IsolationHarness.worker())
        XCTAssertEqual(worker.records.count, 1000)
        XCTAssertEqual(worker.records[500].device, "\u{FFFD}\u{FFFD}12")
        XCTAssertEqual(worker.records, inProcess.records)
        XCTAssertEqual(worker.rejects, [])
        XCTAssertEqual(worker.restarts, 0)
    }

    func testOutputOnStdoutDoesNotCorruptThePipe() throws {
        let input = IsolationHarness.Input(count: 1000, markers: [10: "NOISE", 500: "NOISE"])
        let run = try IsolationHarness.parse(input.bytes, plugin: try plugins.plugin(), isolation: IsolationHarness.worker())
        XCTAssertEqual(run.records.map(\.vendorRecordID), input.ids(excluding: []))
        XCTAssertEqual(run.rejects, [])
        XCTAssertEqual(run.restarts, 0)
    }
}
