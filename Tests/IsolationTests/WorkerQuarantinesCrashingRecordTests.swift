import Foundation
import Host
import TollbookCore
import XCTest

/// A plugin that segfaults on a record, in a worker: exactly that record's bytes are quarantined
/// as `plugin_crashed`, every other record comes out as without the fault.
final class WorkerQuarantinesCrashingRecordTests: XCTestCase {
    private var plugins: FaultyPlugins!

    override func setUpWithError() throws {
        plugins = try FaultyPlugins()
    }

    override func tearDown() {
        plugins = nil
    }

    /// Parses 1,000 lines with `CRASH` on `marked` and checks records, rejects and restarts.
    private func assertQuarantined(_ marked: [Int], window: Int = 1 << 20, finalNewline: Bool = true,
                                   file: StaticString = #filePath, line: UInt = #line) throws {
        let input = IsolationHarness.Input(count: 1000, markers: Dictionary(uniqueKeysWithValues: marked.map { ($0, "CRASH") }),
                                           finalNewline: finalNewline)
        let run = try IsolationHarness.parse(input.bytes, plugin: try plugins.plugin(), isolation: IsolationHarness.worker(),
                                             window: window)
        let excluded = Set(marked)
        XCTAssertEqual(run.records.count, 1000 - marked.count, file: file, line: line)
        XCTAssertEqual(run.records.map(\.vendorRecordID), input.ids(excluding: excluded), file: file, line: line)
        XCTAssertEqual(run.records.map(\.sourceOffset), input.offsets(excluding: excluded), file: file, line: line)
        XCTAssertEqual(run.rejects.map(\.reason), marked.map { _ in .pluginCrashed }, file: file, line: line)
        XCTAssertEqual(run.rejects.map(\.raw), marked.map { input.lines[$0] }, file: file, line: line)
        XCTAssertEqual(run.rejects.map(\.sourceOffset), marked.map { input.lineOffsets[$0] }, file: file, line: line)
        XCTAssertEqual(run.rejects.first?.message, "worker killed by SIGSEGV while parsing this record", file: file, line: line)
        XCTAssertGreaterThanOrEqual(run.restarts, 1, file: file, line: line)

        // The records around the fault are exactly those of a fault-free run.
        let clean = IsolationHarness.Input(count: 1000, markers: Dictionary(uniqueKeysWithValues: marked.map { ($0, "xxxxx") }),
                                           finalNewline: finalNewline)
        let reference = try IsolationHarness.parse(clean.bytes, plugin: try plugins.plugin(), isolation: .inProcess)
        let crashedOffsets = Set(marked.map { input.lineOffsets[$0] })
        XCTAssertEqual(run.records, reference.records.filter { !crashedOffsets.contains($0.sourceOffset) }, file: file, line: line)
    }

    func testACrashInTheMiddleQuarantinesOnlyThatLine() throws {
        try assertQuarantined([500])
    }

    func testACrashOnTheFirstLine() throws {
        try assertQuarantined([0])
    }

    func testACrashOnTheLastLine() throws {
        try assertQuarantined([999])
    }

    func testACrashOnAnUnterminatedLastLineAtTheEndOfInput() throws {
        try assertQuarantined([999], finalNewline: false)
    }

    func testTwoCrashesInOneWindow() throws {
        try assertQuarantined([300, 700])
    }

    func testCrashesInLaterWindowsReplayTheStreamBefore() throws {
        try assertQuarantined([100, 101, 900], window: 4096)
    }
}
