import Foundation
import Org
@testable import Store
import TollbookCore
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
            XCTAssertEqual(error as? OrgError, .subtreeTooDeep(path: "1/2/3/4/5/6/A", deepest: "1/2/3/4/5/6/A/B", depth: 8))
            XCTAssertEqual("\(error)", "'1/2/3/4/5/6/A' would be 7 levels deep, but the node below it '1/2/3/4/5/6/A/B' would be 8 levels deep; the org chart has at most 7 levels")
        }
        XCTAssertThrowsError(try chart.moveNode(at: path("A"), under: path("1/2/3/4/5/6/7"))) { error in
            XCTAssertEqual(error as? OrgError, .tooDeep(path: "1/2/3/4/5/6/7/A", depth: 8))
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

/// Dates are midnights of the site's clock: in Berlin a move "from 2025-03-16" takes effect at
/// 00:00 Berlin time (23:00 UTC the day before), and is written back as that date.
final class OrgDatesAreLocalMidnightsTests: XCTestCase {
    private let berlin = OrgClock(timeZone: TimeZone(identifier: "Europe/Berlin") ?? .current)

    func testADateIsMidnightOnTheClock() {
        XCTAssertEqual(berlin.parse("2025-03-16"), UTCTimestamp.parse("2025-03-15T23:00:00Z"))
        XCTAssertEqual(berlin.parse("2025-07-01"), UTCTimestamp.parse("2025-06-30T22:00:00Z"), "summer time")
        XCTAssertEqual(berlin.parse("2025-03-16T08:00:00Z"), UTCTimestamp.parse("2025-03-16T08:00:00Z"))
        XCTAssertEqual(OrgClock.utc.parse("2025-03-16"), UTCTimestamp.parse("2025-03-16T00:00:00Z"))
        XCTAssertNil(berlin.parse("2025-02-30"))
    }

    func testMidnightsAreWrittenAsDates() throws {
        let midnight = try XCTUnwrap(berlin.parse("2025-03-30"))  // the spring-forward day
        XCTAssertEqual(berlin.text(midnight), "2025-03-30")
        XCTAssertEqual(berlin.text(midnight + 1), "2025-03-29T23:00:00.001Z")
        XCTAssertEqual(berlin.startOfDay(midnight + 5 * 3_600_000), midnight)
        let autumn = try XCTUnwrap(berlin.parse("2025-10-27"))
        XCTAssertEqual(autumn, UTCTimestamp.parse("2025-10-26T23:00:00Z"), "the day after the autumn change")
        XCTAssertEqual(berlin.startOfDay(autumn - 1), try XCTUnwrap(berlin.parse("2025-10-26")))
    }
}
