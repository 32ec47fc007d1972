@testable import Certification
import Host
import TollbookCore
import XCTest

/// The byte-accounting rule: records, rejects and skipped spans tile the input exactly.
final class ByteAccountingFindsGapsAndOverlapsTests: XCTestCase {
    private func record(_ offset: UInt64, _ length: UInt64) -> CallRecord {
        CallRecord(vendorRecordID: "r", correlationID: "", startMs: 0, answerMs: nil, endMs: 0,
                   sourceOffset: offset, sourceLength: length)
    }

    func testTilingSpansPassAndIdenticalRecordSpansCountOnce() {
        var outcome = ParseOutcome()
        outcome.records = [record(0, 10), record(0, 10), record(15, 5)]
        outcome.skippedSpans = [SourceSpan(offset: 10, length: 2)]
        outcome.rejects = [QuarantinedInput(reason: .malformed, sourceOffset: 12, raw: [1, 2, 3], field: "", message: "")]
        XCTAssertNil(ByteAccounting.problem(in: outcome, size: 20))
    }

    func testGapsOverlapsAndOverrunsAreFound() {
        var outcome = ParseOutcome()
        outcome.records = [record(0, 10), record(12, 8)]
        XCTAssertEqual(ByteAccounting.problem(in: outcome, size: 20), "bytes 10..<12 are in no record, reject or skipped span")
        outcome.records = [record(0, 10), record(5, 15)]
        XCTAssertEqual(ByteAccounting.problem(in: outcome, size: 20), "record 5+15 overlaps bytes already accounted for (up to offset 10)")
        outcome.records = [record(0, 25)]
        XCTAssertEqual(ByteAccounting.problem(in: outcome, size: 20), "record 0+25 reaches past the end of the input (20 bytes)")
        outcome.records = [record(0, 10)]
        XCTAssertEqual(ByteAccounting.problem(in: outcome, size: 20), "bytes 10..<20 are in no record, reject or skipped span")
    }

    func testFieldSanityRules() {
        var call = record(0, 1)
        call.startMs = 1_740_988_800_000
        call.answerMs = call.startMs - 1
        call.endMs = call.startMs + 1000
        call.parties.calling = "+49305550100"
        call.parties.called = "sip:2001@pbx.example"
        call.parties.connected = "0176555XXXX"
        XCTAssertEqual(FieldSanity.problems(call), ["answer before start"])
        call.answerMs = nil
        call.parties.remote = "Alice"
        XCTAssertEqual(FieldSanity.problems(call), ["remote has characters outside the number alphabet"])
        // The import's rule (NumberField): no spaces, dashes or decimal points in a dial string.
        call.parties.remote = ""
        call.parties.calling = "+49 30 555-0100"
        call.parties.originalCalled = "9.12678E+11"
        XCTAssertEqual(FieldSanity.problems(call), ["calling has characters outside the number alphabet",
                                                    "original_called has characters outside the number alphabet"])
        call.flags = .conference
        call.startMs = 0
        XCTAssertEqual(FieldSanity.problems(call), ["start outside 1980…2100", "leg longer than 31 days"])
    }

    func testCorpusLeavesOutDocumentationAndScripts() {
        XCTAssertTrue(Corpus.isSample("cdr_129.txt"))
        XCTAssertTrue(Corpus.isSample("calls.xml"))
        XCTAssertFalse(Corpus.isSample("README.md"))
        XCTAssertFalse(Corpus.isSample("make_fixtures.py"))
        XCTAssertFalse(Corpus.isSample(".hidden"))
    }
}
