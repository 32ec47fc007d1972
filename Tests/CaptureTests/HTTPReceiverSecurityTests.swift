import Foundation
import TestSupport
import XCTest

/// The HTTP receiver is authenticated and bounded: allow lists (CIDR), basic or bearer
/// credentials, client certificates, and connection caps with idle and header timeouts so that
/// idle connections cannot starve the listener.
final class HTTPReceiverSecurityTests: XCTestCase {
    private var harness: ServiceHarness!
    private var port = 0
    private var body: URL!

    override func setUpWithError() throws {
        harness = try ServiceHarness()
        port = try ServiceHarness.freePort()
        body = harness.directory.appendingPathComponent("body")
        let standard = try String(contentsOf: TestEnvironment.fixtures.appendingPathComponent("innovaphone/wrapped_standard.txt"), encoding: .utf8)
        try standard.write(to: body, atomically: true, encoding: .utf8)
    }

    override func tearDown() {
        harness.stop()
        harness = nil
    }

    private func configure(_ transport: String) throws {
        try harness.writeConfiguration(connectors: """
                  - name: ipva
                    plugin: innovaphone.pbx
                    transport: { type: http, listen: "127.0.0.1:\(port)", \(transport) }
            """)
    }

    private var url: String { "http://127.0.0.1:\(port)/cdr" }

    func testAnAddressOutsideTheAllowListIsRefused() throws {
        try configure("allow: [\"192.0.2.0/24\", \"2001:db8::/32\"]")
        try harness.start()
        XCTAssertEqual(try PeerClients.curl(["--data-binary", "@" + body.path, url]), 0, "the connection is closed at once")
        XCTAssertEqual(harness.callCount(), 0)
        XCTAssertTrue(harness.log.contains("http connection refused"), harness.log)
        harness.stop()
        try configure("allow: [\"127.0.0.0/8\"]")
        try harness.start()
        XCTAssertEqual(try PeerClients.curl(["--data-binary", "@" + body.path, url]), 200)
        XCTAssertTrue(harness.wait(timeout: 30) { harness.callCount() == 3 }, harness.log)
    }

    func testBasicAndBearerCredentialsAreRequired() throws {
        try "pbx-s3cret\n".write(to: harness.directory.appendingPathComponent("http.password"), atomically: true, encoding: .utf8)
        try "t0ken-for-the-pbx\n".write(to: harness.directory.appendingPathComponent("http.token"), atomically: true, encoding: .utf8)
        try configure("auth: { user: pbx, password_file: http.password, bearer_token_file: http.token }")
        try harness.start()
        XCTAssertEqual(try PeerClients.curl(["--data-binary", "@" + body.path, url]), 401)
        XCTAssertEqual(try PeerClients.curl(["-u", "pbx:wrong", "--data-binary", "@" + body.path, url]), 401)
        XCTAssertEqual(try PeerClients.curl(["-H", "Authorization: Bearer wrong", url + "?event=syslog"]), 401)
        Thread.sleep(forTimeInterval: 0.5)
        XCTAssertEqual(harness.callCount(), 0, "nothing unauthenticated is journaled")
        XCTAssertEqual(try PeerClients.curl(["-u", "pbx:pbx-s3cret", "--data-binary", "@" + body.path, url]), 200)
        XCTAssertTrue(harness.wait(timeout: 30) { harness.callCount() == 3 }, harness.log)
        XCTAssertEqual(try PeerClients.curl(["-H", "Authorization: Bearer t0ken-for-the-pbx", "--data-binary", "@" + body.path, url]), 200)
    }

    func testAClientCertificateIsRequiredWhenAClientCAIsConfigured() throws {
        let directory = harness.directory
        func openssl(_ arguments: [String]) throws {
            let result = try TestEnvironment.run(URL(fileURLWithPath: "/usr/bin/openssl"), arguments, currentDirectory: directory)
            XCTAssertEqual(result.status, 0, result.stderr)
        }
        try openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                     "-keyout", "receiver.key", "-out", "receiver.crt"])
        try openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=pbx-ca", "-keyout", "ca.key", "-out", "ca.crt"])
        try openssl(["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=pbx", "-keyout", "pbx.key", "-out", "pbx.csr"])
        try openssl(["x509", "-req", "-in", "pbx.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2", "-out", "pbx.crt"])
        try configure("tls: { certificate: receiver.crt, key: receiver.key, client_ca: ca.crt }")
        try harness.start()
        let https = "https://127.0.0.1:\(port)/cdr"
        let trust = ["--cacert", directory.appendingPathComponent("receiver.crt").path]
        XCTAssertEqual(try PeerClients.curl(trust + ["--data-binary", "@" + body.path, https]), 0, "no client certificate: no handshake")
        XCTAssertEqual(try PeerClients.curl(trust + ["--cert", directory.appendingPathComponent("pbx.crt").path,
                                                     "--key", directory.appendingPathComponent("pbx.key").path,
                                                     "--data-binary", "@" + body.path, https]), 200)
        XCTAssertTrue(harness.wait(timeout: 30) { harness.callCount() == 3 }, harness.log)
    }

    func testIdleConnectionsAreCappedAndTimedOut() throws {
        try configure("max_connections: 8, max_connections_per_source: 4, header_timeout_s: 1, idle_timeout_s: 2")
        try harness.start()
        // Four silent connections fill this address's share; a fifth is closed at once.
        let silent = (0..<4).compactMap { _ in try? PeerClients.sendTCP([], port: port, chunkSizes: [1], keepOpen: true) }
        defer { silent.forEach { close($0) } }
        XCTAssertEqual(silent.count, 4)
        Thread.sleep(forTimeInterval: 0.3)
        XCTAssertEqual(try PeerClients.curl(["--data-binary", "@" + body.path, url]), 0)
        // The header timeout closes the silent ones; then the PBX gets through.
        Thread.sleep(forTimeInterval: 2)
        for socket in silent {
            var byte: UInt8 = 0
            XCTAssertEqual(recv(socket, &byte, 1, 0), 0, "closed by the server")
        }
        XCTAssertEqual(try PeerClients.curl(["--data-binary", "@" + body.path, url]), 200)
        XCTAssertTrue(harness.wait(timeout: 30) { harness.callCount() == 3 }, harness.log)
    }

    func testUnknownAllowEntriesAreConfigurationErrors() throws {
        try configure("allow: [\"10.0.0.0/33\"]")
        let check = try harness.tollbook(["serve", "--config", harness.configPath, "--check"])
        XCTAssertNotEqual(check.status, 0)
        XCTAssertTrue(check.stderr.contains("'10.0.0.0/33' is neither an IP address nor a CIDR block such as 192.0.2.0/24"), check.stderr)
    }
}
