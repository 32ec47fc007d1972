import Org
import XCTest

/// The org chart's rules: seven levels, unique sibling names, the system node, non-overlapping periods.
final class OrgRulesTests: OrgTestCase {
    func testDepthLimitIsEnforcedOnAddAndMove() throws {
        XCTAssertEqual(try chart.addNode(at: path("1/2/3/4/5/6/7"), nowMs: 0).count, 7)
        XCTAssertThrowsError(try OrgPath(parsing: "1/2/3/4/5/6/7/8")) { error in
            XCTAssertEqual(error as? OrgError, .tooDeep(path: "1/2/3/4/5/6/7/8", depth: 8))
        }
        try chart.addNode(at: path("A/B"), nowMs: 0)
        XCTAssertThrowsError(try chart.moveNode(at: path("A"), under: path("1/2/3/4/5/6"))) { error in
            XCTAssertEqual(error as? OrgError, .tooDeep(path: "1/2/3/4/5/6/A", depth: 8))
        }
        XCTAssertEqual(try chart.moveNode(at: path("A"), under: path("1/2/3/4/5")), try path("1/2/3/4/5/A"))
    }

    func testSiblingNamesAreUniqueAndOtherIsProtected() throws {
        try chart.addNode(at: path("Berlin/Sales"), nowMs: 0)
        XCTAssertThrowsError(try chart.addNode(at: path("Berlin/Sales"), nowMs: 0)) { error in
            XCTAssertEqual(error as? OrgError, .nodeExists("Berlin/Sales"))
        }
        try chart.addNode(at: path("Berlin/Support"), nowMs: 0)
        XCTAssertThrowsError(try chart.renameNode(at: path("Berlin/Support"), to: "Sales"))
        XCTAssertThrowsError(try chart.renameNode(at: path("Other"), to: "Misc")) { error in
            XCTAssertEqual(error as? OrgError, .systemNode("Other"))
        }
        XCTAssertThrowsError(try chart.addNode(at: path("Other/Team"), nowMs: 0))
        XCTAssertThrowsError(try chart.moveNode(at: path("Berlin"), under: path("Berlin/Sales"))) { error in
            XCTAssertEqual(error as? OrgError, .moveIntoOwnSubtree("Berlin"))
        }
    }

    func testOverlappingAssignmentsAreRefused() throws {
        try chart.addNode(at: path("Berlin/Sales"), nowMs: 0)
        let anna = try chart.addParticipant(ParticipantFields(name: "Anna"), at: path("Berlin/Sales"), fromMs: 0, nowMs: 0)
        let ben = try chart.addParticipant(ParticipantFields(name: "Ben"), at: path("Berlin/Sales"), fromMs: 0, nowMs: 0)
        try chart.assign(.extension, "berlin/2001", to: anna, fromMs: day("2025-01-01"), toMs: day("2025-03-01"), nowMs: 0)
        XCTAssertThrowsError(try chart.assign(.extension, "berlin/2001", to: ben, fromMs: day("2025-02-01"), nowMs: 0)) { error in
            XCTAssertEqual(error as? OrgError, .overlappingAssignment(kind: .extension, value: "berlin/2001", from: "2025-02-01"))
        }
        XCTAssertEqual(try chart.assign(.extension, "berlin/2001", to: ben, fromMs: day("2025-03-01"), nowMs: 0),
                       .assigned(endedOwner: nil))
        XCTAssertThrowsError(try chart.assign(.extension, "2001", to: ben, fromMs: 0, nowMs: 0))
        // The schema refuses overlaps too, whatever writes to it.
        XCTAssertThrowsError(try store.database.execute(
            "INSERT INTO classifier_assignments(classifier_id, participant_id, valid_from_ms) SELECT id, \(anna), 0 FROM classifiers"))
    }
}
