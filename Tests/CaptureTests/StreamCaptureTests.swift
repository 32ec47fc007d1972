import Foundation
import TestSupport
import XCTest

/// `tollbook serve` with the TCP listener (Unify lines in odd chunk sizes, a reconnect) and the
/// HTTP receiver (innovaphone GET, POST and "Standard" bodies sent by curl, then sent again).
final class StreamCaptureTests: XCTestCase {
    private var harness: ServiceHarness!

    override func setUpWithError() throws {
        harness = try ServiceHarness()
    }

    override func tearDown() {
        harness.stop()
        harness = nil
    }

    func testUnifyLinesStreamedInOddChunksOverTwoConnectionsAreStoredExactly() throws {
        let port = try ServiceHarness.freePort()
        try harness.writeConfiguration(connectors: """
                  - name: hipath
                    plugin: unify.osbiz
                    transport: { type: tcp, listen: "127.0.0.1:\(port)" }
            """)
        let file = TestEnvironment.fixtures.appendingPathComponent("unify/hipath_compressed_calls.txt")
        let expected = try harness.referenceCalls(connector: "unify.osbiz", source: "hipath", files: [file.path])
        XCTAssertEqual(expected.count, 13)
        try harness.start()
        let bytes = Array(try Data(contentsOf: file))
        // The PBX drops the connection after the sixth line and connects again for the rest.
        var cut = 0
        for _ in 0..<6 { cut = (bytes[cut...].firstIndex(of: 10) ?? bytes.count - 1) + 1 }
        try PeerClients.sendTCP(Array(bytes[..<cut]), port: port, chunkSizes: [1, 7, 13, 64])
        try PeerClients.sendTCP(Array(bytes[cut...]), port: port, chunkSizes: [3, 29, 5])
        XCTAssertTrue(harness.wait(timeout: 60) { harness.callCount() == expected.count }, harness.log)
        harness.stop()
        XCTAssertEqual(try harness.storedCalls(), expected)
    }

    func testALongLivedConnectionIsJournaledAsRotatingStreamsAtLineEnds() throws {
        let port = try ServiceHarness.freePort()
        try harness.writeConfiguration(connectors: """
                  - name: hipath
                    plugin: unify.osbiz
                    transport: { type: tcp, listen: "127.0.0.1:\(port)", rotate_kb: 1 }
            """)
        let files = ["hipath_long_calls.txt", "hipath_compressed_calls.txt"].map { TestEnvironment.fixtures.appendingPathComponent("unify/\($0)") }
        let expected = try harness.referenceCalls(connector: "unify.osbiz", source: "hipath", files: files.map(\.path))
        try harness.start()
        let bytes = try files.flatMap { Array(try Data(contentsOf: $0)) }
        let connection = try PeerClients.sendTCP(bytes, port: port, chunkSizes: [37, 300], keepOpen: true)
        defer { close(connection) }
        XCTAssertTrue(harness.wait(timeout: 30) { harness.callCount() == expected.count }, harness.log)
        let metrics = try harness.get("/metrics")
        let streams = metrics.split(separator: "\n").first { $0.hasPrefix("tollbook_received_streams_total{instance=\"hipath\"}") }
        let count = Int(streams?.split(separator: " ").last ?? "") ?? 0
        XCTAssertGreaterThan(count, 1, "a connection of \(bytes.count) bytes with rotation at 1 KiB is several streams")
        harness.stop()
        XCTAssertEqual(try harness.storedCalls(), expected)
    }

    func testAPeerOutsideTheAllowListIsDisconnectedAndNothingIsJournaled() throws {
        let port = try ServiceHarness.freePort()
        try harness.writeConfiguration(connectors: """
                  - name: hipath
                    plugin: unify.osbiz
                    transport: { type: tcp, listen: "127.0.0.1:\(port)", allow: [192.0.2.7] }
            """)
        try harness.start()
        let bytes = Array(try Data(contentsOf: TestEnvironment.fixtures.appendingPathComponent("unify/hipath_compressed_calls.txt")))
        _ = try? PeerClients.sendTCP(bytes, port: port, chunkSizes: [512])
        Thread.sleep(forTimeInterval: 1)
        let metrics = try harness.get("/metrics")
        XCTAssertTrue(metrics.contains("tollbook_received_bytes_total{instance=\"hipath\"} 0"), metrics)
        XCTAssertTrue(harness.log.contains("tcp connection refused (address not allowed)"), harness.log)
        XCTAssertEqual(harness.callCount(), 0)
    }

