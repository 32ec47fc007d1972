import PluginTestSupport
import TollbookCore
import XCTest

/// Chunking invariance and hostile input, through the real host.
final class RobustnessTests: XCTestCase {
    func testChunkingDoesNotMatterForEveryFixture() throws {
        let harness = try Innovaphone.harness()
        for name in ["calls.xml", "malformed.xml", "wrapped_standard.txt", "wrapped_get.txt", "wrapped_post.txt"] {
            try harness.assertChunkingDoesNotMatter(try PluginHarness.fixture("innovaphone/" + name))
        }
    }

    func testHostileInputGivesRejectsNotRecords() throws {
        let harness = try Innovaphone.harness()
        try harness.assertSurvivesHostileInput(sample: try PluginHarness.fixture("innovaphone/calls.xml"))
        try harness.assertSurvivesHostileInput(sample: try PluginHarness.sharedSample("innovaphone/gateway-legacy/s5.txt"))
        try harness.assertSurvivesHostileInput(sample: try PluginHarness.fixture("innovaphone/wrapped_get.txt"))
    }

    func testAHugeUnclosedElementIsRejectedInPieces() throws {
        let bytes = Array("<cdr guid=\"".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 3 << 20)
        let outcome = try Innovaphone.harness().parse(bytes, chunkSize: 65_536)
        XCTAssertEqual(outcome.records, [])
        XCTAssertEqual(outcome.rejects.first?.message, "cdr element too long")
        XCTAssertEqual(outcome.rejects.first?.raw.count, 1 << 20)
    }

    func testManyRecordsAreEmittedInSeveralBatches() throws {
        var text = ""
        for i in 0..<1200 {
            text += "<cdr guid=\"g\" dir=\"from\" utc=\"\(1_772_442_000 + i)\"><event msg=\"setup-from\" time=\"0\"/><event msg=\"rel-from\" time=\"1\"/></cdr>\n"
        }
        let outcome = try Innovaphone.text(text)
        XCTAssertEqual(outcome.records.count, 1200)
        XCTAssertEqual(outcome.records.last?.vendorRecordID, "g:from:1772443199:")
        XCTAssertEqual(outcome.problems, [])
    }

    func testSelfClosingAndEmptyCDRsAreRejected() throws {
        let outcome = try Innovaphone.text("<cdr guid=\"g\" dir=\"to\" utc=\"1\"/>\n<cdr guid=\"g\" dir=\"to\" utc=\"1\"></cdr>")
        XCTAssertEqual(outcome.records, [])
        XCTAssertEqual(outcome.problems, ["missing_field|event|cdr without events", "missing_field|event|cdr without events"])
    }
}
