import Org
import Store
import XCTest

/// Every change of the chart is one store write: a failing change leaves nothing behind, and
/// changes inside an open write join it (so a caller's transaction decides).
final class OrgChangesAreStoreWritesTests: OrgTestCase {
    private struct Planted: Error {}

    func testAChartTransactionThatThrowsChangesNothing() throws {
        XCTAssertThrowsError(try chart.transaction {
            try chart.addNode(at: path("Berlin/Sales"), nowMs: 0)
            _ = try chart.addParticipant(ParticipantFields(name: "Anna"), at: path("Berlin/Sales"), fromMs: 0, nowMs: 0)
            throw Planted()
        })
        XCTAssertEqual(try chart.nodes().map(\.name), ["Other"])
        XCTAssertEqual(try chart.participants().count, 0)
    }

    func testARefusedChangeInsideAStoreWriteKeepsTheWritesBeforeIt() throws {
        try store.write { _ in
            try chart.addNode(at: path("Berlin/Sales"), nowMs: 0)
            XCTAssertThrowsError(try chart.moveNode(at: path("Berlin"), under: path("Berlin/Sales"))) { error in
                XCTAssertEqual(error as? OrgError, .moveIntoOwnSubtree("Berlin"))
            }
            try chart.addNode(at: path("Hamburg"), nowMs: 0)
        }
        XCTAssertEqual(try chart.nodes().map(\.name), ["Other", "Berlin", "Sales", "Hamburg"])
        XCTAssertEqual(try chart.path(ofNode: 3)?.description, "Berlin/Sales")
    }

    func testAddingAParticipantWritesThePersonAndThePlacementTogether() throws {
        try chart.addNode(at: path("Berlin/Sales"), nowMs: 0)
        let anna = try chart.addParticipant(ParticipantFields(name: "Anna", employeeID: "E1"), at: path("Berlin/Sales"),
                                            fromMs: day("2025-01-01"), nowMs: 5)
        let participants = try chart.participants()
        XCTAssertEqual(participants.map(\.id), [anna])
        XCTAssertEqual(participants.map(\.fields), [ParticipantFields(name: "Anna", employeeID: "E1")])
        XCTAssertEqual(participants.map(\.endedMs), [nil])
        XCTAssertEqual(try chart.placements(ofParticipant: anna).map { [$0.targetID, $0.fromMs] }, [[3, day("2025-01-01")]])
        XCTAssertFalse(store.isInWrite)
    }
}
