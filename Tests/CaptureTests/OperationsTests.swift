import Foundation
import TestSupport
import XCTest

/// Operating the running service: `/healthz`, `/metrics`, `tollbook sites` (disable, enable,
/// restart, kept across restarts) and SIGHUP reloads, none of which touch the other instances.
final class OperationsTests: XCTestCase {
    private var harness: ServiceHarness!
    private var portA = 0
    private var portB = 0
    /// The fixture's records, one line each (with its line end).
    private var lines: [[UInt8]] = []

    override func setUpWithError() throws {
        harness = try ServiceHarness()
        let bytes = Array(try Data(contentsOf: TestEnvironment.fixtures.appendingPathComponent("unify/hipath_compressed_calls.txt")))
        lines = bytes.split(separator: 10).map { Array($0) + [10] }
        portA = try ServiceHarness.freePort()
        portB = try ServiceHarness.freePort()
        try writeConfiguration(extra: "")
    }

    override func tearDown() {
        harness.stop()
        harness = nil
    }

    private func writeConfiguration(extra: String) throws {
        try harness.writeConfiguration(connectors: """
                  - name: pbx-a
                    plugin: unify.osbiz
                    transport: { type: tcp, listen: "127.0.0.1:\(portA)" }
                  - name: pbx-b
                    plugin: unify.osbiz
                    transport: { type: tcp, listen: "127.0.0.1:\(portB)" }
            \(extra)
            """)
    }

    private func calls(of source: String) -> Int {
        ((try? harness.storedCalls()) ?? []).filter { $0.contains("\"source\":\"\(source)\"") }.count
    }

    private func sites(_ arguments: [String]) throws -> TestEnvironment.CommandResult {
        try harness.tollbook(["sites"] + arguments + ["--config", harness.configPath])
    }

    private func record(_ index: Int) -> [UInt8] {
        lines[index]
    }

    /// The `configuration.change` rows of the store's audit log, as their `detail`.
    private func configurationChanges() throws -> [String] {
        let result = try harness.tollbook(["audit", "list", "--action", "configuration.change", "--format", "json",
                                           "--db", harness.database])
        XCTAssertEqual(result.status, 0, result.stderr)
        let rows = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
        return rows.map { $0["detail"] as? String ?? "" }
    }

    func testEveryConfigurationTheServiceRunsOnIsAudited() throws {
        try harness.start()
        let first = try configurationChanges()
        XCTAssertEqual(first.count, 1)
        XCTAssertTrue(first[0].hasPrefix("file=\(URL(fileURLWithPath: harness.configPath).lastPathComponent) sha256="), first[0])
        XCTAssertTrue(first[0].hasSuffix(" previous=none"), first[0])
        // A reload of the same file adds nothing; a changed file adds a row naming the one before.
        harness.signal(SIGHUP)
        let portC = try ServiceHarness.freePort()
        try writeConfiguration(extra: """
                  - name: pbx-c
                    plugin: unify.osbiz
                    transport: { type: tcp, listen: "127.0.0.1:\(portC)" }
            """)
        harness.signal(SIGHUP)
        XCTAssertTrue(harness.wait(timeout: 30) { ((try? self.configurationChanges()) ?? []).count == 2 }, harness.log)
        let changes = try configurationChanges()
        let firstDigest = first[0].split(separator: " ")[1].dropFirst("sha256=".count)
        XCTAssertTrue(changes[1].hasSuffix(" previous=\(firstDigest)"), changes[1])
        XCTAssertNotEqual(changes[1].split(separator: " ")[1], first[0].split(separator: " ")[1])
        let verify = try harness.tollbook(["audit", "verify", "--db", harness.database])
        XCTAssertEqual(verify.status, 0, verify.stdout + verify.stderr)
    }

