import Foundation
import TestSupport
import XCTest

/// `tollbook plugin run`: the vendor's harness prints every record with all its fields and every
/// reject with its exact bytes, the same however the file is cut into chunks.
final class PluginRunCommandTests: CLITestCase {
    private var ciscoPlugin: String { TestEnvironment.ciscoPlugin.path }
    private var sample: String { TestEnvironment.vendorSample("cisco/cdr.txt").path }

    private func lines(_ arguments: [String], status: Int32 = 0, file: StaticString = #filePath, line: UInt = #line) throws -> [String] {
        let result = try tollbook(["plugin", "run"] + arguments)
        XCTAssertEqual(result.status, status, result.stderr, file: file, line: line)
        return result.stdout.split(separator: "\n").map(String.init)
    }

    private func object(_ line: String) throws -> [String: Any] {
        try XCTUnwrap(try json(line) as? [String: Any])
    }

    func testEveryRecordIsPrintedWithAllItsFields() throws {
        let output = try lines([ciscoPlugin, sample])
        XCTAssertEqual(output.count, 6)
        XCTAssertEqual(output[0], #"{"type":"skipped","offset":0,"length":3276}"#)
        XCTAssertEqual(output[1], #"{"type":"skipped","offset":3276,"length":1301}"#)
        let call = try object(output[4])
        XCTAssertEqual(call["type"] as? String, "record")
        XCTAssertEqual(call["offset"] as? Int, 5759)
        XCTAssertEqual(call["length"] as? Int, 717)
        XCTAssertEqual(call["vendor_record_id"] as? String, "ed56fecd-bd2d-48d4-ae03-7ee3766d6048")
        XCTAssertEqual(call["time_basis"] as? String, "utc")
        XCTAssertEqual(call["reported_start_us"] as? Int, 1_744_993_928_000_000)
        XCTAssertEqual(call["reported_answer_us"] as? Int, 1_744_993_930_000_000)
        XCTAssertEqual(call["reported_end_us"] as? Int, 1_744_993_941_000_000)
        XCTAssertTrue(call["reported_ring_ms"] is NSNull)
        XCTAssertEqual(call["reported_talk_ms"] as? Int, 11_000)
        XCTAssertEqual(call["start"] as? String, "2025-04-18T16:32:08Z")
        XCTAssertEqual(call["answer"] as? String, "2025-04-18T16:32:10Z")
        XCTAssertEqual(call["ring_ms"] as? Int, 2000)
        XCTAssertEqual(call["talk_ms"] as? Int, 11_000)
        XCTAssertEqual(call["direction"] as? String, "internal")
        XCTAssertEqual(call["calling"] as? String, "5033466594")
        XCTAssertEqual(call["called"] as? String, "5033466593")
        for field in ["remote_device", "device", "trunk", "hunt_group", "pin", "account_code", "project_code", "cause",
                      "cause_text", "charge_units", "charge_minor", "charge_currency", "correlation_id", "struct_size"] {
            XCTAssertNotNil(call[field], "missing \(field)")
        }
        XCTAssertNotNil(call["extra"] as? [String: Any])
        let summary = try object(output[5])
        XCTAssertEqual(summary["type"] as? String, "summary")
        XCTAssertEqual(summary["records"] as? Int, 3)
        XCTAssertEqual(summary["skipped"] as? Int, 2)
        XCTAssertEqual(summary["bytes"] as? Int, 6476)
        // One data feed and the separate end-of-input call.
        XCTAssertEqual(summary["feed_calls"] as? Int, 2)
    }

    func testChunkingDoesNotChangeWhatIsPrinted() throws {
        let whole = try lines([ciscoPlugin, sample]).dropLast()
        let bytes = try lines([ciscoPlugin, sample, "--chunk-size", "1"])
        XCTAssertEqual(Array(bytes.dropLast()), Array(whole))
        XCTAssertEqual(try object(bytes.last ?? "")["feed_calls"] as? Int, 6477)
        let random = try lines([ciscoPlugin, sample, "--chunk-size", "random", "--seed", "5"])
        XCTAssertEqual(Array(random.dropLast()), Array(whole))
        XCTAssertEqual(try object(random.last ?? "")["seed"] as? Int, 5)
        let replay = try lines([ciscoPlugin, sample, "--chunk-size", "random", "--seed", "5"])
        XCTAssertEqual(replay, random)
    }

    func testRejectBytesAndLocalTimesAreExact() throws {
        let plugin = try TestEnvironment.compileCPlugin(name: "libpipelocal.so", defines: ["TEST_LOCAL_TIME"], into: directory)
        let input = directory.appendingPathComponent("input.txt")
        try Data("# header\n1|1700000000|1700000005|1700000065|2001|030123\nbad line \u{00ff}\n".utf8 + [0xFF, 0x0A])
            .write(to: input)
        let output = try lines([plugin.path, input.path, "--timezone", "Europe/Berlin"])
        XCTAssertEqual(output.count, 5)
        let call = try object(output[1])
        XCTAssertEqual(call["time_basis"] as? String, "local")
        XCTAssertEqual(call["reported_start_us"] as? Int, 1_700_000_000_000_000)
        // 1700000000 read as wall-clock time is 2023-11-14 22:13:20; in Berlin (UTC+1 in November)
        // that is 21:13:20 UTC.
        XCTAssertEqual(call["start"] as? String, "2023-11-14T21:13:20Z")
        XCTAssertEqual(output[2], #"{"type":"reject","offset":56,"length":12,"reason":"malformed","field":"","message":"expected 6 fields","raw_hex":"626164206c696e6520c3bf0a"}"#)
        XCTAssertEqual(output[3], #"{"type":"reject","offset":68,"length":2,"reason":"malformed","field":"","message":"expected 6 fields","raw_hex":"ff0a"}"#)
        let base64 = try lines([plugin.path, input.path, "--raw", "base64"])
        XCTAssertEqual(try object(base64[3])["raw_base64"] as? String, "/wo=")
    }

    func testACrashIsReportedAfterTheRecordsBeforeIt() throws {
        let plugin = try TestEnvironment.compileCPlugin(source: "faulty_plugin.c", name: "libfaulty.so", into: directory)
        let input = directory.appendingPathComponent("input.txt")
        try "1;1700000000;1700000060;100;200\n2;1700000000;1700000060;CRASH;200\n".write(to: input, atomically: true, encoding: .utf8)
        let result = try tollbook(["plugin", "run", plugin.path, input.path, "--chunk-size", "40"],
                                  environment: ["SWIFT_BACKTRACE": "enable=no"])
        XCTAssertEqual(result.status, 70, result.stderr)
        XCTAssertTrue(result.stderr.contains("error: the plugin crashed (signal SIGSEGV)"), result.stderr)
        let printed = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(printed.count, 1)
        XCTAssertEqual(try object(printed[0])["vendor_record_id"] as? String, "1")
    }

    func testBadArgumentsAreRefused() throws {
        let result = try tollbook(["plugin", "run", ciscoPlugin, sample, "--chunk-size", "0"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("--chunk-size must be a positive number of bytes or `random`"), result.stderr)
        let zone = try tollbook(["plugin", "run", ciscoPlugin, sample, "--timezone", "Mars/Olympus"])
        XCTAssertTrue(zone.stderr.contains("--timezone Mars/Olympus: unknown time zone"), zone.stderr)
    }
}
