import TollbookConfiguration
import XCTest

/// The `service:` section and the connector instances of sites (`tollbook serve`), with every
/// error naming file, line and key.
final class ServiceConfigurationTests: XCTestCase {
    private func site(connectors: String, service: String = "") -> String {
        """
        tariffs: tariffs
        \(service)
        sites:
          - name: berlin
            time_zone: Europe/Berlin
            sources: [legacy-import]
            numbering: { country_code: "49", area_code: "30", outside_line_prefixes: ["0"] }
            providers: { default: nordtel }
            connectors:
        \(connectors)
        """
    }

    func testServiceAndEveryTransportAreRead() throws {
        let text = site(connectors: """
              - name: cucm-berlin
                plugin: cisco.cucm
                isolation: in_process
                limits: { timeout_s: 10, memory_mb: 256 }
                options: { trunk_patterns: "GW-*", columns: 133 }
                transport: { type: spool, path: spool/cucm, stable_ms: 500 }
              - name: cucm-push
                plugin: cisco.cucm
                enabled: false
                transport:
                  type: sftp_server
                  listen: 0.0.0.0:2222
                  accounts:
                    - { user: billing, password_file: secrets/billing.pw }
              - name: remote
                plugin: swyx.swyxware
                transport: { type: sftp_pickup, host: pbx.example.com, user: cdr, key_file: keys/id, path: /export, after: keep }
              - name: ftp
                plugin: swyx.swyxware
                transport: { type: ftp_pickup, host: 10.0.0.5, user: cdr, password_file: ftp.pw, path: /cdr, tls: true }
              - name: hipath
                plugin: unify.osbiz
                transport: { type: tcp, listen: "7001", allow: [10.1.1.1] }
              - name: ipva
                plugin: innovaphone.pbx
                transport: { type: http, listen: "[::]:8080", path: /innovaphone/cdr }
        """, service: """
        service:
          data_directory: /var/lib/tollbook
          listen: 127.0.0.1:9999
          journal: { segment_mb: 16, retention_days: 30 }
          commit_records: 1000
        """)
        let file = try ConfigurationFile.parse(text, path: "/etc/tollbook/tollbook.yaml")
        XCTAssertEqual(file.service.dataDirectory, "/var/lib/tollbook")
        XCTAssertEqual(file.service.storePath, "/var/lib/tollbook/tollbook.db")
        XCTAssertEqual(file.service.listen, ListenAddress(host: "127.0.0.1", port: 9999))
        XCTAssertEqual(file.service.journalSegmentBytes, 16 << 20)
        XCTAssertEqual(file.service.journalRetentionDays, 30)
        XCTAssertEqual(file.service.commitRecords, 1000)
        XCTAssertEqual(file.service.journalDirectory(instance: "ipva"), "/var/lib/tollbook/journal/ipva")
        let berlin = file.sites[0]
        XCTAssertEqual(berlin.sources, ["legacy-import", "cucm-berlin", "cucm-push", "remote", "ftp", "hipath", "ipva"])
        XCTAssertEqual(file.site(forSource: "hipath")?.name, "berlin")
        let cucm = berlin.connectors[0]
        XCTAssertEqual(cucm.plugin, "cisco.cucm")
        XCTAssertEqual(cucm.isolation, .inProcess)
        XCTAssertEqual(cucm.timeoutSeconds, 10)
        XCTAssertEqual(cucm.memoryBytes, 256 << 20)
        XCTAssertEqual(cucm.options, [ConnectorOption(key: "trunk_patterns", value: "GW-*"), ConnectorOption(key: "columns", value: "133")])
        var spool = SpoolSettings(path: "/etc/tollbook/spool/cucm")
        spool.stableMs = 500
        XCTAssertEqual(cucm.transport, .spool(spool))
        XCTAssertFalse(berlin.connectors[1].enabled)
        XCTAssertEqual(berlin.connectors[1].transport, .sftpServer(SFTPServerTransportSettings(
            listen: ListenAddress(host: "0.0.0.0", port: 2222), hostKeyPath: "",
            accounts: [SFTPAccountSettings(user: "billing", passwordFile: "/etc/tollbook/secrets/billing.pw")])))
        var pickup = PickupTransportSettings(host: "pbx.example.com", port: 22, user: "cdr", path: "/export")
        pickup.keyFile = "/etc/tollbook/keys/id"
        pickup.after = .keep
        XCTAssertEqual(berlin.connectors[2].transport, .sftpPickup(pickup))
        var ftp = PickupTransportSettings(host: "10.0.0.5", port: 21, user: "cdr", path: "/cdr")
        ftp.passwordFile = "/etc/tollbook/ftp.pw"
        ftp.tls = true
        XCTAssertEqual(berlin.connectors[3].transport, .ftpPickup(ftp))
        XCTAssertEqual(berlin.connectors[4].transport, .tcp(TCPSettings(listen: ListenAddress(host: "127.0.0.1", port: 7001), allow: ["10.1.1.1"])))
        XCTAssertEqual(berlin.connectors[5].transport, .http(HTTPReceiverSettings(listen: ListenAddress(host: "::", port: 8080), path: "/innovaphone/cdr")))
        XCTAssertEqual(file.connectorInstances.map(\.connector.name), ["cucm-berlin", "cucm-push", "remote", "ftp", "hipath", "ipva"])
    }

