import Foundation
import Host
import TollbookCore
import XCTest

/// Endless loops and runaway allocation in a worker: the timeout kills it (`plugin_timeout`), the
/// address-space limit stops it (`plugin_memory`); the parent carries on.
final class WorkerLimitsIsolateHangsAndMemoryTests: XCTestCase {
    private var plugins: FaultyPlugins!

    override func setUpWithError() throws {
        plugins = try FaultyPlugins()
    }

    override func tearDown() {
        plugins = nil
    }

    private func assertOne(_ marker: String, at index: Int, isolation: ParserIsolation, reason: RejectReason,
                           message: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let input = IsolationHarness.Input(count: 1000, markers: [index: marker])
        let run = try IsolationHarness.parse(input.bytes, plugin: try plugins.plugin(), isolation: isolation)
        XCTAssertEqual(run.records.map(\.vendorRecordID), input.ids(excluding: [index]), file: file, line: line)
        XCTAssertEqual(run.records.map(\.sourceOffset), input.offsets(excluding: [index]), file: file, line: line)
        XCTAssertEqual(run.rejects.count, 1, file: file, line: line)
        XCTAssertEqual(run.rejects.first?.reason, reason, file: file, line: line)
        XCTAssertEqual(run.rejects.first?.raw, input.lines[index], file: file, line: line)
        XCTAssertEqual(run.rejects.first?.sourceOffset, input.lineOffsets[index], file: file, line: line)
        XCTAssertEqual(run.rejects.first?.message, message, file: file, line: line)
        XCTAssertGreaterThanOrEqual(run.restarts, 1, file: file, line: line)
    }

    func testAnEndlessLoopIsKilledAfterTheTimeoutAndQuarantined() throws {
        try assertOne("HANG", at: 500, isolation: IsolationHarness.worker(timeout: 2), reason: .pluginTimeout,
                      message: "worker timed out after 2.0 s and was killed while parsing this record")
    }

    func testRunawayAllocationHitsTheMemoryLimitAndIsQuarantined() throws {
        try assertOne("OOM", at: 500, isolation: IsolationHarness.worker(memory: 256 << 20), reason: .pluginMemory,
                      message: "worker ran out of memory (limit 256 MiB) while parsing this record")
    }

    func testRunawayAllocationOnTheFirstLine() throws {
        try assertOne("OOM", at: 0, isolation: IsolationHarness.worker(memory: 256 << 20), reason: .pluginMemory,
                      message: "worker ran out of memory (limit 256 MiB) while parsing this record")
    }
}
