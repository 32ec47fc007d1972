import Foundation
import TestSupport
import XCTest

/// `tollbook serve --check` refuses a configuration that names a plugin that is not installed or
/// not trusted, as the service itself would at start.
final class ServeCheckTests: XCTestCase {
    private var harness: ServiceHarness!

    override func setUpWithError() throws {
        harness = try ServiceHarness()
    }

    override func tearDown() {
        harness = nil
    }

    func testAMissingPluginIsRefused() throws {
        try harness.writeConfiguration(connectors: """
                  - name: ghost
                    plugin: no.such.plugin
                    transport: { type: tcp, listen: "127.0.0.1:0" }
            """)
        let check = try harness.tollbook(["serve", "--config", harness.configPath, "--check"])
        XCTAssertNotEqual(check.status, 0)
        XCTAssertTrue(check.stderr.contains("connector 'ghost' (site berlin): unknown connector 'no.such.plugin'"), check.stderr)
    }

    func testAnUntrustedPluginIsRefusedUnlessTheSiteAllowsUnsigned() throws {
        let plugins = harness.directory.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        try TestEnvironment.compileCPlugin(source: "faulty_plugin.c", name: "libfaulty.so", into: plugins)
        let connectors = """
                  - name: faulty
                    plugin: test.faulty
                    transport: { type: tcp, listen: "127.0.0.1:0" }
            """
        try harness.writeConfiguration(connectors: connectors)
        let refused = try harness.tollbook(["serve", "--config", harness.configPath, "--check", "--plugin-dir", plugins.path])
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("connector 'faulty' (site berlin): plugin test.faulty"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("is not trusted"), refused.stderr)
        try harness.writeConfiguration(connectors: connectors, site: "    plugins: { allow_unsigned: true }")
        let allowed = try harness.tollbook(["serve", "--config", harness.configPath, "--check", "--plugin-dir", plugins.path])
        XCTAssertEqual(allowed.stdout, "\(harness.configPath): ok (1 sites, 1 connector instances)\n", allowed.stderr)
    }
}

/// SIGTERM stops the service without `error` lines, even with connections and HTTP listeners
/// open, and a sender that connects, sends and closes at once loses nothing.
final class CleanStopTests: XCTestCase {
    func testSIGTERMLogsNoErrorAndAQuickSenderLosesNothing() throws {
        let harness = try ServiceHarness()
        let tcpPort = try ServiceHarness.freePort()
        let httpPort = try ServiceHarness.freePort()
        try harness.writeConfiguration(connectors: """
                  - name: hipath
                    plugin: unify.osbiz
                    transport: { type: tcp, listen: "127.0.0.1:\(tcpPort)" }
                  - name: ipva
                    plugin: innovaphone.pbx
                    transport: { type: http, listen: "127.0.0.1:\(httpPort)" }
            """)
        try harness.start()
        let fixture = TestEnvironment.fixtures.appendingPathComponent("unify/hipath_compressed_calls.txt")
        let expected = try harness.referenceCalls(connector: "unify.osbiz", source: "hipath", files: [fixture.path])
        XCTAssertEqual(expected.count, 13)
        // All at once, then closed: the service must still read it.
        try PeerClients.sendTCP(Array(try Data(contentsOf: fixture)), port: tcpPort, chunkSizes: [1 << 20])
        XCTAssertTrue(harness.wait(timeout: 30) { harness.callCount() == expected.count }, "\(harness.callCount())\n\(harness.log)")
        let open = try PeerClients.sendTCP([], port: tcpPort, chunkSizes: [1], keepOpen: true)
        defer { close(open) }
        Thread.sleep(forTimeInterval: 0.3)
        harness.stop()
        let errors = harness.log.split(separator: "\n").filter { $0.contains(" error ") || $0.contains(" critical ") }
        XCTAssertEqual(errors, [], harness.log)
        XCTAssertTrue(harness.log.contains("[tollbook] stopping"), harness.log)
    }
}
