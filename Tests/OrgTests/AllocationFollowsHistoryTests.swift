import Org
import XCTest

/// Calls are allocated at query time by the org chart's history: moves and reassignments apply
/// from their date, unowned classifiers sit under "Other" until assigned.
final class AllocationFollowsHistoryTests: OrgTestCase {
    func testParticipantMovedOnADateKeepsEarlierCallsAtTheOldNode() throws {
        try chart.addNode(at: path("Berlin/Sales"), nowMs: 0)
        try chart.addNode(at: path("Berlin/Support"), nowMs: 0)
        let anna = try chart.addParticipant(ParticipantFields(name: "Anna"), at: path("Berlin/Sales"), fromMs: day("2025-01-01"), nowMs: 0)
        try chart.assign(.extension, "berlin/2001", to: anna, fromMs: day("2025-01-01"), nowMs: 0)
        let before = try addCall("2025-02-28", extensionKey: "berlin/2001")
        let after = try addCall("2025-03-01", hours: 0, extensionKey: "berlin/2001")
        XCTAssertTrue(try chart.moveParticipant(id: anna, to: path("Berlin/Support"), fromMs: day("2025-03-01")))
        XCTAssertEqual(try allocation(), [before: "Berlin/Sales", after: "Berlin/Support"])
        XCTAssertEqual(try chart.placements(ofParticipant: anna).map(\.toMs), [day("2025-03-01"), nil])
    }

    func testReassignedExtensionMovesOnlyCallsFromTheAssignmentDate() throws {
        try chart.addNode(at: path("Berlin/Sales"), nowMs: 0)
        try chart.addNode(at: path("Berlin/Support"), nowMs: 0)
        let anna = try chart.addParticipant(ParticipantFields(name: "Anna"), at: path("Berlin/Sales"), fromMs: day("2025-01-01"), nowMs: 0)
        let ben = try chart.addParticipant(ParticipantFields(name: "Ben"), at: path("Berlin/Support"), fromMs: day("2025-01-01"), nowMs: 0)
        try chart.assign(.extension, "berlin/2001", to: anna, fromMs: day("2025-01-01"), nowMs: 0)
        let early = try addCall("2025-04-14", extensionKey: "berlin/2001")
        let late = try addCall("2025-04-15", extensionKey: "berlin/2001")
        XCTAssertEqual(try chart.assign(.extension, "berlin/2001", to: ben, fromMs: day("2025-04-15"), nowMs: 0),
                       .assigned(endedOwner: anna))
        XCTAssertEqual(try allocation(), [early: "Berlin/Sales", late: "Berlin/Support"])
        var owners: [Int64: Int64?] = [:]
        try chart.forEachAllocatedCall(fromMs: nil, toMs: nil) { owners[$0.callID] = $0.participantID }
        XCTAssertEqual(owners, [early: anna, late: ben])
    }

    func testUnownedExtensionIsUnderOtherUntilAssignedThenItsCallsMove() throws {
        let first = try addCall("2025-05-02", extensionKey: "berlin/2999")
        let second = try addCall("2025-05-20", extensionKey: "berlin/2999")
        XCTAssertEqual(try chart.discoverClassifiers(nowMs: 0), 1)
        XCTAssertEqual(try chart.unownedClassifiers(atMs: day("2025-06-01")).map(\.value), ["berlin/2999"])
        XCTAssertEqual(try allocation(), [first: "Other", second: "Other"])
        var classifiers: Set<Int64?> = []
        try chart.forEachAllocatedCall(fromMs: nil, toMs: nil) { classifiers.insert($0.classifierID) }
        XCTAssertEqual(classifiers.count, 1, "calls under Other name their classifier")
        XCTAssertNotNil(classifiers.first ?? nil)

        try chart.addNode(at: path("Berlin/Lab"), nowMs: 0)
        let cara = try chart.addParticipant(ParticipantFields(name: "Cara"), at: path("Berlin/Lab"), fromMs: day("2025-05-01"), nowMs: 0)
        try chart.assign(.extension, "berlin/2999", to: cara, fromMs: day("2025-05-10"), nowMs: 0)
        XCTAssertEqual(try allocation(), [first: "Other", second: "Berlin/Lab"], "no re-import: the next query sees the assignment")
        XCTAssertEqual(try chart.unownedClassifiers(atMs: day("2025-06-01")), [])
        XCTAssertEqual(try chart.discoverClassifiers(nowMs: 0), 0, "nothing new to discover")
    }

    func testPINWinsOverTheExtensionAndAnEndedAssignmentSendsCallsToOther() throws {
        try chart.addNode(at: path("Berlin/Sales"), nowMs: 0)
        try chart.addNode(at: path("Berlin/Board"), nowMs: 0)
        let anna = try chart.addParticipant(ParticipantFields(name: "Anna"), at: path("Berlin/Sales"), fromMs: day("2025-01-01"), nowMs: 0)
        let dana = try chart.addParticipant(ParticipantFields(name: "Dana"), at: path("Berlin/Board"), fromMs: day("2025-01-01"), nowMs: 0)
        try chart.assign(.extension, "berlin/2001", to: anna, fromMs: day("2025-01-01"), nowMs: 0)
        try chart.assign(.pin, "4711", to: dana, fromMs: day("2025-01-01"), nowMs: 0)
        let withPIN = try addCall("2025-02-01", extensionKey: "berlin/2001", pin: "4711")
        let plain = try addCall("2025-02-01", hours: 11, extensionKey: "berlin/2001")
        let afterEnd = try addCall("2025-03-02", extensionKey: "berlin/2001")
        XCTAssertEqual(try chart.endAssignment(.extension, "berlin/2001", atMs: day("2025-03-01")), anna)
        XCTAssertEqual(try allocation(), [withPIN: "Berlin/Board", plain: "Berlin/Sales", afterEnd: "Other"])
    }

    func testLeavingEndsPlacementAndClassifiersButKeepsHistory() throws {
        try chart.addNode(at: path("Berlin/Sales"), nowMs: 0)
        let anna = try chart.addParticipant(ParticipantFields(name: "Anna"), at: path("Berlin/Sales"), fromMs: day("2025-01-01"), nowMs: 0)
        try chart.assign(.extension, "berlin/2001", to: anna, fromMs: day("2025-01-01"), nowMs: 0)
        let before = try addCall("2025-01-10", extensionKey: "berlin/2001")
        let after = try addCall("2025-02-10", extensionKey: "berlin/2001")
        try chart.endParticipant(id: anna, atMs: day("2025-02-01"))
        XCTAssertEqual(try allocation(), [before: "Berlin/Sales", after: "Other"])
        XCTAssertEqual(try chart.participants().first?.endedMs, day("2025-02-01"))
        XCTAssertThrowsError(try chart.removeNode(at: path("Berlin"), nowMs: 0))
        XCTAssertEqual(try chart.removeNode(at: path("Berlin/Sales"), nowMs: 0), .retired)
        XCTAssertEqual(try allocation()[before], "Berlin/Sales", "a retired node keeps its history")
    }
}
