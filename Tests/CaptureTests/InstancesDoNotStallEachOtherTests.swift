import Foundation
import TestSupport
import XCTest

/// A plugin that hangs in one instance does not delay another instance's calls: no instance
/// holds the store's write lock while its parser (or worker) works; store writes are short
/// transactions.
final class InstancesDoNotStallEachOtherTests: XCTestCase {
    private var harness: ServiceHarness!

    override func setUpWithError() throws {
        harness = try ServiceHarness()
    }

    override func tearDown() {
        harness.stop()
        harness = nil
    }

    private func lines(_ range: ClosedRange<Int>, markers: [Int: String] = [:]) -> [UInt8] {
        Array(range.map { index in
            let start = 1_772_442_000 + index * 60
            return "\(index);\(start);\(start + 30);20\(index % 10)\(markers[index] ?? "");0305550\(index)\n"
        }.joined().utf8)
    }

    private func calls(_ source: String) -> Int {
        Int((try? harness.query("SELECT count(*) FROM calls WHERE source_id = (SELECT id FROM sources WHERE name = '\(source)')"))?.first ?? "") ?? -1
    }

    func testAHungPluginDoesNotDelayAnotherSite() throws {
        let plugins = harness.directory.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        try TestEnvironment.compileCPlugin(source: "faulty_plugin.c", name: "libfaulty.so", into: plugins)
        harness.pluginDirectories = [plugins.path]
        let hungPort = try ServiceHarness.freePort()
        let quickPort = try ServiceHarness.freePort()
        try harness.writeConfiguration(connectors: """
                  - name: hung
                    plugin: test.faulty
                    limits: { timeout_s: 6, memory_mb: 512 }
                    transport: { type: tcp, listen: "127.0.0.1:\(hungPort)" }
                  - name: quick
                    plugin: test.faulty
                    transport: { type: tcp, listen: "127.0.0.1:\(quickPort)" }
            """, site: "    plugins: { allow_unsigned: true }")
        try harness.start()
        // Warm up both instances (workers started, sources created).
        try PeerClients.sendTCP(lines(1...2), port: hungPort, chunkSizes: [1 << 20])
        try PeerClients.sendTCP(lines(1...2), port: quickPort, chunkSizes: [1 << 20])
        XCTAssertTrue(harness.wait(timeout: 60) { calls("hung") == 2 && calls("quick") == 2 }, harness.log)

        // Records before the hang are read in the same window as the hanging one.
        try PeerClients.sendTCP(lines(3...50, markers: [50: "HANG"]), port: hungPort, chunkSizes: [1 << 20])
        Thread.sleep(forTimeInterval: 1)
        let started = Date()
        try PeerClients.sendTCP(lines(3...102), port: quickPort, chunkSizes: [1 << 20])
        XCTAssertTrue(harness.wait(timeout: 30) { calls("quick") == 102 }, harness.log)
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertLessThan(elapsed, 4, "quick waited for the hung instance's lock")
        XCTAssertFalse(harness.log.contains("database is locked"), harness.log)
        // The hang ends with the worker's time limit and everything else is stored.
        XCTAssertTrue(harness.wait(timeout: 60) { calls("hung") == 49 }, harness.log)
    }
}
