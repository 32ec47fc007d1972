import TollbookCore
import XCTest

/// calls.xml calls 11–16: forwards, a waiting queue, a conference and voicemail.
final class ForwardsGroupsAndPseudoObjectsTests: XCTestCase {
    func testUnconditionalForwardGivesCallerForwarderAndTargetRecords() throws {
        let r = try callRecords()
        assertRecord(r[20], Expected(id: fid("000a0202", "from", t + 6000, "12"), correlation: cf("12"), start: t + 6000, answer: t + 6007, end: t + 6047,
            calling: "202", called: "209", originalCalled: "208", connected: "209", redirecting: "208", ext: "202", remote: "209",
            direction: .internal, disposition: .answered, flags: .forwarded, device: "phone-202", remoteDevice: "ida", cause: 16,
            extra: user("1", "from", "bert")))
        assertRecord(r[21], Expected(id: fid("000a0208", "cf", t + 6001, "12"), correlation: cf("12"), start: t + 6001, answer: t + 6007, end: t + 6047,
            calling: "202", called: "209", originalCalled: "208", connected: "209", redirecting: "208", ext: "208", remote: "209",
            direction: .internal, disposition: .answered, flags: .forwarded, cause: 16,
            extra: user("1", "cf", "hugo")))
        assertRecord(r[22], Expected(id: fid("000a0209", "to", t + 6001, "12"), correlation: cf("12"), start: t + 6001, answer: t + 6007, end: t + 6047,
            calling: "202", called: "209", originalCalled: "208", connected: "209", redirecting: "208", ext: "209", remote: "202",
            direction: .internal, disposition: .answered, flags: .forwarded, device: "phone-209", remoteDevice: "bert", cause: 16,
            extra: user("0", "to", "ida")))
    }

    func testForwardToAnExternalNumberIsAnOutgoingCallBilledToTheForwarder() throws {
        let r = try callRecords()
        assertRecord(r[23], Expected(id: fid("000a0208", "cf", t + 6600, "13"), correlation: cf("13"), start: t + 6600, answer: t + 6609, end: t + 6729,
            calling: "201", called: "00170555123", originalCalled: "208", connected: "00170555123", redirecting: "208", ext: "208", remote: "00170555123",
            direction: .outgoing, disposition: .answered, flags: .forwarded, cause: 16,
            extra: user("1", "cf", "hugo")))
    }

    func testWaitingQueueIsAHuntGroupAndTheAgentKeepsItsGroups() throws {
        let r = try callRecords()
        assertRecord(r[24], Expected(id: fid("000000q1", "to", t + 7200, "14"), correlation: cf("14"), start: t + 7200, answer: t + 7200, end: t + 7338,
            calling: "004930555040", called: "250", originalCalled: "250", connected: "250", ext: "250", remote: "004930555040",
            direction: .incoming, disposition: .answered, flags: [.transferred, .forwarded, .huntGroup], huntGroup: "250", cause: 16,
            extra: user("0", "to", "sales-queue", ["pseudo": "waiting"])))
        assertRecord(r[25], Expected(id: fid("000a0210", "to", t + 7215, "14"), correlation: cf("14"), start: t + 7215, answer: t + 7218, end: t + 7338,
            calling: "004930555040", called: "210", originalCalled: "250", connected: "210", redirecting: "250", ext: "210", remote: "004930555040",
            direction: .incoming, disposition: .answered, flags: .forwarded, device: "phone-210", cause: 16,
            extra: user("0", "to", "jana", ["groups": "sales,support"])))
    }

    func testConferenceAndVoicemailObjectsAreMarkedAndNotBillable() throws {
        let r = try callRecords()
        assertRecord(r[26], Expected(id: fid("000a0201", "from", t + 7800, "15"), correlation: cf("15"), start: t + 7800, answer: t + 7801, end: t + 8401,
            calling: "201", called: "260", originalCalled: "260", connected: "260", ext: "201", remote: "260",
            direction: .internal, disposition: .answered, device: "phone-201", remoteDevice: "conf-room", cause: 16,
            extra: user("1", "from", "anna")))
        assertRecord(r[27], Expected(id: fid("0000cf01", "to", t + 7800, "15"), correlation: cf("15"), start: t + 7800, answer: t + 7801, end: t + 8401,
            calling: "201", called: "260", originalCalled: "260", connected: "260", ext: "260", remote: "201",
            direction: .internal, disposition: .answered, flags: .conference, remoteDevice: "anna", cause: 16,
            extra: user("0", "to", "conf-room", ["pseudo": "conference"])))
        assertRecord(r[28], Expected(id: fid("0000fe01", "to", t + 8400, "16"), correlation: cf("16"), start: t + 8400, answer: t + 8401, end: t + 8431,
            calling: "004930555050", called: "270", originalCalled: "204", connected: "270", redirecting: "204", ext: "270", remote: "004930555050",
            direction: .incoming, disposition: .answered, flags: [.forwarded, .voicemail], cause: 16,
            extra: user("0", "to", "voicemail", ["pseudo": "vm"])))
    }
}
