import Foundation
import Host
import TollbookCore
import XCTest

/// Wild pointers, wrong struct sizes and runaway allocation on the first line, on the last line
/// and twice in one window: each time exactly the offending lines are quarantined.
final class EveryFaultIsNarrowedAtTheEdgesTests: XCTestCase {
    private var plugins: FaultyPlugins!

    override func setUpWithError() throws {
        plugins = try FaultyPlugins()
    }

    override func tearDown() {
        plugins = nil
    }

    private func assertNarrowed(_ marker: String, reason: RejectReason, isolation: ParserIsolation = IsolationHarness.worker(),
                                file: StaticString = #filePath, line: UInt = #line) throws {
        for marked in [[0], [999], [300, 700]] {
            let input = IsolationHarness.Input(count: 1000, markers: Dictionary(uniqueKeysWithValues: marked.map { ($0, marker) }))
            let run = try IsolationHarness.parse(input.bytes, plugin: try plugins.plugin(), isolation: isolation)
            let context = "\(marker) on \(marked)"
            XCTAssertEqual(run.records.map(\.vendorRecordID), input.ids(excluding: Set(marked)), context, file: file, line: line)
            XCTAssertEqual(run.records.map(\.sourceOffset), input.offsets(excluding: Set(marked)), context, file: file, line: line)
            XCTAssertEqual(run.rejects.map(\.reason), marked.map { _ in reason }, context, file: file, line: line)
            XCTAssertEqual(run.rejects.map(\.raw), marked.map { input.lines[$0] }, context, file: file, line: line)
            XCTAssertEqual(run.rejects.map(\.sourceOffset), marked.map { input.lineOffsets[$0] }, context, file: file, line: line)
            XCTAssertGreaterThanOrEqual(run.restarts, 1, context, file: file, line: line)
        }
    }

    func testWildPointers() throws {
        try assertNarrowed("GARBAGE", reason: .pluginCrashed)
    }

    func testWrongStructSizes() throws {
        try assertNarrowed("BADSIZE", reason: .pluginViolation)
    }

    func testRunawayAllocation() throws {
        try assertNarrowed("OOM", reason: .pluginMemory, isolation: IsolationHarness.worker(memory: 256 << 20))
    }
}
