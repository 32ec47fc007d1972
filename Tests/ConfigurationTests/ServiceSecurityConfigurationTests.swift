import TollbookConfiguration
import XCTest

/// The keys that authenticate and bound the service's listeners: the operations token, allow
/// lists, connection limits and timeouts, HTTP credentials and client certificates.
final class ServiceSecurityConfigurationTests: XCTestCase {
    private func site(connectors: String, service: String = "") -> String {
        """
        tariffs: tariffs
        \(service)
        sites:
          - name: berlin
            time_zone: Europe/Berlin
            numbering: { country_code: "49", area_code: "30", outside_line_prefixes: ["0"] }
            providers: { default: nordtel }
            connectors:
        \(connectors)
        """
    }

    func testSecurityKeysAreRead() throws {
        let text = site(connectors: """
              - name: push
                plugin: cisco.cucm
                transport:
                  type: sftp_server
                  listen: 0.0.0.0:2222
                  accounts: [{ user: billing, password_file: billing.pw }]
                  allow: [10.0.0.0/8]
                  max_connections: 8
                  max_pre_auth: 6
                  max_pre_auth_per_source: 2
                  pre_auth_timeout_s: 5
              - name: hipath
                plugin: unify.osbiz
                transport: { type: tcp, listen: "7001", allow: [10.1.1.1, "2001:db8::/32"], max_connections: 4, max_connections_per_source: 1 }
              - name: ipva
                plugin: innovaphone.pbx
                transport:
                  type: http
                  listen: 0.0.0.0:8443
                  tls: { certificate: r.crt, key: r.key, client_ca: ca.crt }
                  auth: { user: pbx, password_file: http.pw, bearer_token_file: http.token }
                  allow: [192.0.2.0/24]
                  max_connections: 20
                  max_connections_per_source: 5
                  idle_timeout_s: 15
                  header_timeout_s: 3
        """, service: """
        service:
          data_directory: /var/lib/tollbook
          ops_token_file: secrets/ops.token
          protect_metrics: true
          max_record_mb: 8
        """)
        let file = try ConfigurationFile.parse(text, path: "/etc/tollbook/tollbook.yaml")
        XCTAssertEqual(file.service.opsTokenFile, "/var/lib/tollbook/secrets/ops.token")
        XCTAssertTrue(file.service.protectMetrics)
        XCTAssertEqual(file.service.maxRecordBytes, 8 << 20)
        guard case let .sftpServer(sftp) = file.sites[0].connectors[0].transport else { return XCTFail("sftp_server") }
        XCTAssertEqual(sftp.limits.allow, ["10.0.0.0/8"])
        XCTAssertEqual(sftp.limits.maxConnections, 8)
        XCTAssertEqual(sftp.limits.maxPreAuth, 6)
        XCTAssertEqual(sftp.limits.maxPreAuthPerSource, 2)
        XCTAssertEqual(sftp.limits.preAuthTimeoutSeconds, 5)
        guard case let .tcp(tcp) = file.sites[0].connectors[1].transport else { return XCTFail("tcp") }
        XCTAssertEqual(tcp.allow, ["10.1.1.1", "2001:db8::/32"])
        XCTAssertEqual(tcp.limits.maxConnections, 4)
        XCTAssertEqual(tcp.limits.maxConnectionsPerSource, 1)
        guard case let .http(http) = file.sites[0].connectors[2].transport else { return XCTFail("http") }
        XCTAssertEqual(http.clientCAFile, "/etc/tollbook/ca.crt")
        XCTAssertEqual(http.basicUser, "pbx")
        XCTAssertEqual(http.basicPasswordFile, "/etc/tollbook/http.pw")
        XCTAssertEqual(http.bearerTokenFile, "/etc/tollbook/http.token")
        XCTAssertEqual(http.limits.allow, ["192.0.2.0/24"])
        XCTAssertEqual(http.limits.maxConnections, 20)
        XCTAssertEqual(http.limits.maxConnectionsPerSource, 5)
        XCTAssertEqual(http.limits.idleTimeoutSeconds, 15)
        XCTAssertEqual(http.limits.headerTimeoutSeconds, 3)
    }

    func testDefaultsBoundEveryListener() throws {
        let file = try ConfigurationFile.parse(site(connectors: """
              - name: ipva
                plugin: innovaphone.pbx
                transport: { type: http, listen: "8080" }
        """), path: "/etc/tollbook/tollbook.yaml")
        XCTAssertEqual(file.service.opsTokenFile, "/etc/tollbook/tollbook-data/ops.token")
        XCTAssertFalse(file.service.protectMetrics)
        XCTAssertEqual(file.service.maxRecordBytes, 64 << 20)
        guard case let .http(http) = file.sites[0].connectors[0].transport else { return XCTFail("http") }
        XCTAssertEqual(http.limits, {
            var limits = ListenerLimits(maxConnections: 256, maxConnectionsPerSource: 32)
            limits.idleTimeoutSeconds = 30
            limits.headerTimeoutSeconds = 10
            return limits
        }())
        XCTAssertNil(http.basicUser)
        XCTAssertNil(http.bearerTokenFile)
    }

    func testMistakesNameFileLineAndKey() {
        let cases: [(String, String)] = [
            ("""
              - name: hipath
                plugin: unify.osbiz
                transport: { type: tcp, listen: "7000", allow: [10.0.0.0/33] }
            """, "f.yaml:11: sites[0].connectors[0].transport.allow: '10.0.0.0/33' is neither an IP address nor a CIDR block such as 192.0.2.0/24"),
            ("""
              - name: ipva
                plugin: innovaphone.pbx
                transport: { type: http, listen: "8080", auth: { user: pbx } }
            """, "f.yaml:11: sites[0].connectors[0].transport.auth: basic credentials need both user and password_file"),
            ("""
              - name: ipva
                plugin: innovaphone.pbx
                transport: { type: http, listen: "8080", max_connections: 0 }
            """, "f.yaml:11: sites[0].connectors[0].transport.max_connections: must be a whole number from 1 to 100000"),
        ]
        for (connectors, expected) in cases {
            let indented = connectors.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")
            XCTAssertThrowsError(try ConfigurationFile.parse(site(connectors: indented), path: "f.yaml")) { error in
                XCTAssertEqual("\(error)", expected)
            }
        }
    }
}