    func testWithoutServiceSectionTheDataLivesBesideTheFile() throws {
        let file = try ConfigurationFile.parse(site(connectors: """
              - name: cucm
                plugin: cisco.cucm
                transport: { type: spool, path: /srv/spool }
        """), path: "/etc/tollbook/tollbook.yaml")
        XCTAssertEqual(file.service.dataDirectory, "/etc/tollbook/tollbook-data")
        XCTAssertEqual(file.service.listen, ListenAddress(host: "127.0.0.1", port: 9480))
        XCTAssertEqual(file.sites[0].connectors[0].isolation, .worker)
    }

    func testMistakesNameFileLineAndKey() {
        let cases: [(String, String)] = [
            ("""
              - name: cucm
                plugin: cisco.cucm
                transport: { type: carrier-pigeon }
            """, "f.yaml:12: sites[0].connectors[0].transport.type: unknown transport (one of ftp_pickup, http, sftp_pickup, sftp_server, spool, tcp)"),
            ("""
              - name: cucm
                plugin: cisco.cucm
                transport: { type: spool }
            """, "f.yaml:12: sites[0].connectors[0].transport.path: missing"),
            ("""
              - name: cucm
                plugin: cisco.cucm
                isolation: sandbox
                transport: { type: spool, path: x }
            """, "f.yaml:12: sites[0].connectors[0].isolation: must be worker or in_process"),
            ("""
              - name: hipath
                plugin: unify.osbiz
                transport: { type: tcp, listen: "localhost" }
            """, "f.yaml:12: sites[0].connectors[0].transport.listen: must be host:port such as 0.0.0.0:2222 (or a port)"),
            ("""
              - name: a/b
                plugin: unify.osbiz
                transport: { type: tcp, listen: "7000" }
            """, "f.yaml:10: sites[0].connectors[0].name: must be letters, digits, '-', '_' or '.' (it names folders)"),
            ("""
              - name: legacy-import
                plugin: unify.osbiz
                transport: { type: tcp, listen: "7000" }
            """, "f.yaml:10: sites[0].connectors[0].name: 'legacy-import' is also listed in sources (a connector is a source already)"),
            ("""
              - name: a
                plugin: unify.osbiz
                transport: { type: tcp, listen: "7000" }
              - name: a
                plugin: unify.osbiz
                transport: { type: tcp, listen: "7001" }
            """, "f.yaml:13: sites[0].connectors[1].name: connector 'a' is already defined on line 10"),
            ("""
              - name: push
                plugin: cisco.cucm
                transport: { type: sftp_server, listen: "2222", accounts: [{ user: billing }] }
            """, "f.yaml:12: sites[0].connectors[0].transport.accounts[0].password_file: missing (or authorized_keys)"),
        ]
        for (connectors, message) in cases {
            let indented = connectors.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")
            XCTAssertThrowsError(try ConfigurationFile.parse(site(connectors: indented), path: "f.yaml")) { error in
                XCTAssertEqual("\(error)", message)
            }
        }
    }
}

/// The `privacy:` section's root: defaults without it, `min_group_size` never below 5.
final class PrivacySectionTests: XCTestCase {
    private let sites = """
        sites:
          - name: berlin
            time_zone: Europe/Berlin
            sources: [legacy-import]
            numbering: { country_code: "49", area_code: "30", outside_line_prefixes: ["0"] }
            providers: { default: nordtel }
        """

    func testDefaultsWithoutTheSection() throws {
        let file = try ConfigurationFile.parse(sites, path: "/etc/tollbook.yaml")
        XCTAssertEqual(file.privacy.minimumGroupSize, 5)
    }

    func testMinimumGroupSizeIsReadAndNeverBelowFive() throws {
        let file = try ConfigurationFile.parse(sites + "\nprivacy:\n  min_group_size: 7\n", path: "/etc/tollbook.yaml")
        XCTAssertEqual(file.privacy.minimumGroupSize, 7)
        XCTAssertThrowsError(try ConfigurationFile.parse(sites + "\nprivacy:\n  min_group_size: 4\n", path: "/etc/tollbook.yaml")) {
            XCTAssertEqual("\($0)", "/etc/tollbook.yaml:8: privacy.min_group_size: must be a whole number from 5 to 1000")
        }
        XCTAssertThrowsError(try ConfigurationFile.parse(sites + "\nprivacy:\n  k: 5\n", path: "/etc/tollbook.yaml")) {
            XCTAssertTrue("\($0)".hasPrefix("/etc/tollbook.yaml:8: privacy.k:"), "\($0)")
        }
    }
}
