import XCTest

/// Calls through hunt pilot 2300: one row per member attempt, all marked as hunt group calls.
final class HuntGroupCallsAreMarkedTests: XCTestCase {
    private let t = fixtureBase

    func testMemberAttemptsCarryThePilot() throws {
        let outcome = try parseFixture("cdr_hunt_group.txt")
        XCTAssertEqual(outcome.errorsRejects, [])
        let records = outcome.records
        XCTAssertEqual(records.count, 3)
        assertRecord(records.first, expectedCall(
            id: "c0ffee00-0000-4000-8000-000000080001", correlation: "StandAloneCluster:1:80001",
            start: t + 10800, end: t + 10815, talkSeconds: 0,
            calling: "+4930555033333", called: "2301", originalCalled: "2300", redirecting: "2300",
            extension: "2301", remote: "+4930555033333", direction: .incoming, disposition: .noAnswer,
            trunk: "BER-GW01", device: "SEP00505600C301", huntGroup: "2300", cause: 19, flags: [.huntGroup],
            extra: cucmExtra(origIP: "10.20.1.10", destIP: "10.20.32.51", origCause: "0", destCause: "19",
                             patternUsage: "7")))
        assertRecord(records.dropFirst().first, expectedCall(
            id: "c0ffee00-0000-4000-8000-000000080002", correlation: "StandAloneCluster:1:80001",
            start: t + 10800, answer: t + 10818, end: t + 10900, talkSeconds: 82,
            calling: "+4930555033333", called: "2302", originalCalled: "2300", connected: "2302", redirecting: "2300",
            extension: "2302", remote: "+4930555033333", direction: .incoming, disposition: .answered,
            trunk: "BER-GW01", device: "SEP00505600C302", huntGroup: "2300", cause: 16, flags: [.huntGroup],
            extra: cucmExtra(origIP: "10.20.1.10", destIP: "10.20.32.52", origCause: "16", destCause: "0",
                             patternUsage: "7")))
    }

    func testPatternUsageSevenAloneMarksAHuntCall() throws {
        let records = try parseFixture("cdr_hunt_group.txt").records
        assertRecord(records.dropFirst(2).first, expectedCall(
            id: "c0ffee00-0000-4000-8000-000000080003", correlation: "StandAloneCluster:1:80002",
            start: t + 11000, answer: t + 11004, end: t + 11034, talkSeconds: 30,
            calling: "2003", called: "2301", originalCalled: "2300", connected: "2301", redirecting: "2300",
            extension: "2003", remote: "2301", direction: .internalCall, disposition: .answered,
            device: "SEP00505600A003", remoteDevice: "SEP00505600C301", cause: 16, flags: [.huntGroup],
            extra: cucmExtra(origIP: "10.20.30.203", destIP: "10.20.32.51", origCause: "16", destCause: "0",
                             patternUsage: "7")))
    }
}
