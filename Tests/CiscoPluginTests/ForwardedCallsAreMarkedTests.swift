import XCTest

/// Call forward all to the PSTN (reason 15) and forward on no answer to another extension (reason 2).
final class ForwardedCallsAreMarkedTests: XCTestCase {
    private let t = fixtureBase

    func testOutsideCallForwardedOutAgainBelongsToTheForwardingExtension() throws {
        let outcome = try parseFixture("cdr_forwards.txt")
        XCTAssertEqual(outcome.errorsRejects, [])
        XCTAssertEqual(outcome.records.count, 3)
        // Trunk to trunk: outgoing, and the local party is the extension that forwarded.
        assertRecord(outcome.records.first, expectedCall(
            id: "c0ffee00-0000-4000-8000-000000090001", correlation: "StandAloneCluster:1:90001",
            start: t + 12000, answer: t + 12009, end: t + 12209, talkSeconds: 200,
            calling: "+4917655501111", called: "00305557777", originalCalled: "2610", connected: "00305557777",
            redirecting: "2610", extension: "2610", remote: "+49305557777", direction: .outgoing,
            disposition: .answered, trunk: "BER-GW01", remoteDevice: "SIP-PSTN-TRUNK", cause: 16,
            flags: [.forwarded, .remoteNetworkFormat],
            extra: cucmExtra(origIP: "10.20.1.20", destIP: "10.20.1.10", origCause: "16", destCause: "0",
                             lastRedirectReason: "15", patternUsage: "5")))
    }

    func testForwardOnNoAnswerToAnotherExtension() throws {
        let records = try parseFixture("cdr_forwards.txt").records
        assertRecord(records.dropFirst().first, expectedCall(
            id: "c0ffee00-0000-4000-8000-000000090002", correlation: "StandAloneCluster:1:90002",
            start: t + 12300, answer: t + 12322, end: t + 12367, talkSeconds: 45,
            calling: "2001", called: "6231", originalCalled: "2302", connected: "6231", redirecting: "2302",
            extension: "2001", remote: "6231", direction: .internalCall, disposition: .answered,
            device: "SEP00505600A001", remoteDevice: "SEP00505600D231", cause: 16, flags: [.forwarded],
            extra: cucmExtra(origIP: "10.20.30.201", destIP: "10.20.33.31", origCause: "16", destCause: "0",
                             lastRedirectReason: "2", patternUsage: "2")))
    }

    func testInternalCallForwardedToThePSTNIsOutgoingForTheCaller() throws {
        let records = try parseFixture("cdr_forwards.txt").records
        assertRecord(records.dropFirst(2).first, expectedCall(
            id: "c0ffee00-0000-4000-8000-000000090003", correlation: "StandAloneCluster:1:90003",
            start: t + 12400, answer: t + 12405, end: t + 12425, talkSeconds: 20,
            calling: "2003", called: "00305557777", originalCalled: "2610", connected: "00305557777",
            redirecting: "2610", extension: "2003", remote: "+49305557777", direction: .outgoing,
            disposition: .answered, trunk: "BER-GW01", device: "SEP00505600A003", cause: 16,
            flags: [.forwarded, .remoteNetworkFormat],
            extra: cucmExtra(origIP: "10.20.30.203", destIP: "10.20.1.10", origCause: "16", destCause: "0",
                             lastRedirectReason: "15", patternUsage: "5")))
    }
}
