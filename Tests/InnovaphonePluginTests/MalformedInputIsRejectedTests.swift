import TollbookCore
import XCTest

/// malformed.xml: each broken `<cdr>` is rejected with a reason, and the good one between them
/// still becomes a record.
final class MalformedInputIsRejectedTests: XCTestCase {
    func testEveryBrokenElementIsRejectedWithItsReason() throws {
        let outcome = try Innovaphone.fixture("malformed.xml")
        XCTAssertEqual(outcome.problems, [
            "missing_field|utc|cdr without utc",
            "unsupported|dir|dir is not from, to, cf or ct",
            "malformed||text content is not supported",
            "malformed||'<' inside an attribute value",
            "missing_field|event|cdr without a release event",
            "malformed||unknown entity reference",
            "missing_field|guid|cdr without guid",
            "out_of_range|utc|utc is not a valid time",
            "out_of_range|time|event time before the first event",
            "out_of_range|cause|cause is not a valid cause value",
            "truncated||cdr element not closed before the next cdr",
            "truncated||input ends inside a cdr element",
        ])
        XCTAssertEqual(outcome.records.count, 1)
        XCTAssertEqual(outcome.records.first?.vendorRecordID, "0b1ec7000000000000000000000a0299:from:1772442000:c0f000000000000000000000000000e2")
    }

    func testRejectMessagesCarryNoDigits() throws {
        let outcome = try Innovaphone.fixture("malformed.xml")
        for reject in outcome.rejects {
            XCTAssertFalse(reject.message.contains { $0.isNumber }, reject.message)
        }
    }

    func testGarbageLinesAndUnsupportedXMLAreRejected() throws {
        let outcome = try Innovaphone.text("hello\n<!-- note -->\n<cdr guid=\"g\" dir=\"to\" utc=\"1\"><![CDATA[x]]></cdr>\n")
        XCTAssertEqual(outcome.records, [])
        XCTAssertEqual(outcome.problems, ["malformed||not an innovaphone CDR", "malformed||not an innovaphone CDR",
                                          "malformed||comments, CDATA and processing instructions are not supported"])
    }
}