    func testInstancesAreDisabledEnabledAndReloadedWithoutTouchingTheOthers() throws {
        try harness.start()
        let health = try harness.get("/healthz")
        XCTAssertTrue(health.contains("\"status\":\"ok\""), health)
        // A PBX connected to instance b stays connected through everything that follows.
        let connection = try PeerClients.sendTCP(record(0) + record(1), port: portB, chunkSizes: [5], keepOpen: true)
        defer { close(connection) }
        XCTAssertTrue(harness.wait(timeout: 30) { calls(of: "pbx-b") == 2 })

        let list = try sites(["list"])
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertTrue(list.stdout.contains("pbx-a") && list.stdout.contains("running"), list.stdout)

        let disabled = try sites(["disable", "pbx-a"])
        XCTAssertEqual(disabled.stdout, "pbx-a: disabled\n", disabled.stderr)
        // Nothing listens on a's port any more, not even a worker process it once started.
        XCTAssertThrowsError(try PeerClients.sendTCP(record(2), port: portA, chunkSizes: [100]), "instance a no longer listens")
        try PeerClients.send(record(2), over: connection, chunkSizes: [3])
        XCTAssertTrue(harness.wait(timeout: 30) { calls(of: "pbx-b") == 3 }, harness.log)

        // A reload that adds an instance starts it and leaves b (and its connection) alone.
        let portC = try ServiceHarness.freePort()
        try writeConfiguration(extra: """
                  - name: pbx-c
                    plugin: unify.osbiz
                    transport: { type: tcp, listen: "127.0.0.1:\(portC)" }
            """)
        harness.signal(SIGHUP)
        XCTAssertTrue(harness.wait(timeout: 30) { (try? harness.get("/sites"))?.contains("pbx-c") ?? false })
        XCTAssertTrue(harness.wait(timeout: 30) { (try? PeerClients.sendTCP(record(3), port: portC, chunkSizes: [50])) != nil })
        try PeerClients.send(record(4), over: connection, chunkSizes: [2])
        XCTAssertTrue(harness.wait(timeout: 30) { calls(of: "pbx-b") == 4 && calls(of: "pbx-c") == 1 }, "b \(calls(of: "pbx-b")) c \(calls(of: "pbx-c")) " + harness.log)
        XCTAssertTrue(harness.log.contains("changed=pbx-c [Capture] configuration reloaded"), harness.log)

        // Disabled stays disabled across a restart of the service, until enabled.
        harness.stop()
        try harness.start()
        let afterRestart = try harness.get("/sites")
        XCTAssertTrue(afterRestart.contains("\"name\":\"pbx-a\",\"plugin\":\"unify.osbiz\",\"plugin_errors\":0,\"site\":\"berlin\",\"state\":\"disabled\""),
                      afterRestart)
        let enabled = try sites(["enable", "pbx-a"])
        XCTAssertEqual(enabled.stdout, "pbx-a: running\n", enabled.stderr)
        try PeerClients.sendTCP(record(5), port: portA, chunkSizes: [7])
        XCTAssertTrue(harness.wait(timeout: 30) { calls(of: "pbx-a") == 1 }, harness.log)

        let metrics = try harness.get("/metrics")
        XCTAssertTrue(metrics.contains("tollbook_records_total{instance=\"pbx-a\"} 1"), metrics)
        XCTAssertTrue(metrics.contains("# TYPE tollbook_journal_lag_entries gauge"), metrics)
        let unknown = try sites(["restart", "pbx-x"])
        XCTAssertNotEqual(unknown.status, 0)
        XCTAssertTrue(unknown.stderr.contains("no connector instance or site 'pbx-x'"), unknown.stderr)

        // A whole site at once.
        let site = try sites(["disable", "berlin"])
        XCTAssertEqual(site.stdout, "pbx-a: disabled\npbx-b: disabled\npbx-c: disabled\n", site.stderr)
        XCTAssertThrowsError(try PeerClients.sendTCP(record(6), port: portB, chunkSizes: [100]))
        let back = try sites(["enable", "berlin"])
        XCTAssertEqual(back.stdout, "pbx-a: running\npbx-b: running\npbx-c: running\n", back.stderr)

        // Every operator action is in the audit log, in order, and the chain verifies.
        let audited = try harness.tollbook(["audit", "list", "--action", "connector.control", "--format", "json",
                                            "--db", harness.database])
        XCTAssertEqual(audited.status, 0, audited.stderr)
        let rows = try JSONSerialization.jsonObject(with: Data(audited.stdout.utf8)) as? [[String: Any]] ?? []
        // (The restart of an unknown instance was refused before anything happened: not recorded.)
        XCTAssertEqual(rows.map { $0["detail"] as? String ?? "" }, [
            "disable pbx-a: pbx-a", "enable pbx-a: pbx-a",
            "disable berlin: pbx-a, pbx-b, pbx-c", "enable berlin: pbx-a, pbx-b, pbx-c",
        ])
        XCTAssertEqual(Set(rows.map { $0["actor"] as? String ?? "" }), ["operations token"])
        let verify = try harness.tollbook(["audit", "verify", "--db", harness.database])
        XCTAssertEqual(verify.status, 0, verify.stdout + verify.stderr)
    }

    func testAFailingInstanceIsReportedAndTheOthersRun() throws {
        // Instance b cannot listen: its port is taken.
        let blocker = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(blocker) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(portB).bigEndian)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(blocker, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        listen(blocker, 1)
        try harness.start()
        let health = try harness.get("/healthz")
        XCTAssertTrue(health.contains("\"status\":\"degraded\""), health)
        XCTAssertTrue(health.contains("\"state\":\"failed\""), health)
        try PeerClients.sendTCP(record(0), port: portA, chunkSizes: [9])
        XCTAssertTrue(harness.wait(timeout: 30) { calls(of: "pbx-a") == 1 }, harness.log)
    }

    func testConfigurationErrorsNameFileLineAndKey() throws {
        let bad = harness.directory.appendingPathComponent("bad.yaml")
        try """
            sites:
              - name: berlin
                time_zone: Europe/Berlin
                numbering: { country_code: "49", area_code: "30", outside_line_prefixes: ["0"] }
                providers: { default: nordtel }
                connectors:
                  - name: cucm
                    plugin: cisco.cucm
                    transport: { type: spool, pth: /tmp/x }
            """.write(to: bad, atomically: true, encoding: .utf8)
        let result = try harness.tollbook(["serve", "--config", bad.path, "--check"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("\(bad.path):9: sites[0].connectors[0].transport.pth: unknown key"), result.stderr)
        let good = try harness.tollbook(["serve", "--config", harness.configPath, "--check"])
        XCTAssertEqual(good.stdout, "\(harness.configPath): ok (1 sites, 2 connector instances)\n", good.stderr)
    }
}
