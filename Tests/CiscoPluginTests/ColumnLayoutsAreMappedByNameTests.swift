import XCTest

/// 129-column, 123-column (CUCM 10.5) and reordered CAR-export files are read through their header.
final class ColumnLayoutsAreMappedByNameTests: XCTestCase {
    private let t = fixtureBase

    func test129ColumnFile() throws {
        let outcome = try parseFixture("cdr_129.txt")
        assertSkipped(outcome, ["header line", "field type line"])
        XCTAssertEqual(outcome.records.count, 2)
        assertRecord(outcome.records.first, expectedCall(
            id: "c0ffee00-0000-4000-8000-000000020001", correlation: "RemoteCluster:2:20001",
            start: t + 3600, answer: t + 3604, end: t + 3624, talkSeconds: 20,
            calling: "2001", called: "2002", originalCalled: "2002", connected: "2002",
            extension: "2001", remote: "2002", direction: .internalCall, disposition: .answered,
            device: "SEP00505600A001", remoteDevice: "SEP00505600A002", cause: 16,
            extra: cucmExtra(origIP: "10.20.30.201", destIP: "10.20.30.202", origCause: "16", destCause: "0", patternUsage: "2")))
        // No outpulsed number: the remote party is the final called number.
        assertRecord(outcome.records.dropFirst().first, expectedCall(
            id: "c0ffee00-0000-4000-8000-000000020002", correlation: "RemoteCluster:2:20002",
            start: t + 3700, answer: t + 3710, end: t + 3840, talkSeconds: 130,
            calling: "2002", called: "0017185550100", originalCalled: "0017185550100", connected: "0017185550100",
            extension: "2002", remote: "0017185550100", direction: .outgoing, disposition: .answered,
            trunk: "SIP-PSTN-TRUNK", device: "SEP00505600A002", cause: 16,
            extra: cucmExtra(origIP: "10.20.30.202", destIP: "10.20.1.20", origCause: "0", destCause: "16", patternUsage: "5")))
    }

    func test123ColumnFileWithHuntPilotBeforeItsPartition() throws {
        let outcome = try parseFixture("cdr_123_cucm105.txt")
        assertSkipped(outcome, ["header line", "field type line"])
        XCTAssertEqual(outcome.records.count, 2)
        assertRecord(outcome.records.first, expectedCall(
            id: "c0ffee00-0000-4000-8000-000000030001", correlation: "StandAloneCluster:3:30001",
            start: t + 4000, answer: t + 4009, end: t + 4074, talkSeconds: 65,
            calling: "+4930555044444", called: "2301", originalCalled: "2300", connected: "2301", redirecting: "2300",
            extension: "2301", remote: "+4930555044444", direction: .incoming, disposition: .answered,
            trunk: "BER-GW01", device: "SEP00505600C301", huntGroup: "2300", cause: 16, flags: [.huntGroup],
            extra: cucmExtra(origIP: "10.20.1.10", destIP: "10.20.32.51", origCause: "0", destCause: "16",
                             patternUsage: "7")))
        // Caller hung up before the answer: cause 16 from the origin side, not answered.
        assertRecord(outcome.records.dropFirst().first, expectedCall(
            id: "c0ffee00-0000-4000-8000-000000030002", correlation: "StandAloneCluster:3:30002",
            start: t + 4100, end: t + 4112, talkSeconds: 0,
            calling: "2003", called: "2001", originalCalled: "2001",
            extension: "2003", remote: "2001", direction: .internalCall, disposition: .noAnswer,
            device: "SEP00505600A003", remoteDevice: "SEP00505600A001", cause: 16,
            extra: cucmExtra(origIP: "10.20.30.203", destIP: "10.20.30.201", origCause: "16", destCause: "0",
                             patternUsage: "2")))
    }

    func testReorderedUnquotedExportWithoutTypeLine() throws {
        let outcome = try parseFixture("cdr_car_export_reordered.txt")
        assertSkipped(outcome, ["header line"])
        XCTAssertEqual(outcome.errorsRejects, [])
        XCTAssertEqual(outcome.records.count, 2)
        assertRecord(outcome.records.first, expectedCall(
            id: "c0ffee00-0000-4000-8000-000000060001", correlation: "StandAloneCluster:1:60001",
            start: t + 6500, answer: t + 6507, end: t + 6807, talkSeconds: 300,
            calling: "2002", called: "00895550111", originalCalled: "00895550111", connected: "00895550111",
            extension: "2002", remote: "+49895550111", direction: .outgoing, disposition: .answered,
            trunk: "BER-GW01", device: "SEP00505600A002", accountCode: "0815", cause: 16, flags: .remoteNetworkFormat,
            extra: cucmExtra(origIP: "10.20.30.202", destIP: "10.20.1.10", origCause: "16", destCause: "0",
                             patternUsage: "5")))
        assertRecord(outcome.records.dropFirst().first, expectedCall(
            id: "c0ffee00-0000-4000-8000-000000060002", correlation: "StandAloneCluster:1:60002",
            start: t + 6900, end: t + 6901, talkSeconds: 0,
            calling: "+4917655504444", called: "2003", originalCalled: "2003",
            extension: "2003", remote: "+4917655504444", direction: .incoming, disposition: .busy,
            trunk: "SIP-PSTN-TRUNK", device: "SEP00505600A003", cause: 17,
            extra: cucmExtra(origIP: "10.20.1.20", destIP: "10.20.30.203", origCause: "0", destCause: "17",
                             patternUsage: "2")))
    }
}
