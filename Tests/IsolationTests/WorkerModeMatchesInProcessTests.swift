import Foundation
import Host
import TestSupport
import TollbookCore
import XCTest

/// The bundled connectors give the same records, rejects and skipped spans in a worker as in
/// process, on their fixtures, whole and in small windows.
final class WorkerModeMatchesInProcessTests: XCTestCase {
    private func assertSame(product: String, fixtures: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let plugin = try PluginLibrary(path: TestEnvironment.productsDirectory.appendingPathComponent("lib\(product).so").path)
        for fixture in fixtures {
            let bytes = Array(try Data(contentsOf: TestEnvironment.fixtures.appendingPathComponent(fixture)))
            for window in [1 << 20, 333] {
                let inProcess = try IsolationHarness.parse(bytes, plugin: plugin, isolation: .inProcess, window: window,
                                                           timeZone: "Europe/Berlin")
                let worker = try IsolationHarness.parse(bytes, plugin: plugin, isolation: IsolationHarness.worker(), window: window,
                                                        timeZone: "Europe/Berlin")
                XCTAssertFalse(inProcess.records.isEmpty && inProcess.rejects.isEmpty && inProcess.skipped == 0, "\(fixture)", file: file, line: line)
                XCTAssertEqual(worker.records, inProcess.records, "\(fixture) window \(window)", file: file, line: line)
                XCTAssertEqual(worker.rejects, inProcess.rejects, "\(fixture) window \(window)", file: file, line: line)
                XCTAssertEqual(worker.skipped, inProcess.skipped, "\(fixture) window \(window)", file: file, line: line)
                XCTAssertEqual(worker.restarts, 0, "\(fixture) window \(window)", file: file, line: line)
            }
        }
    }

    func testCisco() throws {
        try assertSame(product: "TollbookCisco", fixtures: [
            "cisco/cdr_133_basic.txt", "cisco/cdr_malformed.txt", "cisco/cdr_transfer_chain.txt", "cisco/cdr_crlf.txt",
            "cisco/cdr_no_trailing_newline.txt", "cisco/cmr.txt",
        ])
    }

    func testUnify() throws {
        try assertSame(product: "TollbookUnify", fixtures: [
            "unify/osbiz_pipe_calls.txt", "unify/hipath_compressed_calls.txt", "unify/unify_malformed.txt",
        ])
    }

    func testInnovaphone() throws {
        try assertSame(product: "TollbookInnovaphone", fixtures: [
            "innovaphone/calls.xml", "innovaphone/malformed.xml", "innovaphone/wrapped_post.txt",
        ])
    }

    func testSwyx() throws {
        try assertSame(product: "TollbookSwyx", fixtures: ["swyx/swyx_cdr.txt", "swyx/swyx_malformed.txt"])
    }
}
