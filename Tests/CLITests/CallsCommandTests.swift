import Foundation
import TestSupport
import XCTest

/// `tollbook calls` in every format, with the stable field names, on the real CUCM sample.
final class CallsCommandTests: CLITestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        _ = try succeed(["import", "--connector", "cisco.cucm", "--source", "lab", sharedSample("cdr.txt")])
    }

    static let fieldNames = [
        "id", "source", "connector", "vendor_record_id", "correlation_id", "start", "answer", "end", "ring_seconds",
        "talk_seconds", "direction", "disposition", "calling", "called", "original_called", "connected",
        "redirecting", "extension", "remote", "trunk", "device", "hunt_group", "account_code", "project_code",
        "cause", "cause_text", "charge_units", "charge_minor", "charge_currency", "leg_kind", "flags",
        "remote_e164", "remote_category", "rating_status", "pricing", "cost", "cost_minor", "currency", "provider", "zone",
        "destination", "unrated_reason", "extension_key", "local_e164", "calling_e164", "calling_category",
        "called_e164", "called_category", "original_called_e164", "original_called_category", "connected_e164",
        "connected_category", "redirecting_e164", "redirecting_category",
        "remote_device", "pin", "source_offset", "source_length", "extra", "tariff_version", "bands", "increments",
        "previous_cost_minor", "category", "protected_class",
    ]

    func testJSONIsOneArrayWithTheDocumentedFields() throws {
        let calls = try XCTUnwrap(try json(try succeed(["calls", "--format", "json"])) as? [[String: Any]])
        XCTAssertEqual(calls.count, 3)
        for call in calls { XCTAssertEqual(Set(call.keys), Set(Self.fieldNames)) }
        let call = calls[0]
        XCTAssertEqual(call["source"] as? String, "lab")
        XCTAssertEqual(call["connector"] as? String, "cisco.cucm")
        XCTAssertEqual(call["vendor_record_id"] as? String, "ed56fecd-bd2d-48d4-ae03-7ee3766d6048")
        XCTAssertEqual(call["correlation_id"] as? String, "cucmOHSUtest:2:25447")
        XCTAssertEqual(call["start"] as? String, "2025-04-18T16:32:08Z")
        XCTAssertEqual(call["answer"] as? String, "2025-04-18T16:32:10Z")
        XCTAssertEqual(call["end"] as? String, "2025-04-18T16:32:21Z")
        XCTAssertEqual(call["ring_seconds"] as? Int, 2)
        XCTAssertEqual(call["talk_seconds"] as? Int, 11)
        XCTAssertEqual(call["direction"] as? String, "internal")
        XCTAssertEqual(call["disposition"] as? String, "answered")
        XCTAssertEqual(call["calling"] as? String, "5033466594")
        XCTAssertEqual(call["called"] as? String, "5033466593")
        XCTAssertEqual(call["original_called"] as? String, "5033466593")
        XCTAssertEqual(call["extension"] as? String, "5033466594")
        XCTAssertEqual(call["cause"] as? Int, 16)
        XCTAssertEqual(call["leg_kind"] as? String, "normal")
        XCTAssertEqual(call["flags"] as? [String], [])
        XCTAssertTrue(call["charge_units"] is NSNull)
        for recording in calls[1...] {
            XCTAssertEqual(recording["leg_kind"] as? String, "recording")
            XCTAssertTrue(recording["answer"] is NSNull)
            XCTAssertEqual(recording["talk_seconds"] as? Int, 0)
        }
    }

    func testJSONLinesHasOneObjectPerLine() throws {
        let lines = try succeed(["calls", "--format", "jsonl"]).split(separator: "\n")
        XCTAssertEqual(lines.count, 3)
        for line in lines {
            let object = try XCTUnwrap(try json(String(line)) as? [String: Any])
            XCTAssertEqual(object.count, Self.fieldNames.count)
        }
    }

    func testCSVHasTheHeaderAndOneRowPerLeg() throws {
        let lines = try succeed(["calls", "--format", "csv"]).split(separator: "\r\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.first.map(String.init), Self.fieldNames.joined(separator: ","))
        XCTAssertEqual(lines.count, 5, "header, three rows, trailing newline")
        XCTAssertTrue(lines[1].hasPrefix("3,lab,cisco.cucm,ed56fecd-bd2d-48d4-ae03-7ee3766d6048,cucmOHSUtest:2:25447,2025-04-18T16:32:08Z,2025-04-18T16:32:10Z,2025-04-18T16:32:21Z,2,11,internal,answered,5033466594,5033466593"), String(lines[1]))
    }

    func testTableShowsTheMainColumns() throws {
        let table = try succeed(["calls"])
        let lines = table.split(separator: "\n")
        XCTAssertEqual(lines.count, 4)
        XCTAssertEqual(lines[0].split(separator: " ").map(String.init),
                       ["ID", "START", "DIRECTION", "DISPOSITION", "CALLING", "CALLED", "RING_SECONDS", "TALK_SECONDS",
                        "LEG_KIND", "CATEGORY", "PRICING", "COST", "CURRENCY", "ZONE", "DESTINATION", "SOURCE"], String(lines[0]))
        XCTAssertTrue(lines[1].hasPrefix("3 "), "the ID that --explain takes comes first: \(lines[1])")
        XCTAssertTrue(lines[1].contains("2025-04-18T16:32:08Z"))
        XCTAssertTrue(lines[1].contains("5033466594"))
    }

    func testDateFilters() throws {
        func count(_ arguments: [String]) throws -> Int {
            try XCTUnwrap(try json(try succeed(["calls", "--format", "json"] + arguments)) as? [Any]).count
        }
        XCTAssertEqual(try count(["--from", "2025-04-18"]), 3)
        XCTAssertEqual(try count(["--to", "2025-04-18"]), 3, "a date alone as --to includes that day")
        XCTAssertEqual(try count(["--to", "2025-04-17"]), 0)
        XCTAssertEqual(try count(["--from", "2025-04-18T16:32:09Z"]), 2)
        XCTAssertEqual(try count(["--from", "2025-04-18T16:32:08Z", "--to", "2025-04-18T16:32:09Z"]), 1)
        XCTAssertEqual(try count(["--from", "2025-04-18T18:32:09+02:00"]), 2)
        let bad = try tollbook(["calls", "--db", database, "--from", "yesterday"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("--from 'yesterday' is not an ISO 8601 date"), bad.stderr)
    }

    func testEmptyStoreGivesAnEmptyArray() throws {
        let empty = directory.appendingPathComponent("empty.db").path
        let result = try tollbook(["calls", "--db", empty, "--format", "json"])
        XCTAssertEqual(result.stdout, "[]\n")
    }
}
