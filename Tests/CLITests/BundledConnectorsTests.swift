import Foundation
import TestSupport
import XCTest

/// Every bundled connector loads beside the executable and imports its fixtures end to end.
final class BundledConnectorsTests: CLITestCase {
    private func fixture(_ path: String) -> String {
        TestEnvironment.fixtures.appendingPathComponent(path).path
    }

    func testAllFourConnectorsAreListed() throws {
        let list = try XCTUnwrap(try json(try succeed(["plugins", "list", "--format", "json"])) as? [[String: Any]])
        XCTAssertEqual(list.compactMap { $0["id"] as? String }, ["cisco.cucm", "innovaphone.pbx", "swyx.swyxware", "unify.osbiz"])
        XCTAssertEqual(Set(list.compactMap { $0["abi"] as? String }), ["1.0"])
    }

    func testUnifyFixturesImport() throws {
        let files = ["unify/osbiz_pipe_calls.txt", "unify/hipath_compressed_calls.txt", "unify/hipath_long_calls.txt"].map(fixture)
        let out = try succeed(["import", "--connector", "unify.osbiz", "--timezone", "Europe/Berlin"] + files)
        XCTAssertEqual(out.split(separator: "\n").last, "total: 48 imported, 0 duplicates, 0 rejected, 6 skipped in 3 of 3 files")
    }

    func testInnovaphoneFixturesImportAndWrappedResendsAreDuplicates() throws {
        let out = try succeed(["import", "--connector", "innovaphone.pbx", fixture("innovaphone/calls.xml"),
                               fixture("innovaphone/wrapped_post.txt")])
        XCTAssertEqual(out, """
            \(fixture("innovaphone/calls.xml")): 34 imported, 0 duplicates, 0 rejected, 36 skipped
            \(fixture("innovaphone/wrapped_post.txt")): 0 imported, 3 duplicates, 0 rejected, 1 skipped
            total: 34 imported, 3 duplicates, 0 rejected, 37 skipped in 2 of 2 files

            """)
    }

    func testSwyxFixturesImport() throws {
        let out = try succeed(["import", "--connector", "swyx.swyxware", "--timezone", "Europe/Berlin",
                               fixture("swyx/swyx_cdr.txt"), fixture("swyx/swyx_ippbxcdr.csv")])
        XCTAssertEqual(out.split(separator: "\n").last, "total: 36 imported, 0 duplicates, 1 rejected, 2 skipped in 2 of 2 files")
        let rejects = try XCTUnwrap(try json(try succeed(["rejects", "--format", "json"])) as? [[String: Any]])
        XCTAssertEqual(rejects.count, 1)
        XCTAssertEqual(rejects.first?["file"] as? String, "swyx_ippbxcdr.csv")
    }

    func testInnovaphoneLegacyCapturesImportEveryTalkSegment() throws {
        // The twelve real gateway captures: transfers give a leg per talk segment (issue 15).
        let files = (1...12).map { TestEnvironment.vendorSample("innovaphone/gateway-legacy/s\($0).txt").path }
        let out = try succeed(["import", "--connector", "innovaphone.pbx", "--set", "trunk_interfaces=TEL1"] + files)
        XCTAssertEqual(out.split(separator: "\n").last, "total: 27 imported, 0 duplicates, 0 rejected, 135 skipped in 12 of 12 files")
        let calls = try XCTUnwrap(try json(try succeed(["calls", "--format", "json"])) as? [[String: Any]])
        XCTAssertEqual(calls.compactMap { $0["talk_seconds"] as? Int }.reduce(0, +), 188)
        let s3 = calls.filter { ($0["correlation_id"] as? String) == "e6bab23ae909d311b89e009033060014" }
        XCTAssertEqual(s3.compactMap { $0["ring_seconds"] as? Int }, [2, 0])
        XCTAssertEqual(s3.compactMap { $0["talk_seconds"] as? Int }, [19, 5])
        XCTAssertEqual(s3.compactMap { $0["leg_kind"] as? String }, ["transfer", "transfer"])
        XCTAssertEqual(s3.compactMap { $0["extension"] as? String }, ["44", "44"])
    }

    func testCiscoDamagedNumbersAreRejectedAndTrunkToTrunkLegsWarnAtImport() throws {
        let damaged = fixture("cisco/cdr_spreadsheet_resaved.txt"), refer = fixture("cisco/cdr_refer_and_voicemail_trunk.txt")
        let result = try tollbook(["import", "--connector", "cisco.cucm", damaged, refer, "--db", database])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, """
            \(damaged): 1 imported, 0 duplicates, 2 rejected, 1 skipped
            \(refer): 3 imported, 0 duplicates, 0 rejected, 2 skipped
            total: 4 imported, 0 duplicates, 2 rejected, 3 skipped in 2 of 2 files

            """)
        // Without trunk_patterns, the first trunk-to-trunk leg of the file warns (once, no numbers).
        let warnings = result.stderr.split(separator: "\n").filter { $0.hasPrefix("plugin warning: trunk_patterns is not set") }
        XCTAssertEqual(warnings.count, 1, result.stderr)
        let rejects = try XCTUnwrap(try json(try succeed(["rejects", "--format", "json"])) as? [[String: Any]])
        XCTAssertEqual(rejects.compactMap { $0["reason"] as? String }, ["malformed", "malformed"])
        XCTAssertEqual(rejects.compactMap { $0["field"] as? String }, ["finalCalledPartyNumber", "callingPartyNumber"])
        let calls = try XCTUnwrap(try json(try succeed(["calls", "--format", "json"])) as? [[String: Any]])
        let kinds = Dictionary(uniqueKeysWithValues: calls.compactMap { call -> (String, String)? in
            guard let id = call["vendor_record_id"] as? String, let kind = call["leg_kind"] as? String else { return nil }
            return (String(id.suffix(5)), kind)
        })
        XCTAssertEqual(kinds, ["97002": "normal", "96001": "forward", "96002": "transfer", "96003": "forward"])
    }
}
