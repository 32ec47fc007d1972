import XCTest

/// Built-in-bridge recording legs, a silent monitoring leg and a conference leg are marked so
/// billing can leave them out.
final class RecordingMonitoringAndConferenceLegsAreMarkedTests: XCTestCase {
    private let t = fixtureBase

    func testTheRecordedCallItselfIsUnmarked() throws {
        let outcome = try parseFixture("cdr_bridge_legs.txt")
        XCTAssertEqual(outcome.errorsRejects, [])
        XCTAssertEqual(outcome.records.count, 5)
        assertRecord(outcome.records.first, expectedCall(
            id: "c0ffee00-0000-4000-8000-000000095001", correlation: "StandAloneCluster:1:95001",
            start: t + 13000, answer: t + 13003, end: t + 13033, talkSeconds: 30,
            calling: "2001", called: "2002", originalCalled: "2002", connected: "2002",
            extension: "2001", remote: "2002", direction: .internalCall, disposition: .answered,
            device: "SEP00505600A001", remoteDevice: "SEP00505600A002", cause: 16,
            extra: cucmExtra(origIP: "10.20.30.201", destIP: "10.20.30.202", origCause: "16", destCause: "0",
                             patternUsage: "2")))
    }

    func testRecordingLegsAreRecordingNotConference() throws {
        let records = try parseFixture("cdr_bridge_legs.txt").records
        // No destination device: direction unknown.
        assertRecord(records.dropFirst().first, expectedCall(
            id: "c0ffee00-0000-4000-8000-000000095002", correlation: "StandAloneCluster:1:95002",
            start: t + 13003, end: t + 13003, talkSeconds: 0,
            calling: "b00105401001", called: "5559000", originalCalled: "5559000",
            direction: .unknown, disposition: .noAnswer, device: "SEP00505600A001", cause: 0, flags: [.recording],
            extra: cucmExtra(origIP: "10.20.30.201", destIP: nil, origCause: "0", destCause: "0",
                             lastRedirectReason: "354", joinOnBehalfOf: "27", patternUsage: "5")))
        // The recorder's SIP trunk counts as a trunk (no trunk_patterns set): outgoing, still recording.
        assertRecord(records.dropFirst(2).first, expectedCall(
            id: "c0ffee00-0000-4000-8000-000000095003", correlation: "StandAloneCluster:1:95003",
            start: t + 13003, answer: t + 13004, end: t + 13033, talkSeconds: 29,
            calling: "b00105401002", called: "5559000", originalCalled: "5559000", connected: "5559000",
            extension: "b00105401002", remote: "5559000", direction: .outgoing, disposition: .answered,
            trunk: "SIP-RECORDER", device: "SEP00505600A002", cause: 16, flags: [.recording],
            extra: cucmExtra(origIP: "10.20.30.202", destIP: "10.20.1.40", origCause: "16", destCause: "0",
                             lastRedirectReason: "354", joinOnBehalfOf: "27", patternUsage: "5")))
    }

    func testMonitoringLegIsMonitoring() throws {
        let records = try parseFixture("cdr_bridge_legs.txt").records
        assertRecord(records.dropFirst(3).first, expectedCall(
            id: "c0ffee00-0000-4000-8000-000000095004", correlation: "StandAloneCluster:1:95004",
            start: t + 13010, answer: t + 13011, end: t + 13030, talkSeconds: 19,
            calling: "2003", called: "b00105401003", originalCalled: "b00105401003", connected: "b00105401003",
            extension: "2003", remote: "b00105401003", direction: .internalCall, disposition: .answered,
            device: "SEP00505600A003", remoteDevice: "SEP00505600A001", cause: 16, flags: [.monitoring],
            extra: cucmExtra(origIP: "10.20.30.203", destIP: "10.20.30.201", origCause: "16", destCause: "0",
                             lastRedirectReason: "370", joinOnBehalfOf: "28", patternUsage: "2")))
    }

    func testConferenceLegIsConferenceNotForwarded() throws {
        let records = try parseFixture("cdr_bridge_legs.txt").records
        assertRecord(records.dropFirst(4).first, expectedCall(
            id: "c0ffee00-0000-4000-8000-000000095005", correlation: "StandAloneCluster:1:95005",
            start: t + 13100, answer: t + 13102, end: t + 13400, talkSeconds: 298,
            calling: "2003", called: "b00105402001", originalCalled: "2001", connected: "b00105402001",
            redirecting: "2001", extension: "2003", remote: "b00105402001", direction: .internalCall,
            disposition: .answered, device: "SEP00505600A003", remoteDevice: "CFB_2", cause: 16,
            flags: [.conference],
            extra: cucmExtra(origIP: "10.20.30.203", destIP: "10.20.1.50", origCause: "16", destCause: "0",
                             lastRedirectReason: "98", joinOnBehalfOf: "4", patternUsage: "1")))
    }
}
