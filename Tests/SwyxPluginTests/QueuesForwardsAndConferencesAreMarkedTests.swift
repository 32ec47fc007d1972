import TollbookCore
import XCTest

/// Forwards (destination differs from the called number), queues / hunt groups (script and
/// delivered times) and conference rooms.
final class QueuesForwardsAndConferencesAreMarkedTests: XCTestCase {
    private let file = "swyx_cdr.txt"
    private let trunk = Swyx.trunk

    func testInternalForwardIsMarkedAndRedirectedByTheCalledNumber() throws {
        let outcome = try Swyx.parse(file)
        XCTAssertEqual(Swyx.record(outcome, "1017@2025-03-03"), try expectedCall(
            "1017@2025-03-03", fixture: file, line: 18,
            start: "2025-03-03T08:20:00Z", answer: "2025-03-03T08:20:09Z", end: "2025-03-03T08:22:00Z",
            ring: 9_000, talk: 111_000, direction: .incoming, disposition: .answered, flags: [.forwarded],
            calling: "+4930555050", called: "241", originalCalled: "240", connected: "241", redirecting: "240",
            extension: "241", remote: "+4930555050", trunk: trunk, device: "SwyxIt! 241",
            causeText: "CallDisconnected"))
    }

    func testForwardToAnOutsideNumberIsOutgoingForTheForwardingExtension() throws {
        let outcome = try Swyx.parse(file)
        XCTAssertEqual(Swyx.record(outcome, "1018@2025-03-03"), try expectedCall(
            "1018@2025-03-03", fixture: file, line: 19,
            start: "2025-03-03T08:30:00Z", answer: "2025-03-03T08:30:11Z", end: "2025-03-03T08:33:00Z",
            ring: 11_000, talk: 169_000, direction: .outgoing, disposition: .answered, flags: [.forwarded],
            calling: "+4930555051", called: "+491705550052", originalCalled: "242", connected: "+491705550052",
            redirecting: "242", extension: "242", remote: "+491705550052", trunk: trunk, remoteDevice: trunk,
            causeText: "CallDisconnected"))
    }

    func testQueueCallAnsweredByAnAgent() throws {
        let outcome = try Swyx.parse(file)
        XCTAssertEqual(Swyx.record(outcome, "1019@2025-03-03"), try expectedCall(
            "1019@2025-03-03", fixture: file, line: 20,
            start: "2025-03-03T09:00:00Z", answer: "2025-03-03T09:00:30Z", end: "2025-03-03T09:05:00Z",
            ring: 30_000, talk: 270_000, direction: .incoming, disposition: .answered, flags: [.huntGroup],
            calling: "+4930555060", called: "301", originalCalled: "300", connected: "301",
            extension: "301", remote: "+4930555060", trunk: trunk, device: "SwyxIt! 301", huntGroup: "300",
            causeText: "OriginatorDisconnected"))
    }

    func testQueueCallWhereTheCallerGaveUp() throws {
        let outcome = try Swyx.parse(file)
        XCTAssertEqual(Swyx.record(outcome, "1020@2025-03-03"), try expectedCall(
            "1020@2025-03-03", fixture: file, line: 21,
            start: "2025-03-03T09:10:00Z", end: "2025-03-03T09:11:00Z",
            ring: 60_000, direction: .incoming, disposition: .noAnswer, flags: [.huntGroup],
            calling: "+4930555061", called: "300", originalCalled: "300",
            extension: "300", remote: "+4930555061", trunk: trunk, huntGroup: "300",
            causeText: "OriginatorDisconnected"))
    }

    func testConferenceRoomCall() throws {
        let outcome = try Swyx.parse(file)
        XCTAssertEqual(Swyx.record(outcome, "1021@2025-03-03"), try expectedCall(
            "1021@2025-03-03", fixture: file, line: 22,
            start: "2025-03-03T09:30:00Z", answer: "2025-03-03T09:30:01Z", end: "2025-03-03T10:00:00Z",
            ring: 1_000, talk: 1_799_000, direction: .internal, disposition: .answered, flags: [.conference],
            calling: "201", called: "800", originalCalled: "800", connected: "800",
            extension: "201", remote: "800", device: "SwyxIt! 201", remoteDevice: "Conference Room 1",
            causeText: "OriginatorDisconnected"))
    }
}
