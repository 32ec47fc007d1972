import Foundation
import TestSupport
import XCTest

/// The operations endpoint is authenticated: state-changing requests and `/sites` need the bearer
/// token of `service.ops_token_file` (created with mode 0600 at first start), requests naming
/// another host or coming from a web page are refused, `/healthz` and `/metrics` stay readable
/// (unless `protect_metrics`), and `/healthz` reports disabled instances as degraded.
final class OpsEndpointSecurityTests: XCTestCase {
    private var harness: ServiceHarness!
    private var port = 0

    override func setUpWithError() throws {
        harness = try ServiceHarness()
        port = try ServiceHarness.freePort()
    }

    override func tearDown() {
        harness.stop()
        harness = nil
    }

    private func configure(service: String = "") throws {
        try harness.writeConfiguration(connectors: """
                  - name: pbx-a
                    plugin: unify.osbiz
                    transport: { type: tcp, listen: "127.0.0.1:\(port)" }
            """, service: service)
    }

    func testStateChangingRequestsNeedTheTokenAndTheRightHost() throws {
        try configure()
        try harness.start()
        let tokenFile = harness.dataDirectory + "/ops.token"
        let attributes = try FileManager.default.attributesOfItem(atPath: tokenFile)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        XCTAssertEqual(harness.opsToken.count, 64)

        // No token, a wrong token: refused, and the instance keeps running.
        XCTAssertEqual(try harness.request("POST", "/sites/pbx-a/disable", token: "").status, 401)
        XCTAssertEqual(try harness.request("POST", "/sites/pbx-a/disable", token: String(repeating: "0", count: 64)).status, 401)
        XCTAssertEqual(try harness.request("POST", "/reload", token: "").status, 401)
        XCTAssertEqual(try harness.request("GET", "/sites", token: "").status, 401)
        // The token from a web page (a cross-site POST, DNS rebinding): refused.
        XCTAssertEqual(try harness.request("POST", "/sites/pbx-a/disable", headers: ["Origin: http://evil.example"]).status, 403)
        XCTAssertEqual(try harness.request("POST", "/sites/pbx-a/disable", headers: ["Host: evil.example:\(harness.opsPort)"]).status, 403)
        XCTAssertEqual(try harness.request("GET", "/sites", headers: ["Host: 127.0.0.1:1"]).status, 403)
        let sites = try harness.request("GET", "/sites")
        XCTAssertEqual(sites.status, 200)
        XCTAssertTrue(sites.body.contains("\"state\":\"running\""), sites.body)

        // Read-only endpoints need no token.
        let health = try harness.request("GET", "/healthz", token: "")
        XCTAssertEqual(health.status, 200, health.body)
        XCTAssertTrue(health.body.contains("\"status\":\"ok\""), health.body)
        XCTAssertEqual(try harness.request("GET", "/metrics", token: "").status, 200)

        // `tollbook sites` reads the token through the configuration.
        let disabled = try harness.tollbook(["sites", "disable", "pbx-a", "--config", harness.configPath])
        XCTAssertEqual(disabled.stdout, "pbx-a: disabled\n", disabled.stderr)
        let degraded = try harness.request("GET", "/healthz", token: "")
        XCTAssertEqual(degraded.status, 503)
        XCTAssertTrue(degraded.body.contains("\"reasons\":[\"pbx-a: disabled\"]"), degraded.body)
        XCTAssertTrue(degraded.body.contains("\"status\":\"degraded\""), degraded.body)
        let withoutToken = try harness.tollbook(["sites", "list", "--url", "http://127.0.0.1:\(harness.opsPort)"])
        XCTAssertNotEqual(withoutToken.status, 0)
        XCTAssertTrue(withoutToken.stderr.contains("a bearer token is required"), withoutToken.stderr)
        let withFile = try harness.tollbook(["sites", "list", "--url", "http://127.0.0.1:\(harness.opsPort)", "--token-file", tokenFile])
        XCTAssertEqual(withFile.status, 0, withFile.stderr)
        XCTAssertTrue(withFile.stdout.contains("pbx-a"), withFile.stdout)
    }

    func testProtectedMetricsNeedTheTokenAndAnOpenTokenFileIsRefused() throws {
        try configure(service: "  protect_metrics: true\n  ops_token_file: secrets/ops.token")
        try harness.start()
        XCTAssertEqual(try harness.request("GET", "/metrics", token: "").status, 401)
        XCTAssertEqual(try harness.request("GET", "/healthz", token: "").status, 401)
        let token = try String(contentsOfFile: harness.dataDirectory + "/secrets/ops.token", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(try harness.request("GET", "/metrics", token: token).status, 200)
        harness.stop()
        chmod(harness.dataDirectory + "/secrets/ops.token", 0o644)
        let check = try harness.tollbook(["sites", "list", "--config", harness.configPath])
        XCTAssertNotEqual(check.status, 0)
        XCTAssertTrue(check.stderr.contains("can be read by other users (mode 644); run chmod 600 on it"), check.stderr)
    }
}
