import Foundation
import TestSupport
import XCTest

/// A faulty third-party connector inside `tollbook serve`: a record that crashes or hangs its
/// worker is quarantined with the reason, the worker is restarted, every other record is stored,
/// and the service itself keeps running.
final class IsolatedConnectorTests: XCTestCase {
    private var harness: ServiceHarness!
    private var port = 0

    override func setUpWithError() throws {
        harness = try ServiceHarness()
        port = try ServiceHarness.freePort()
        let plugins = harness.directory.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        try TestEnvironment.compileCPlugin(source: "faulty_plugin.c", name: "libfaulty.so", into: plugins)
        harness.pluginDirectories = [plugins.path]
        try harness.writeConfiguration(connectors: """
                  - name: faulty
                    plugin: test.faulty
                    limits: { timeout_s: 2, memory_mb: 512 }
                    transport: { type: tcp, listen: "127.0.0.1:\(port)" }
            """, site: "    plugins: { allow_unsigned: true }")
    }

    override func tearDown() {
        harness.stop()
        harness = nil
    }

    private func lines(_ count: Int, markers: [Int: String]) -> [UInt8] {
        var text = ""
        for index in 1...count {
            let start = 1_772_442_000 + index * 60
            text += "\(index);\(start);\(start + 30);20\(index % 10)\(markers[index] ?? "");0305550\(index)\n"
        }
        return Array(text.utf8)
    }

    func testACrashingAndAHangingRecordAreQuarantinedAndEverythingElseIsStored() throws {
        try harness.start()
        let pid = harness.process?.processIdentifier
        try PeerClients.sendTCP(lines(300, markers: [100: "CRASH", 200: "HANG"]), port: port, chunkSizes: [4096])
        XCTAssertTrue(harness.wait(timeout: 120) { harness.callCount() == 298 }, "\(harness.callCount())\n\(harness.log)")
        let rejects = try harness.tollbook(["rejects", "--db", harness.database, "--format", "jsonl"])
        let rows = rejects.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(rows.count, 2, rejects.stdout)
        XCTAssertTrue(rows.contains { $0.contains("\"reason\":\"plugin_crashed\"") }, rejects.stdout)
        XCTAssertTrue(rows.contains { $0.contains("\"reason\":\"plugin_timeout\"") }, rejects.stdout)
        let metrics = try harness.get("/metrics")
        XCTAssertTrue(metrics.contains("tollbook_worker_restarts_total{instance=\"faulty\"} ") &&
                      !metrics.contains("tollbook_worker_restarts_total{instance=\"faulty\"} 0"), metrics)
        XCTAssertEqual(harness.process?.processIdentifier, pid)
        XCTAssertTrue(harness.process?.isRunning ?? false, "the service survives its plugin")
    }
}
