import XCTest

/// The same bytes give the same output however they are cut, and hostile input never crashes the
/// plugin or yields records.
final class ChunkingDoesNotChangeTheResultTests: XCTestCase {
    func testEveryFixtureInAnyChunkSize() throws {
        for name in ["swyx_cdr.txt", "swyx_ippbxcdr.csv", "swyx_malformed.txt"] {
            try Swyx.harness().assertChunkingDoesNotMatter(try Swyx.bytes(name))
        }
    }

    func testBatchesOfMoreThan512RecordsKeepTheirOrder() throws {
        let bytes = try Swyx.bytes("swyx_cdr.txt")
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\r\n")
        var big = String(lines[0]) + "\n"
        for i in 0..<1_200 {
            big += #""\#(5000 + i)","201","","202","","202","","03.03.2025","08:00:00","","","","","","","03.03.2025","08:00:10","","","","","","","","SwyxIt! 201","SwyxIt! 202","","","0","0","0","","","NoAnswer""# + "\n"
        }
        let outcome = try Swyx.parse(text: big)
        XCTAssertEqual(outcome.records.count, 1_200)
        XCTAssertEqual(outcome.records.first?.vendorRecordID, "5000@2025-03-03")
        XCTAssertEqual(outcome.records.last?.vendorRecordID, "6199@2025-03-03")
        try Swyx.harness().assertChunkingDoesNotMatter(Array(big.utf8))
    }
}

final class HostileInputIsSurvivedTests: XCTestCase {
    func testNoiseTruncationInvalidUTF8HugeLinesAndNULs() throws {
        try Swyx.harness().assertSurvivesHostileInput(sample: try Swyx.bytes("swyx_cdr.txt"))
        try Swyx.harness().assertSurvivesHostileInput(sample: try Swyx.bytes("swyx_ippbxcdr.csv"), seed: 7)
    }
}
