import Foundation
import TestSupport
import XCTest

/// `tollbook serve` on an encrypted store (privacy spec P14): the calls it captures are stored
/// sealed (no remote number in the database or its WAL) and list exactly like `tollbook import`'s;
/// without the key the service refuses to start.
final class EncryptedServeTests: XCTestCase {
    func testServeStoresSealedCallsAndRefusesToStartWithoutTheKey() throws {
        let harness = try ServiceHarness()
        let tcpPort = try ServiceHarness.freePort()
        let connectors = """
                  - name: hipath
                    plugin: unify.osbiz
                    transport: { type: tcp, listen: "127.0.0.1:\(tcpPort)" }
            """
        try harness.writeConfiguration(connectors: connectors)
        let fixture = TestEnvironment.fixtures.appendingPathComponent("unify/hipath_compressed_calls.txt")
        let expected = try harness.referenceCalls(connector: "unify.osbiz", source: "hipath", files: [fixture.path])
        XCTAssertEqual(expected.count, 13)
        let remotes = Set(try expected.compactMap { line -> String? in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return (object?["remote_e164"] as? String).map { String($0.dropFirst(3)) }
        }.filter { $0.count >= 6 })
        XCTAssertFalse(remotes.isEmpty)
        let raw = String(decoding: try Data(contentsOf: fixture), as: UTF8.self)
        XCTAssertTrue(remotes.contains { raw.contains($0) }, "the PBX bytes hold the numbers (the scans below are not vacuous)")

        try harness.writeConfiguration(connectors: connectors, service: "privacy:\n  encryption:\n    key_file: kek")
        try FileManager.default.createDirectory(atPath: harness.dataDirectory, withIntermediateDirectories: true)
        let initialised = try harness.tollbook(["keys", "init", "--config", harness.configPath, "--db", harness.database])
        XCTAssertEqual(initialised.status, 0, initialised.stderr)
        try harness.start()
        try PeerClients.sendTCP(Array(try Data(contentsOf: fixture)), port: tcpPort, chunkSizes: [1 << 20])
        func stored() -> [String] {
            guard let result = try? harness.tollbook(["calls", "--db", harness.database, "--format", "jsonl", "--config", harness.configPath]),
                  result.status == 0 else { return [] }
            return result.stdout.split(separator: "\n").map { line in
                String(line).replacingOccurrences(of: #"^\{"id":\d+,"#, with: "{", options: .regularExpression)
                    .replacingOccurrences(of: #","source_offset":\d+,"source_length":\d+"#, with: "", options: .regularExpression)
            }.sorted()
        }
        XCTAssertTrue(harness.wait(timeout: 30) { stored().count == expected.count }, harness.log)
        XCTAssertEqual(stored(), expected)
        harness.stop()
        // P15: the service's own log names no number either.
        let log = harness.log
        XCTAssertFalse(log.isEmpty)
        for remote in remotes { XCTAssertFalse(log.contains(remote), "the serve log holds a remote number") }
        for file in [harness.database, harness.database + "-wal"] {
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            let text = String(decoding: data, as: UTF8.self)
            for remote in remotes { XCTAssertFalse(text.contains(remote), "\(file) holds a remote number in clear") }
        }

        // The journal's payloads are sealed too: no remote number anywhere under the data directory…
        let files = FileManager.default.enumerator(atPath: harness.dataDirectory)?.compactMap { $0 as? String } ?? []
        var scanned = 0
        for file in files {
            guard let data = FileManager.default.contents(atPath: harness.dataDirectory + "/" + file) else { continue }
            scanned += 1
            let text = String(decoding: data, as: UTF8.self)
            for remote in remotes { XCTAssertFalse(text.contains(remote), "\(file) holds a remote number in clear") }
        }
        XCTAssertGreaterThan(scanned, 3)
        // …and a replay of the journal still reproduces the calls, which verify accepts.
        let replayed = try harness.tollbook(["journal", "replay", "--config", harness.configPath, "--source", "hipath"])
        XCTAssertEqual(replayed.status, 0, replayed.stderr)
        XCTAssertEqual(stored(), expected)

        // Without the key the service refuses to start, before anything is read or written.
        try harness.writeConfiguration(connectors: connectors)
        let refused = try harness.tollbook(["serve", "--config", harness.configPath])
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("is encrypted: configure privacy.encryption.key_file"), refused.stderr)
    }
}
