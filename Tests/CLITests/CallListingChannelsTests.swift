import Access
import Foundation
import Query
import TestSupport
import XCTest

/// `tollbook calls --format json|jsonl|csv` (the fast path) prints exactly what the reference
/// formatter prints, on the fixtures of every connector, priced and unpriced; and every channel —
/// the three formats of the command run as the database owner and the query layer's API with
/// ``Principal/databaseOwner`` — yields the same rows.
final class CallListingChannelsTests: CLITestCase {
    private func fixture(_ path: String) -> String {
        TestEnvironment.fixtures.appendingPathComponent(path).path
    }

    private struct NoAudit: AuditRecording {
        func record(_ event: AuditEvent) throws {}
    }

    override func setUpWithError() throws {
        try super.setUpWithError()
        let config = TestEnvironment.packageRoot.appendingPathComponent("examples/tollbook.yaml").path
        _ = try succeed(["import", "--config", config, "--connector", "cisco.cucm", "--source", "demo-cucm",
                         sharedSample("cdr.txt"), fixture("cisco/cdr_forwards.txt"), fixture("cisco/cdr_hunt_group.txt")])
        _ = try succeed(["import", "--connector", "unify.osbiz", "--timezone", "Europe/Berlin", fixture("unify/osbiz_pipe_calls.txt"),
                         fixture("unify/hipath_long_calls.txt")])
        _ = try succeed(["import", "--connector", "innovaphone.pbx", fixture("innovaphone/calls.xml")])
        _ = try succeed(["import", "--connector", "swyx.swyxware", "--timezone", "Europe/Berlin", fixture("swyx/swyx_cdr.txt")])
    }

    func testTheFastPathPrintsWhatTheReferenceFormatterPrints() throws {
        for format in ["json", "jsonl", "csv"] {
            for extra in [[], ["--unrated"], ["--from", "2025-01-01", "--to", "2026-12-31"]] {
                let fast = try succeed(["calls", "--format", format] + extra)
                let reference = try succeed(["calls", "--format", format, "--reference-formatter"] + extra)
                XCTAssertEqual(fast, reference, "\(format) \(extra)")
            }
        }
        let all = try XCTUnwrap(try json(try succeed(["calls", "--format", "json"])) as? [[String: Any]])
        XCTAssertEqual(Set(all.compactMap { $0["connector"] as? String }),
                       ["cisco.cucm", "unify.osbiz", "innovaphone.pbx", "swyx.swyxware"])
        XCTAssertTrue(all.contains { $0["cost"] is String }, "some calls are priced")
        XCTAssertTrue(all.contains { $0["cost"] is NSNull }, "some are not")
    }

    func testEveryChannelYieldsTheSameRows() throws {
        var api: [Int64] = []
        try CallQuery(path: database, principal: .databaseOwner, audit: NoAudit()).calls(CallRequest()) { api.append($0.id) }
        XCTAssertGreaterThan(api.count, 50)
        let json = try XCTUnwrap(try self.json(try succeed(["calls", "--format", "json"])) as? [[String: Any]])
        XCTAssertEqual(json.compactMap { ($0["id"] as? NSNumber)?.int64Value }, api)
        let jsonl = try succeed(["calls", "--format", "jsonl"]).split(separator: "\n").compactMap {
            ((try? self.json(String($0))) as? [String: Any])?["id"] as? NSNumber
        }
        XCTAssertEqual(jsonl.map(\.int64Value), api)
        // CSV: the id is the first field of every line after the header (no id needs quotes).
        let csv = try succeed(["calls", "--format", "csv"])
        let firstFields = csv.split(separator: "\r\n", omittingEmptySubsequences: false).compactMap { line -> Int64? in
            Int64(line.prefix { $0 != "," })
        }
        XCTAssertEqual(firstFields, api)
    }
}
