import Foundation
import TestSupport
import XCTest

/// An `in_process` plugin that crashes the service on a record does not crash-loop it: after the
/// restart, the stream it crashed on is parsed in a worker (the record is quarantined as
/// `plugin_crashed`), every other instance ingests; an instance whose plugin crashed the service
/// three times in a row is disabled with a clear status while the others run on.
final class InProcessCrashTests: XCTestCase {
    private var harness: ServiceHarness!
    private var fragilePort = 0
    private var steadyPort = 0

    override func setUpWithError() throws {
        harness = try ServiceHarness()
        let plugins = harness.directory.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        try TestEnvironment.compileCPlugin(source: "faulty_plugin.c", name: "libfaulty.so", into: plugins)
        harness.pluginDirectories = [plugins.path]
        fragilePort = try ServiceHarness.freePort()
        steadyPort = try ServiceHarness.freePort()
        try harness.writeConfiguration(connectors: """
                  - name: fragile
                    plugin: test.faulty
                    isolation: in_process
                    transport: { type: tcp, listen: "127.0.0.1:\(fragilePort)" }
                  - name: steady
                    plugin: test.faulty
                    transport: { type: tcp, listen: "127.0.0.1:\(steadyPort)" }
            """, site: "    plugins: { allow_unsigned: true }")
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

    func testACrashOnARecordIsSurvivedByParsingThatStreamInAWorker() throws {
        try harness.start()
        try PeerClients.sendTCP(lines(1...50), port: steadyPort, chunkSizes: [1 << 20])
        XCTAssertTrue(harness.wait(timeout: 60) { calls("steady") == 50 }, harness.log)
        try? PeerClients.sendTCP(lines(1...100, markers: [30: "CRASH"]), port: fragilePort, chunkSizes: [1 << 20])
        XCTAssertTrue(harness.wait(timeout: 60) { !(harness.process?.isRunning ?? false) }, "the plugin crashes the service in process")

        try harness.start()
        XCTAssertTrue(harness.wait(timeout: 60) { calls("fragile") == 99 }, "\(calls("fragile"))\n\(harness.log)")
        let rejects = try harness.query("""
            SELECT reason, hex(raw) FROM rejects WHERE source_id = (SELECT id FROM sources WHERE name = 'fragile')
            """)
        let line30 = lines(30...30, markers: [30: "CRASH"]).map { String(format: "%02X", $0) }.joined()
        XCTAssertEqual(rejects, ["plugin_crashed|\(line30)"])
        XCTAssertTrue(harness.log.contains("the in-process plugin crashed the service while parsing a stream; that stream is parsed in a worker now"),
                      harness.log)
        let metrics = try harness.get("/metrics")
        XCTAssertTrue(metrics.contains("tollbook_in_process_crashes_total{instance=\"fragile\"} 1"), metrics)
        // The healthy instance goes on, and so does the fragile one for new streams.
        try PeerClients.sendTCP(lines(51...60), port: steadyPort, chunkSizes: [1 << 20])
        try PeerClients.sendTCP(lines(101...110), port: fragilePort, chunkSizes: [1 << 20])
        XCTAssertTrue(harness.wait(timeout: 60) { calls("steady") == 60 && calls("fragile") == 109 }, harness.log)
        let health = try harness.request("GET", "/healthz")
        XCTAssertEqual(health.status, 200, health.body)
    }

    func testThreeCrashesInARowDisableTheInstanceAndTheOthersRunOn() throws {
        // The state the service leaves after its plugin crashed it twice in a row and a third time
        // while parsing stream 1.
        let journal = harness.dataDirectory + "/journal/fragile"
        try FileManager.default.createDirectory(atPath: journal, withIntermediateDirectories: true)
        try "crashes=2 isolated= parsing=1\n".write(toFile: journal + "/in-process-parse.state", atomically: true, encoding: .utf8)
        try harness.start()
        XCTAssertTrue(harness.wait(timeout: 30) { (try? harness.get("/sites"))?.contains("\"state\":\"failed\"") ?? false }, harness.log)
        let sites = try harness.get("/sites")
        XCTAssertTrue(sites.contains("disabled: the in-process plugin crashed the service 3 times in a row (last on journal stream 1); "
                                     + "set isolation: worker for this connector (or fix the plugin), then run `tollbook sites restart fragile`"),
                      sites)
        let health = try harness.request("GET", "/healthz")
        XCTAssertEqual(health.status, 503)
        XCTAssertTrue(health.body.contains("\"reasons\":[\"fragile: failed (disabled: the in-process plugin crashed the service 3 times"), health.body)
        try PeerClients.sendTCP(lines(1...20), port: steadyPort, chunkSizes: [1 << 20])
        XCTAssertTrue(harness.wait(timeout: 60) { calls("steady") == 20 }, harness.log)
        // A restart by the admin tries again.
        let restarted = try harness.tollbook(["sites", "restart", "fragile", "--config", harness.configPath])
        XCTAssertEqual(restarted.stdout, "fragile: running\n", restarted.stderr)
        try PeerClients.sendTCP(lines(1...5), port: fragilePort, chunkSizes: [1 << 20])
        XCTAssertTrue(harness.wait(timeout: 60) { calls("fragile") == 5 }, harness.log)
    }
}