    func testAConnectionCutByACrashIsClosedAfterTheRestartAndItsHalfRecordQuarantined() throws {
        let port = try ServiceHarness.freePort()
        try harness.writeConfiguration(connectors: """
                  - name: hipath
                    plugin: unify.osbiz
                    transport: { type: tcp, listen: "127.0.0.1:\(port)" }
            """)
        try harness.start()
        let bytes = Array(try Data(contentsOf: TestEnvironment.fixtures.appendingPathComponent("unify/hipath_compressed_calls.txt")))
        var cut = 0
        for _ in 0..<4 { cut = (bytes[cut...].firstIndex(of: 10) ?? bytes.count - 1) + 1 }
        // Four records and half of the fifth, then the service dies with the connection open.
        let connection = try PeerClients.sendTCP(Array(bytes[..<(cut + 20)]), port: port, chunkSizes: [9], keepOpen: true)
        defer { close(connection) }
        XCTAssertTrue(harness.wait(timeout: 30) { harness.callCount() == 4 }, harness.log)
        Thread.sleep(forTimeInterval: 0.3)
        harness.kill()
        try harness.start()
        XCTAssertTrue(harness.wait(timeout: 30) {
            let rejects = (try? harness.tollbook(["rejects", "--db", harness.database, "--format", "jsonl"]).stdout) ?? ""
            return rejects.contains("\"reason\":\"truncated\"")
        }, harness.log)
        harness.stop()
        XCTAssertEqual(harness.callCount(), 4)
        let check = try TestEnvironment.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            print(db.execute("SELECT status, imported, rejected FROM imports").fetchall(), db.execute("SELECT open FROM ingest_streams").fetchall())
            """, harness.database])
        XCTAssertEqual(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "[('completed', 4, 1)] [(0,)]", check.stderr)
    }

    func testInnovaphoneBodiesArriveOverHTTPS() throws {
        let port = try ServiceHarness.freePort()
        let openssl = try TestEnvironment.run(URL(fileURLWithPath: "/usr/bin/openssl"), [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
            "-keyout", harness.directory.appendingPathComponent("receiver.key").path,
            "-out", harness.directory.appendingPathComponent("receiver.crt").path,
        ])
        XCTAssertEqual(openssl.status, 0, openssl.stderr)
        try harness.writeConfiguration(connectors: """
                  - name: ipva
                    plugin: innovaphone.pbx
                    transport: { type: http, listen: "127.0.0.1:\(port)", tls: { certificate: receiver.crt, key: receiver.key } }
            """)
        try harness.start()
        let body = harness.directory.appendingPathComponent("body")
        let standard = try String(contentsOf: TestEnvironment.fixtures.appendingPathComponent("innovaphone/wrapped_standard.txt"), encoding: .utf8)
        try standard.write(to: body, atomically: true, encoding: .utf8)
        let url = "https://127.0.0.1:\(port)/cdr"
        XCTAssertEqual(try PeerClients.curl(["--cacert", harness.directory.appendingPathComponent("receiver.crt").path,
                                             "--data-binary", "@" + body.path, url]), 200)
        XCTAssertEqual(try PeerClients.curl(["--data-binary", "@" + body.path, "http://127.0.0.1:\(port)/cdr"]), 0,
                       "plain HTTP is not answered on an HTTPS port")
        XCTAssertTrue(harness.wait(timeout: 30) { harness.callCount() == 3 }, harness.log)
        let expected = try harness.referenceCalls(connector: "innovaphone.pbx", source: "ipva", files: [body.path])
        harness.stop()
        XCTAssertEqual(try harness.storedCalls(), expected)
    }

    func testInnovaphoneBodiesAreStoredOnceWhenSentAgain() throws {
        let port = try ServiceHarness.freePort()
        try harness.writeConfiguration(connectors: """
                  - name: ipva
                    plugin: innovaphone.pbx
                    isolation: in_process
                    transport: { type: http, listen: "127.0.0.1:\(port)", path: /cdr }
            """)
        let xml = try String(contentsOf: TestEnvironment.fixtures.appendingPathComponent("innovaphone/calls.xml"), encoding: .utf8)
        let elements = xml.components(separatedBy: "<cdr ").dropFirst().map { "<cdr " + $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        XCTAssertEqual(elements.count, 35)
        // What the receiver journals for each request, written to one file for the reference import.
        var journaled = ""
        var requests: [[String]] = []
        let url = "http://127.0.0.1:\(port)/cdr"
        let bodies = harness.directory.appendingPathComponent("bodies")
        try FileManager.default.createDirectory(at: bodies, withIntermediateDirectories: true)
        for (index, element) in elements.enumerated() {
            let encoded = element.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let arguments = "event=syslog&time=\(1_772_442_100 + index)&from=IP811&msg=\(encoded)"
            switch index % 3 {
            case 0:
                journaled += "?" + arguments + "\r\n"
                requests.append([url + "?" + arguments])
            case 1:
                let body = bodies.appendingPathComponent("post-\(index)")
                try (arguments + "\r\n").write(to: body, atomically: true, encoding: .utf8)
                journaled += arguments + "\r\n"
                requests.append(["--data-binary", "@" + body.path, url])
            default:
                let body = bodies.appendingPathComponent("standard-\(index)")
                try ("log-msg" + element + "\r\n").write(to: body, atomically: true, encoding: .utf8)
                journaled += "log-msg" + element + "\r\n"
                requests.append(["--data-binary", "@" + body.path, url])
            }
        }
        let reference = harness.directory.appendingPathComponent("journaled.txt")
        try journaled.write(to: reference, atomically: true, encoding: .utf8)
        let expected = try harness.referenceCalls(connector: "innovaphone.pbx", source: "ipva", files: [reference.path])
        XCTAssertEqual(expected.count, 34)
        try harness.start()
        for request in requests { XCTAssertEqual(try PeerClients.curl(request), 200) }
        XCTAssertTrue(harness.wait(timeout: 60) { harness.callCount() == expected.count }, harness.log)
        // A PBX that missed the answers sends everything again: nothing new is stored (the fixture
        // itself repeats one record: 1 + 35 duplicates).
        for request in requests { XCTAssertEqual(try PeerClients.curl(request), 200) }
        XCTAssertTrue(harness.wait(timeout: 30) { (try? harness.get("/healthz"))?.contains("\"journal_lag\":0") ?? false })
        let metrics = try harness.get("/metrics")
        XCTAssertTrue(metrics.contains("tollbook_received_streams_total{instance=\"ipva\"} 70"), metrics)
        XCTAssertTrue(metrics.contains("tollbook_records_total{instance=\"ipva\"} 34"), metrics)
        XCTAssertTrue(metrics.contains("tollbook_duplicate_records_total{instance=\"ipva\"} 36"), metrics)
        harness.stop()
        XCTAssertEqual(try harness.storedCalls(), expected)
        // Other paths are not the receiver.
        try harness.start()
        XCTAssertEqual(try PeerClients.curl(["http://127.0.0.1:\(port)/other"]), 404)
    }
}
