import XCTest

/// cdr_133_basic.txt: the everyday calls of a 133-column file with quoted header and type line.
final class OutgoingIncomingAndUnansweredCallsAreMappedTests: XCTestCase {
    private let t = fixtureBase

    func testHeaderAndTypeLineAreSkippedAndSixCallsRead() throws {
        let outcome = try parseFixture("cdr_133_basic.txt")
        assertSkipped(outcome, ["header line", "field type line"])
        XCTAssertEqual(outcome.errorsRejects, [])
        XCTAssertEqual(outcome.records.count, 6)
    }

    func testOutgoingPSTNCallViaGatewayUsesOutpulsedNumberAndCodes() throws {
        let records = try parseFixture("cdr_133_basic.txt").records
        assertRecord(records.first, expectedCall(
            id: "c0ffee00-0000-4000-8000-000000010001", correlation: "StandAloneCluster:1:10001",
            start: t, answer: t + 6, end: t + 101, talkSeconds: 95,
            calling: "2001", called: "00305550123", originalCalled: "00305550123", connected: "00305550123",
            extension: "2001", remote: "+49305550123", direction: .outgoing, disposition: .answered,
            trunk: "BER-GW01", device: "SEP00505600A001", accountCode: "4711", pin: "8080", cause: 16,
            flags: .remoteNetworkFormat,
            extra: cucmExtra(origIP: "10.20.30.201", destIP: "10.20.1.10", origCause: "16", destCause: "0",
                             patternUsage: "5")))
    }

    func testIncomingCallFromTrunkBelongsToTheCalledPhone() throws {
        let records = try parseFixture("cdr_133_basic.txt").records
        assertRecord(records.dropFirst(1).first, expectedCall(
            id: "c0ffee00-0000-4000-8000-000000010002", correlation: "StandAloneCluster:1:10002",
            start: t + 300, answer: t + 308, end: t + 348, talkSeconds: 40,
            calling: "+4917655501234", called: "2002", originalCalled: "2002", connected: "2002",
            extension: "2002", remote: "+4917655501234", direction: .incoming, disposition: .answered,
            trunk: "SIP-PSTN-TRUNK", device: "SEP00505600A002", cause: 16,
            extra: cucmExtra(origIP: "10.20.1.20", destIP: "10.20.30.202", origCause: "0", destCause: "16",
                             patternUsage: "2")))
    }

    func testUnansweredInternalCallHasNoAnswerTimeAndCause19() throws {
        let records = try parseFixture("cdr_133_basic.txt").records
        assertRecord(records.dropFirst(2).first, expectedCall(
            id: "c0ffee00-0000-4000-8000-000000010003", correlation: "StandAloneCluster:1:10003",
            start: t + 600, end: t + 625, talkSeconds: 0,
            calling: "2003", called: "2004", originalCalled: "2004",
            extension: "2003", remote: "2004", direction: .internalCall, disposition: .noAnswer,
            device: "SEP00505600A003", remoteDevice: "CSFMUELLER", cause: 19,
            extra: cucmExtra(origIP: "10.20.30.203", destIP: "10.20.30.204", origCause: "0", destCause: "19",
                             patternUsage: "2")))
    }

    func testBusyCallTakesTheOriginCauseWhenTheDestinationCauseIsZero() throws {
        let records = try parseFixture("cdr_133_basic.txt").records
        assertRecord(records.dropFirst(3).first, expectedCall(
            id: "c0ffee00-0000-4000-8000-000000010004", correlation: "StandAloneCluster:1:10004",
            start: t + 900, end: t + 902, talkSeconds: 0,
            calling: "2001", called: "2002", originalCalled: "2002",
            extension: "2001", remote: "2002", direction: .internalCall, disposition: .busy,
            device: "SEP00505600A001", remoteDevice: "SEP00505600A002", cause: 17,
            extra: cucmExtra(origIP: "10.20.30.201", destIP: "10.20.30.202", origCause: "17", destCause: "0",
                             patternUsage: "2")))
    }

    func testUnallocatedNumberIsFailed() throws {
        let records = try parseFixture("cdr_133_basic.txt").records
        assertRecord(records.dropFirst(4).first, expectedCall(
            id: "c0ffee00-0000-4000-8000-000000010005", correlation: "StandAloneCluster:1:10005",
            start: t + 1000, end: t + 1003, talkSeconds: 0,
            calling: "2003", called: "00309999999", originalCalled: "00309999999",
            extension: "2003", remote: "+49309999999", direction: .outgoing, disposition: .failed,
            trunk: "BER-GW01", device: "SEP00505600A003", cause: 1, flags: .remoteNetworkFormat,
            extra: cucmExtra(origIP: "10.20.30.203", destIP: "10.20.1.10", origCause: "1", destCause: "0",
                             patternUsage: "5")))
    }

    func testCallForwardedToVoicemailIsMarked() throws {
        let records = try parseFixture("cdr_133_basic.txt").records
        assertRecord(records.dropFirst(5).first, expectedCall(
            id: "c0ffee00-0000-4000-8000-000000010006", correlation: "StandAloneCluster:1:10006",
            start: t + 1200, answer: t + 1218, end: t + 1248, talkSeconds: 30,
            calling: "+4930555088888", called: "2999", originalCalled: "2002", connected: "2999", redirecting: "2002",
            extension: "2999", remote: "+4930555088888", direction: .incoming, disposition: .answered,
            trunk: "SIP-PSTN-TRUNK", device: "CiscoUM1-VI3", cause: 16, flags: [.forwarded, .voicemail],
            extra: cucmExtra(origIP: "10.20.1.20", destIP: "10.20.1.30", origCause: "16", destCause: "0",
                             lastRedirectReason: "2", patternUsage: "2")))
    }

    func testRecordSpansStartAfterTheTypeLine() throws {
        let input = try CiscoPluginHarness.fixture("cdr_133_basic.txt")
        let outcome = try CiscoPluginHarness.parse(input)
        // The first record starts after the second LF of the file.
        let lineFeeds = input.indices.filter { input[$0] == 0x0A }
        XCTAssertEqual(outcome.records.first?.sourceOffset, UInt64(lineFeeds[1] + 1))
        XCTAssertEqual(outcome.records.first?.sourceLength, UInt64(lineFeeds[2] - lineFeeds[1]))
    }
}
