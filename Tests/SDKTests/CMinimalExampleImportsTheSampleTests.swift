import Foundation
import TestSupport
import XCTest

/// The C example, built with `make` and `cc` only, loads in the real `tollbook` and imports its
/// sample into exactly the expected calls and rejects.
final class CMinimalExampleImportsTheSampleTests: XCTestCase {
    private var directory: URL!
    private var plugins: URL!
    private var database: String { directory.appendingPathComponent("tollbook.db").path }

    override func setUpWithError() throws {
        plugins = try SDKBuilds.cMinimalPluginDirectory()
        directory = try TestEnvironment.makeTemporaryDirectory("tollbook-sdk-cli")
    }

    override func tearDown() {
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    func testPluginsListShowsTheExample() throws {
        let list = try jsonArray(try tollbookSucceeds(["plugins", "list", "--plugin-dir", plugins.path, "--format", "json"]))
        let example = try XCTUnwrap(list.first { $0["id"] as? String == "example.c-minimal" }, "\(list)")
        XCTAssertEqual(example["name"] as? String, "SDK example: CSV calls (C)")
        XCTAssertEqual(example["vendor"] as? String, "Tollbook SDK")
        XCTAssertEqual(example["version"] as? String, "1.0.0")
        XCTAssertEqual(example["abi"] as? String, "1.0")
        XCTAssertEqual(example["formats"] as? [String], ["sdk-example-csv"])
        XCTAssertEqual(example["path"] as? String, plugins.appendingPathComponent("libtollbook_cminimal.so").path)
    }

    func testSampleImportsIntoTheExpectedCalls() throws {
        let out = try tollbookSucceeds(["import", "--plugin-dir", plugins.path, "--allow-unsigned", "--connector", "example.c-minimal",
                                        "--source", "s", "--db", database, SDKBuilds.sample.path])
        XCTAssertEqual(out, "\(SDKBuilds.sample.path): 4 imported, 0 duplicates, 1 rejected, 3 skipped\n")
        let calls = try jsonArray(try tollbookSucceeds(["calls", "--db", database, "--format", "json"]))
        XCTAssertEqual(calls.count, 4)
        // Ordered by start: the leap-day call of 2024 first.
        let expected: [[String: Any]] = [
            ["vendor_record_id": "c-1004", "start": "2024-02-29T23:59:50Z", "answer": "2024-02-29T23:59:54Z",
             "end": "2024-03-01T00:00:14Z", "ring_seconds": 4, "talk_seconds": 20, "direction": "incoming",
             "disposition": "answered", "calling": "+441632960001", "called": "203", "extension": "203",
             "remote": "+441632960001", "trunk": "isdn-1"],
            ["vendor_record_id": "c-1001", "start": "2025-03-03T08:15:00Z", "answer": "2025-03-03T08:15:05Z",
             "end": "2025-03-03T08:17:10Z", "ring_seconds": 5, "talk_seconds": 125, "direction": "outgoing",
             "disposition": "answered", "calling": "201", "called": "+4930123456", "extension": "201",
             "remote": "+4930123456", "trunk": "sip-carrier"],
            ["vendor_record_id": "c-1002", "start": "2025-03-03T08:20:30Z", "answer": NSNull(),
             "end": "2025-03-03T08:20:42Z", "ring_seconds": 12, "talk_seconds": 0, "direction": "incoming",
             "disposition": "no_answer", "calling": "+4989765432", "called": "202", "extension": "202",
             "remote": "+4989765432", "trunk": "sip-carrier"],
            ["vendor_record_id": "c-1003", "start": "2025-03-03T09:00:00Z", "answer": "2025-03-03T09:00:03Z",
             "end": "2025-03-03T09:00:48Z", "ring_seconds": 3, "talk_seconds": 45, "direction": "internal",
             "disposition": "answered", "calling": "201", "called": "202", "extension": "201", "remote": "202",
             "trunk": ""],
        ]
        for (call, fields) in zip(calls, expected) {
            for (key, value) in fields {
                XCTAssertEqual(call[key].map { "\($0)" }, "\(value)", "\(fields["vendor_record_id"] ?? "")/\(key)")
            }
            XCTAssertEqual(call["connector"] as? String, "example.c-minimal")
            XCTAssertEqual(call["correlation_id"] as? String, call["vendor_record_id"] as? String)
            XCTAssertEqual(call["leg_kind"] as? String, "normal")
            XCTAssertEqual(call["flags"] as? [String], [])
        }

        let rejects = try jsonArray(try tollbookSucceeds(["rejects", "--db", database, "--format", "json"]))
        XCTAssertEqual(rejects.count, 1)
        let reject = try XCTUnwrap(rejects.first)
        XCTAssertEqual(reject["reason"] as? String, "out_of_range")
        XCTAssertEqual(reject["field"] as? String, "talk_s")
        XCTAssertEqual(reject["message"] as? String, "not a whole number of seconds (0 to 999999)")
        XCTAssertEqual(reject["raw"] as? String, "c-1005,2025-03-03T10:00:00Z,2,1x,out,201,0800123456,sip-carrier\n")
        let sample = try String(contentsOf: SDKBuilds.sample, encoding: .utf8)
        let offset = try XCTUnwrap(sample.range(of: "c-1005")).lowerBound.utf16Offset(in: sample)
        XCTAssertEqual(reject["offset"] as? Int, offset)
        XCTAssertEqual(reject["length"] as? Int, 64)
    }

    func testNodeOptionPrefixesCorrelationIdsAndBadOptionsAreRefused() throws {
        _ = try tollbookSucceeds(["import", "--plugin-dir", plugins.path, "--allow-unsigned", "--connector", "example.c-minimal",
                                  "--set", "node=pbx-1", "--db", database, SDKBuilds.sample.path])
        let calls = try jsonArray(try tollbookSucceeds(["calls", "--db", database, "--format", "json"]))
        XCTAssertEqual(calls.compactMap { $0["correlation_id"] as? String },
                       ["pbx-1:c-1004", "pbx-1:c-1001", "pbx-1:c-1002", "pbx-1:c-1003"])

        let unknown = try tollbook(["import", "--plugin-dir", plugins.path, "--allow-unsigned", "--connector", "example.c-minimal",
                                    "--set", "nod=pbx-1", "--db", database, SDKBuilds.sample.path])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.stderr.contains("connector example.c-minimal refused option 'nod': unknown option"), unknown.stderr)
        let invalid = try tollbook(["import", "--plugin-dir", plugins.path, "--allow-unsigned", "--connector", "example.c-minimal",
                                    "--set", "node=a b", "--db", database, SDKBuilds.sample.path])
        XCTAssertEqual(invalid.status, 1)
        XCTAssertTrue(invalid.stderr.contains("refused option 'node': must be 1 to 64 letters"), invalid.stderr)
    }

    /// Runs the built `tollbook` with a clean environment (no TOLLBOOK_* variables).
    private func tollbook(_ arguments: [String]) throws -> TestEnvironment.CommandResult {
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TOLLBOOK_") }
        return try TestEnvironment.run(TestEnvironment.tollbookExecutable, arguments, environment: environment,
                                       currentDirectory: directory)
    }

    private func tollbookSucceeds(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try tollbook(arguments)
        XCTAssertEqual(result.status, 0, "tollbook \(arguments.joined(separator: " ")) failed: \(result.stderr)", file: file, line: line)
        return result.stdout
    }

    private func jsonArray(_ text: String) throws -> [[String: Any]] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]], text)
    }
}
