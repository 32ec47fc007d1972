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
