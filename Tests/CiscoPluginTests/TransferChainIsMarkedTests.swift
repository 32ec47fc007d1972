import XCTest

/// A consultation transfer writes three CDRs: the original call and the consultation end with
/// cause 393216 (split by the transfer), the final call is joined on behalf of the transfer.
final class TransferChainIsMarkedTests: XCTestCase {
    private let t = fixtureBase

    func testThreeLegsOfTheTransfer() throws {
        let outcome = try parseFixture("cdr_transfer_chain.txt")
        XCTAssertEqual(outcome.errorsRejects, [])
        let records = outcome.records
        XCTAssertEqual(records.count, 3)
        assertRecord(records.first, expectedCall(
            id: "c0ffee00-0000-4000-8000-000000070001", correlation: "StandAloneCluster:1:70001",
            start: t + 7200, answer: t + 7205, end: t + 7260, talkSeconds: 55,
            calling: "+4917655507777", called: "2101", originalCalled: "2101", connected: "2101",
            extension: "2101", remote: "+4917655507777", direction: .incoming, disposition: .answered,
            trunk: "SIP-PSTN-TRUNK", device: "SEP00505600B101", cause: 393216, flags: [.transferSplit],
            extra: cucmExtra(origIP: "10.20.1.20", destIP: "10.20.31.101", origCause: "0", destCause: "393216",
                             patternUsage: "2")))
        assertRecord(records.dropFirst().first, expectedCall(
            id: "c0ffee00-0000-4000-8000-000000070002", correlation: "StandAloneCluster:1:70002",
            start: t + 7230, answer: t + 7236, end: t + 7260, talkSeconds: 24,
            calling: "2101", called: "2102", originalCalled: "2102", connected: "2102",
            extension: "2101", remote: "2102", direction: .internalCall, disposition: .answered,
            device: "SEP00505600B101", remoteDevice: "SEP00505600B102", cause: 393216, flags: [.transferSplit],
            extra: cucmExtra(origIP: "10.20.31.101", destIP: "10.20.31.102", origCause: "393216", destCause: "0",
                             patternUsage: "2")))
        assertRecord(records.dropFirst(2).first, expectedCall(
            id: "c0ffee00-0000-4000-8000-000000070003", correlation: "StandAloneCluster:1:70001",
            start: t + 7200, answer: t + 7260, end: t + 7400, talkSeconds: 140,
            calling: "+4917655507777", called: "2102", originalCalled: "2101", connected: "2102", redirecting: "2101",
            extension: "2102", remote: "+4917655507777", direction: .incoming, disposition: .answered,
            trunk: "SIP-PSTN-TRUNK", device: "SEP00505600B102", cause: 16, flags: [.transferred],
            extra: cucmExtra(origIP: "10.20.1.20", destIP: "10.20.31.102", origCause: "16", destCause: "0",
                             lastRedirectReason: "4", joinOnBehalfOf: "10", patternUsage: "2")))
    }
}
