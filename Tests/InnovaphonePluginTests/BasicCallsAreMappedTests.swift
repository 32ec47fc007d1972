import TollbookCore
import XCTest

/// calls.xml calls 1–8: internal, outgoing and incoming calls, answered or not.
final class BasicCallsAreMappedTests: XCTestCase {
    func testThirtyFourRecordsAndOneDuplicateSkipped() throws {
        let outcome = try Innovaphone.fixture("calls.xml")
        XCTAssertEqual(outcome.records.count, 34)
        XCTAssertEqual(outcome.problems, [])
        // 35 line breaks after </cdr> and the duplicate of the DST call.
        XCTAssertEqual(outcome.skipped, 36)
    }

    func testInternalAnsweredCallGivesCallerAndCalledRecords() throws {
        let r = try callRecords()
        assertRecord(r[0], Expected(id: fid("000a0201", "from", t, "01"), correlation: cf("01"), start: t, answer: t + 5, end: t + 65,
            calling: "201", called: "202", originalCalled: "202", connected: "202", ext: "201", remote: "202",
            direction: .internal, disposition: .answered, device: "phone-201", remoteDevice: "bert", cause: 16,
            extra: user("1", "from", "anna", ["groups": "sales"])))
        assertRecord(r[1], Expected(id: fid("000a0202", "to", t, "01"), correlation: cf("01"), start: t, answer: t + 5, end: t + 65,
            calling: "201", called: "202", originalCalled: "202", connected: "202", ext: "202", remote: "201",
            direction: .internal, disposition: .answered, device: "phone-202", remoteDevice: "anna", cause: 16,
            extra: user("0", "to", "bert")))
    }

    func testInternalUnansweredCall() throws {
        let r = try callRecords()
        assertRecord(r[2], Expected(id: fid("000a0201", "from", t + 600, "02"), correlation: cf("02"), start: t + 600, answer: nil, end: t + 621,
            calling: "201", called: "203", originalCalled: "203", ext: "201", remote: "203",
            direction: .internal, disposition: .noAnswer, device: "phone-201", remoteDevice: "carl", cause: 16,
            extra: user("1", "from", "anna")))
        assertRecord(r[3], Expected(id: fid("000a0203", "to", t + 600, "02"), correlation: cf("02"), start: t + 600, answer: nil, end: t + 621,
            calling: "201", called: "203", originalCalled: "203", ext: "203", remote: "201",
            direction: .internal, disposition: .noAnswer, device: "phone-203", remoteDevice: "anna", cause: 16,
            extra: user("0", "to", "carl")))
    }

    func testInternalBusyCallTakesTheNumberFromTheReleaseEvent() throws {
        let r = try callRecords()
        assertRecord(r[4], Expected(id: fid("000a0202", "from", t + 1200, "03"), correlation: cf("03"), start: t + 1200, answer: nil, end: t + 1201,
            calling: "202", called: "204", originalCalled: "204", ext: "202", remote: "204",
            direction: .internal, disposition: .busy, device: "phone-202", cause: 17,
            extra: user("1", "from", "bert")))
    }

    func testOutgoingCallHasABillableUserRecordAndANonBillableTrunkRecord() throws {
        let r = try callRecords()
        assertRecord(r[5], Expected(id: fid("000a0201", "from", t + 1800, "04"), correlation: cf("04"), start: t + 1800, answer: t + 1812, end: t + 1992,
            calling: "201", called: "000305550100", originalCalled: "000305550100", connected: "000305550100", ext: "201", remote: "000305550100",
            direction: .outgoing, disposition: .answered, device: "phone-201", cause: 16,
            extra: user("1", "from", "anna")))
        assertRecord(r[6], Expected(id: fid("0000c001", "to", t + 1800, "04"), correlation: cf("04"), start: t + 1800, answer: t + 1812, end: t + 1992,
            calling: "201", called: "00305550100", originalCalled: "00305550100", connected: "00305550100", ext: "201", remote: "00305550100",
            direction: .outgoing, disposition: .answered, trunk: "pstn", device: "sip-provider", cause: 16,
            extra: user("0", "to", "pstn", ["pseudo": "trunk"])))
    }

    func testOutgoingCallToAnUnallocatedNumberFailed() throws {
        let r = try callRecords()
        assertRecord(r[7], Expected(id: fid("000a0202", "from", t + 2400, "05"), correlation: cf("05"), start: t + 2400, answer: nil, end: t + 2402,
            calling: "202", called: "000305550199", originalCalled: "000305550199", ext: "202", remote: "000305550199",
            direction: .outgoing, disposition: .failed, device: "phone-202", cause: 1,
            extra: user("1", "from", "bert")))
    }

    func testIncomingCallHasATrunkRecordAndAUserRecordNeitherBillable() throws {
        let r = try callRecords()
        assertRecord(r[8], Expected(id: fid("0000c001", "from", t + 3000, "06"), correlation: cf("06"), start: t + 3000, answer: t + 3008, end: t + 3098,
            calling: "004989555010", called: "203", originalCalled: "203", connected: "203", ext: "203", remote: "004989555010",
            direction: .incoming, disposition: .answered, trunk: "pstn", device: "sip-provider", remoteDevice: "carl", cause: 16,
            extra: user("0", "from", "pstn", ["pseudo": "trunk"])))
        assertRecord(r[9], Expected(id: fid("000a0203", "to", t + 3000, "06"), correlation: cf("06"), start: t + 3000, answer: t + 3008, end: t + 3098,
            calling: "004989555010", called: "203", originalCalled: "203", connected: "203", ext: "203", remote: "004989555010",
            direction: .incoming, disposition: .answered, device: "phone-203", cause: 16,
            extra: user("0", "to", "carl")))
    }

    func testIncomingUnansweredBusyAndRejectedCalls() throws {
        let r = try callRecords()
        assertRecord(r[10], Expected(id: fid("000a0204", "to", t + 3600, "07"), correlation: cf("07"), start: t + 3600, answer: nil, end: t + 3630,
            calling: "004940555020", called: "204", originalCalled: "204", ext: "204", remote: "004940555020",
            direction: .incoming, disposition: .noAnswer, device: "phone-204", cause: 16, extra: user("0", "to", "dora")))
        assertRecord(r[11], Expected(id: fid("000a0205", "to", t + 4200, "08"), correlation: cf("08"), start: t + 4200, answer: nil, end: t + 4200,
            calling: "004940555030", called: "205", originalCalled: "205", ext: "205", remote: "004940555030",
            direction: .incoming, disposition: .busy, device: "phone-205", cause: 17, extra: user("0", "to", "emil")))
        assertRecord(r[33], Expected(id: fid("000a0204", "from", t + 10800, "21"), correlation: cf("21"), start: t + 10800, answer: nil, end: t + 10803,
            calling: "204", called: "205", originalCalled: "205", ext: "204", remote: "205",
            direction: .internal, disposition: .rejected, device: "phone-204", remoteDevice: "emil", cause: 21,
            extra: user("1", "from", "dora")))
    }
}
