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
}
