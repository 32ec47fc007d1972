import Foundation
import TestSupport
import XCTest

/// `calls --format json|jsonl` and `rejects` print every stored field; `rejects --raw hex|base64`
/// prints quarantined bytes exactly.
final class StoredFieldsOutputTests: CLITestCase {
    func testCallsCarryEveryStoredField() throws {
        _ = try succeed(["import", "--connector", "cisco.cucm", "--source", "lab", sharedSample("cdr.txt")])
        let rows = try succeed(["calls", "--format", "jsonl"]).split(separator: "\n")
            .compactMap { try? json(String($0)) as? [String: Any] }
        XCTAssertEqual(rows.count, 3)
        XCTAssertEqual(rows.compactMap { $0["source_offset"] as? Int }.sorted(), [4577, 5168, 5759])
        XCTAssertEqual(rows.compactMap { $0["source_length"] as? Int }.sorted(), [591, 591, 717])
        for row in rows {
            for field in ["remote_device", "pin", "extra", "tariff_version", "bands", "increments", "previous_cost_minor"] {
                XCTAssertTrue(row.keys.contains(field), "missing \(field)")
            }
            XCTAssertNotNil(row["extra"] as? [String: Any])
        }
    }

    func testRejectBytesArePrintedExactly() throws {
        let plugins = directory.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        try TestEnvironment.compileCPlugin(name: "libpipe.so", into: plugins)
        let input = directory.appendingPathComponent("input.txt")
        try Data([0x31, 0x7C, 0x62, 0x61, 0x64, 0xFF, 0x00, 0x0A]).write(to: input)
        let imported = try tollbook(["import", "--db", database, "--allow-unsigned", "--plugin-dir", plugins.path,
                                     "--connector", "test.pipe", input.path])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        let hex = try XCTUnwrap(try json(try succeed(["rejects", "--format", "json", "--raw", "hex"])) as? [[String: Any]])
        XCTAssertEqual(hex.map { $0["raw"] as? String }, ["317c626164ff000a"])
        XCTAssertEqual(hex.map { $0["raw_encoding"] as? String }, ["hex"])
        XCTAssertEqual(hex.map { $0["length"] as? Int }, [8])
        XCTAssertEqual(hex.map { $0["import_id"] as? Int }, [1])
        let base64 = try XCTUnwrap(try json(try succeed(["rejects", "--format", "json", "--raw", "base64"])) as? [[String: Any]])
        XCTAssertEqual(base64.map { $0["raw"] as? String }, ["MXxiYWT/AAo="])
    }
}

/// A different record under a key the store has is a conflict: quarantined with both versions'
/// bytes and counted apart; the identical record delivered again stays a duplicate.
final class ConflictingRecordsTests: CLITestCase {
    func testADifferentRecordUnderTheSameKeyIsQuarantinedWithBothVersions() throws {
        let plugins = directory.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        try TestEnvironment.compileCPlugin(name: "libpipe.so", into: plugins)
        let first = directory.appendingPathComponent("first.txt")
        let second = directory.appendingPathComponent("second.txt")
        try "1|1700000000|1700000005|1700000065|2001|030123\n2|1700000100|0|1700000110|2002|030124\n"
            .write(to: first, atomically: true, encoding: .utf8)
        // Record 1 again, unchanged; record 2 with another called number; record 3 new.
        try "1|1700000000|1700000005|1700000065|2001|030123\n2|1700000100|0|1700000110|2002|039999\n3|1700000200|0|1700000210|2003|030125\n"
            .write(to: second, atomically: true, encoding: .utf8)
        func importFile(_ file: URL) throws -> TestEnvironment.CommandResult {
            try tollbook(["import", "--db", database, "--allow-unsigned", "--plugin-dir", plugins.path, "--connector", "test.pipe", file.path])
        }
        XCTAssertEqual(try importFile(first).stdout, "\(first.path): 2 imported, 0 duplicates, 0 rejected, 0 skipped\n")
        let result = try importFile(second)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "\(second.path): 1 imported, 1 duplicates, 0 rejected, 0 skipped, 1 conflicts\n")
        let rejects = try XCTUnwrap(try json(try succeed(["rejects", "--format", "json"])) as? [[String: Any]])
        XCTAssertEqual(rejects.count, 1)
        let conflict = try XCTUnwrap(rejects.first)
        XCTAssertEqual(conflict["reason"] as? String, "conflict")
        XCTAssertEqual(conflict["raw"] as? String, "2|1700000100|0|1700000110|2002|039999\n")
        XCTAssertEqual(conflict["conflict_raw"] as? String, "2|1700000100|0|1700000110|2002|030124\n")
        XCTAssertEqual(conflict["conflict_call_id"] as? Int, 2)
        XCTAssertEqual(conflict["offset"] as? Int, 47)
        XCTAssertTrue((conflict["message"] as? String)?.contains("differs from call 2 stored under the same source") == true)
        // The stored version is kept.
        let calls = try succeed(["calls", "--format", "jsonl"]).split(separator: "\n").compactMap { try? json(String($0)) as? [String: Any] }
        XCTAssertEqual(calls.map { $0["called"] as? String }, ["030123", "030124", "030125"])
        // Importing the second file again: same counts, the conflict is not quarantined twice.
        XCTAssertEqual(try importFile(second).stdout, "\(second.path): 0 imported, 2 duplicates, 0 rejected, 0 skipped, 1 conflicts\n")
        XCTAssertEqual((try json(try succeed(["rejects", "--format", "json"])) as? [[String: Any]])?.count, 1)
    }
}
