import XCTest

/// Bad rows become rejects with a reason and (where one is to blame) a field name; the good rows
/// around them are still read.
final class MalformedRowsAreRejectedAndParsingContinuesTests: XCTestCase {
    func testRejectsInFileOrderBetweenGoodRows() throws {
        let outcome = try parseFixture("cdr_malformed.txt")
        XCTAssertEqual(outcome.records.map(\.fields.vendorRecordID), [
            "c0ffee00-0000-4000-8000-000000011001", "c0ffee00-0000-4000-8000-000000011002",
            "c0ffee00-0000-4000-8000-000000011003",
        ])
        let rejects = outcome.errorsRejects
        XCTAssertEqual(rejects.map(\.reason), [ParsedReject.malformed, ParsedReject.outOfRange,
                                               ParsedReject.missingField, ParsedReject.malformed])
        XCTAssertEqual(rejects.map(\.field), ["", "dateTimeOrigination", "pkid", ""])
        XCTAssertEqual(rejects.first?.message, "wrong number of fields")

        // Order of events: header, type, good, short, good, bad time, no pkid, open quote, good.
        let kinds = outcome.events.map { event -> String in
            switch event {
            case .record: "R"
            case .reject(let r): r.reason == ParsedReject.skipped ? "S" : "X"
            }
        }
        XCTAssertEqual(kinds.joined(), "SSRXRXXXR")
    }

    func testMessagesCarryNoNumbers() throws {
        let outcome = try parseFixture("cdr_malformed.txt")
        for reject in outcome.rejects {
            // No run of three or more digits (phone numbers, times) in any message.
            var run = 0, longest = 0
            for character in reject.message {
                run = character.isNumber ? run + 1 : 0
                longest = max(longest, run)
            }
            XCTAssertLessThan(longest, 3, reject.message)
        }
    }

    func testCauseBeyondInt32IsKept() throws {
        // 4294967295 = UInt32.max is a valid cause; 4294967296 is not.
        let header = "cdrRecordType,globalCallID_callManagerId,globalCallID_callId,dateTimeOrigination,dateTimeConnect,dateTimeDisconnect,pkid,destCause_value,origCause_value\n"
        let input = header + "1,1,7,100,0,110,p-1,4294967295,0\n1,1,8,100,0,110,p-2,4294967296,0\n"
        let outcome = try CiscoPluginHarness.parse(Array(input.utf8))
        XCTAssertEqual(outcome.records.map(\.fields.cause), [4_294_967_295])
        XCTAssertEqual(outcome.errorsRejects.map(\.reason), [ParsedReject.outOfRange])
        XCTAssertEqual(outcome.errorsRejects.map(\.field), ["destCause_value"])
    }

    func testUnknownRecordTypeIsUnsupported() throws {
        let header = "cdrRecordType,globalCallID_callManagerId,globalCallID_callId,dateTimeOrigination,dateTimeDisconnect,pkid\n"
        let outcome = try CiscoPluginHarness.parse(Array((header + "7,1,7,100,110,p-1\n0,1,8,100,110,p-2\n").utf8))
        XCTAssertEqual(outcome.records, [])
        XCTAssertEqual(outcome.errorsRejects.map(\.reason), [ParsedReject.unsupported])
        assertSkipped(outcome, ["header line", "CDR start record"])
    }
}
