import Foundation
import TestSupport
import XCTest

/// `tollbook keys init|rotate|status` and fail-closed commands on an encrypted store, with the real
/// binary, the real CUCM sample and real key files.
final class EncryptionCommandsTests: CLITestCase {
    private var config: String { directory.appendingPathComponent("site.yaml").path }

    private func writeConfig(keyFile: String) throws {
        try """
            sites:
              - name: berlin
                time_zone: Europe/Berlin
                sources: [other]
                numbering: { country_code: "49", area_code: "30", outside_line_prefixes: ["0"] }
                providers: { default: nordtel }
            privacy:
              encryption:
                key_file: \(keyFile)
            """.write(toFile: config, atomically: true, encoding: .utf8)
    }

    /// How often `needle` occurs in the database and its WAL.
    private func hits(_ needle: String) throws -> Int {
        var count = 0
        for name in ["tollbook.db", "tollbook.db-wal"] {
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) else { continue }
            let bytes = [UInt8](data), pattern = Array(needle.utf8)
            guard bytes.count >= pattern.count else { continue }
            for start in 0...(bytes.count - pattern.count) where bytes[start] == pattern[0] && Array(bytes[start..<start + pattern.count]) == pattern {
                count += 1
            }
        }
        return count
    }

    func testKeysInitImportListStatusRotateAndFailClosed() throws {
        try writeConfig(keyFile: "kek")
        let created = try succeed(["keys", "init", "--config", config])
        XCTAssertTrue(created.hasPrefix("created key file \(directory.appendingPathComponent("kek").path) (fingerprint "), created)
        let attributes = try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent("kek").path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        let again = try tollbook(["keys", "init", "--config", config, "--db", database])
        XCTAssertEqual(again.status, 1)
        XCTAssertTrue(again.stderr.contains("already exists; refusing to overwrite a key"), again.stderr)

        _ = try succeed(["import", "--connector", "cisco.cucm", "--source", "lab", "--config", config, sharedSample("cdr.txt")])
        let calls = try XCTUnwrap(try json(try succeed(["calls", "--format", "json", "--config", config])) as? [[String: Any]])
        XCTAssertEqual(calls.count, 3)
        XCTAssertEqual(calls[0]["calling"] as? String, "5033466594")
        XCTAssertEqual(calls[0]["called"] as? String, "5033466593")
        // The called party is sealed; the calling party here is the leg's own extension, which stays
        // in clear as the org chart's pseudonymous key (docs/privacy.md).
        XCTAssertEqual(try hits("5033466593"), 0)

        // Without the key (no configuration): refused, and no number in the message.
        for arguments in [["calls", "--format", "json"],
                          ["import", "--connector", "cisco.cucm", "--source", "lab2", sharedSample("cdr.txt")]] {
            let refused = try tollbook(arguments + ["--db", database])
            XCTAssertEqual(refused.status, 1, arguments.joined(separator: " "))
            XCTAssertTrue(refused.stderr.contains("is encrypted: configure privacy.encryption.key_file"), refused.stderr)
            XCTAssertFalse(refused.stdout.contains("5033466594"))
        }

        let status = try succeed(["keys", "status", "--config", config])
        XCTAssertTrue(status.hasPrefix("encrypted: yes\ndata keys live: "), status)
        XCTAssertTrue(status.contains("data keys destroyed: 0\nkey epoch: 1\nkek fingerprint: "), status)

        let rotated = try succeed(["keys", "rotate", "--config", config, "--new-key-file", directory.appendingPathComponent("kek2").path])
        XCTAssertTrue(rotated.hasPrefix("re-wrapped "), rotated)
        // The old key no longer opens the store; the new one does.
        let stale = try tollbook(["calls", "--config", config, "--db", database])
        XCTAssertEqual(stale.status, 1)
        XCTAssertTrue(stale.stderr.contains("is not the key of encrypted database"), stale.stderr)
        try writeConfig(keyFile: "kek2")
        let after = try XCTUnwrap(try json(try succeed(["calls", "--format", "json", "--config", config])) as? [[String: Any]])
        XCTAssertEqual(after.map { $0["calling"] as? String }, calls.map { $0["calling"] as? String })
    }
}
