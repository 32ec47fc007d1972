import Foundation
import Host
import TestSupport
import TollbookCore
import XCTest

/// How a ``WorkerParserSession`` reports what went wrong: garbage on the pipe, a worker that
/// exits, plugin errors carried over the pipe, a file that holds another plugin.
final class WorkerSessionReportsFailuresTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try TestEnvironment.makeTemporaryDirectory("tollbook-worker-session")
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: directory)
    }

    private func script(_ body: String) throws -> String {
        let url = directory.appendingPathComponent("worker.sh")
        try ("#!/bin/sh\n" + body + "\n").write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return url.path
    }

    private func session(executable: String, plugin: String, connector: String, options: String = "{}") throws -> WorkerParserSession {
        try WorkerParserSession(pluginPath: plugin, connector: connector, optionsJSON: options, sourceName: "test",
                                timeZoneIdentifier: "UTC",
                                settings: WorkerSettings(timeoutSeconds: 30, memoryBytes: 1 << 30, executable: executable))
    }

    func testGarbageOnThePipeIsAProtocolError() throws {
        let executable = try script("printf 'this is not a frame at all'; cat > /dev/null")
        XCTAssertThrowsError(try session(executable: executable, plugin: "/nonexistent.so", connector: "x")) { error in
            XCTAssertEqual(error as? WorkerFailure, .protocolError(detail: "bad frame magic (garbage on the pipe)"))
        }
    }

    func testAWorkerThatExitsIsReportedWithItsStatus() throws {
        let executable = try script("exit 3")
        XCTAssertThrowsError(try session(executable: executable, plugin: "/nonexistent.so", connector: "x")) { error in
            XCTAssertEqual(error as? WorkerFailure, .exited(status: 3))
        }
    }

    func testAWorkerKilledBySIGKILLRanOutOfMemory() throws {
        let executable = try script("kill -9 $$")
        XCTAssertThrowsError(try session(executable: executable, plugin: "/nonexistent.so", connector: "x")) { error in
            XCTAssertEqual(error as? WorkerFailure, .memoryLimit(bytes: 1 << 30))
        }
    }

    func testAWorkerKilledBySIGSEGVCrashed() throws {
        let executable = try script("kill -SEGV $$")
        XCTAssertThrowsError(try session(executable: executable, plugin: "/nonexistent.so", connector: "x")) { error in
            XCTAssertEqual(error as? WorkerFailure, .crashed(signal: SIGSEGV))
            XCTAssertEqual("\(error)", "worker killed by SIGSEGV")
        }
    }

    func testAWorkerThatClosesItsPipeButLivesOnIsKilled() throws {
        let executable = try script("exec 1>&-; exec sleep 60")
        XCTAssertThrowsError(try session(executable: executable, plugin: "/nonexistent.so", connector: "x")) { error in
            XCTAssertEqual(error as? WorkerFailure, .protocolError(detail: "the worker closed its pipe but did not exit"))
        }
    }

    func testAMissingExecutableCannotBeLaunched() throws {
        XCTAssertThrowsError(try session(executable: directory.appendingPathComponent("missing").path, plugin: "/x.so", connector: "x")) {
            XCTAssertTrue($0 is WorkerLaunchError, "\($0)")
        }
    }

    func testRefusedOptionsComeBackAsTheHostError() throws {
        let plugin = try TestEnvironment.compileCPlugin(name: "libpipe.so", into: directory)
        XCTAssertThrowsError(try session(executable: TestEnvironment.tollbookExecutable.path, plugin: plugin.path,
                                         connector: "test.pipe", options: "{\"a\":1}")) { error in
            XCTAssertEqual(error as? HostError,
                           .invalidOptions(connector: "test.pipe", key: "any", message: "this plugin takes no options"))
        }
    }

    func testAFileWithAnotherPluginIsRefused() throws {
        let plugin = try TestEnvironment.compileCPlugin(name: "libpipe.so", into: directory)
        XCTAssertThrowsError(try session(executable: TestEnvironment.tollbookExecutable.path, plugin: plugin.path,
                                         connector: "cisco.cucm")) { error in
            XCTAssertEqual(error as? WorkerFailure,
                           .workerError(detail: "\(plugin.path) holds plugin test.pipe, not cisco.cucm"))
        }
    }

    func testAWorkingSessionParsesAndSkips() throws {
        let plugin = try TestEnvironment.compileCPlugin(name: "libpipe.so", into: directory)
        let parser = try session(executable: TestEnvironment.tollbookExecutable.path, plugin: plugin.path, connector: "test.pipe")
        let first = Array("a|10|11|20|100|200\nb|30|0|40|1".utf8)
        XCTAssertEqual(try first.withUnsafeBytes { try parser.consume($0, isEnd: false) }, 19)
        try parser.skip(byteCount: 12)
        let rest = Array("c|50|0|60|100|200\n".utf8)
        XCTAssertEqual(try rest.withUnsafeBytes { try parser.consume($0, isEnd: true) }, rest.count)
        let output = parser.takeOutput()
        XCTAssertEqual(output.records.map(\.vendorRecordID), ["a", "c"])
        XCTAssertEqual(output.records.map(\.sourceOffset), [0, 31])
        XCTAssertEqual(parser.consumedBytes, 49)
    }
}

/// Windows and replies that do not fit the shared region go over the pipes, with the same result.
final class WorkerTransportFallsBackToPipesTests: XCTestCase {
    func testAWindowLargerThanTheSharedRegion() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("tollbook-worker-transport")
        defer { try? FileManager.default.removeItem(at: directory) }
        let plugin = try TestEnvironment.compileCPlugin(name: "libpipe.so", into: directory)
        let parser = try WorkerParserSession(
            pluginPath: plugin.path, connector: "test.pipe", optionsJSON: "{}", sourceName: "big", timeZoneIdentifier: "UTC",
            settings: WorkerSettings(timeoutSeconds: 60, memoryBytes: 2 << 30, executable: TestEnvironment.tollbookExecutable.path))
        let called = String(repeating: "5", count: 2_000)
        var bytes: [UInt8] = []
        var count = 0
        while bytes.count < 20 << 20 {
            bytes += Array("r\(count)|10|11|20|100|\(called)\n".utf8)
            count += 1
        }
        XCTAssertEqual(try bytes.withUnsafeBytes { try parser.consume($0, isEnd: true) }, bytes.count)
        let output = parser.takeOutput()
        XCTAssertEqual(output.calls.count, count)
        XCTAssertEqual(output.records.last?.vendorRecordID, "r\(count - 1)")
        XCTAssertEqual(output.records.last?.parties.called, called)
    }
}
