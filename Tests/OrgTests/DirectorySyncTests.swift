import Numbering
import Org
import XCTest

/// The directory sync's application: create, update, move from today, map numbers, end-date leavers.
final class DirectorySyncTests: OrgTestCase {
    private func sync() throws -> DirectorySync {
        let plan = NumberingPlan(
            siteID: "berlin", countryCode: "49", areaCode: "30", outsideLinePrefixes: ["0"],
            extensionRanges: [try ExtensionRange("2000", "2999")],
            didBlocks: [try DIDBlock(e164Prefix: "+49305555", extensions: try ExtensionRange("2000", "2999"))])
        return DirectorySync(mapper: ExtensionKeyMapper(plans: [plan]))
    }

    func testSyncCreatesMovesAndEndDatesWithoutDeleting() throws {
        let entries = [
            DirectoryEntry(uniqueID: "guid-1", displayName: "Anna Schmidt", mail: "anna@example.com", employeeID: "E1001",
                           organisationalPath: ["Berlin", "Sales"], numbers: ["+49 30 5555-2001", "9999999"]),
            DirectoryEntry(uniqueID: "guid-2", displayName: "Ben Braun", department: "Support", numbers: ["2002"]),
        ]
        let first = try sync().plan(entries, chart: chart, nowMs: day("2025-06-01") + 5000)
        XCTAssertEqual(first.plan.diff, """
            + node Berlin (site)
            + node Berlin/Sales (cost_centre)
            + node Support (site)
            + participant Anna Schmidt (E1001) at Berlin/Sales from 2025-06-01
            + participant Ben Braun at Support from 2025-06-01
            + extension berlin/2001 → Anna Schmidt (E1001) from 2025-06-01
            + extension berlin/2002 → Ben Braun from 2025-06-01

            """)
        XCTAssertEqual(first.notes, ["entry 1: 1 number(s) outside every site's extensions and DID blocks, skipped"])
        try first.plan.apply(to: chart, nowMs: 0)
        XCTAssertEqual(try sync().plan(entries, chart: chart, nowMs: day("2025-06-02")).plan.changes, [], "idempotent")

        var moved = entries
        moved[0].organisationalPath = ["Berlin", "Support"]
        moved[0].mail = "a.schmidt@example.com"
        moved.removeLast()
        let second = try sync().plan(moved, chart: chart, nowMs: day("2025-07-01") + 1000)
        XCTAssertEqual(second.plan.diff, """
            + node Berlin/Support (cost_centre)
            ~ participant Anna Schmidt (E1001): email anna@example.com → a.schmidt@example.com
            > participant Anna Schmidt (E1001): Berlin/Sales → Berlin/Support from 2025-07-01
            - participant Ben Braun leaves 2025-07-01

            """)
        try second.plan.apply(to: chart, nowMs: 0)
        let ben = try XCTUnwrap(try chart.participants().first { $0.fields.externalID == "guid-2" })
        XCTAssertEqual(ben.endedMs, day("2025-07-01"), "end-dated, not deleted")
        XCTAssertEqual(try chart.assignments(ofParticipant: ben.id).map(\.toMs), [day("2025-07-01")])
    }

    func testEntriesWithoutIdAreReported() throws {
        let entries = [
            DirectoryEntry(uniqueID: "", displayName: "X", department: "Sales"),
            DirectoryEntry(uniqueID: "g", displayName: "Y", department: "Sales"),
            DirectoryEntry(uniqueID: "g", displayName: "Z", department: "Sales"),
        ]
        XCTAssertThrowsError(try sync().plan(entries, chart: chart, nowMs: 0)) { error in
            XCTAssertEqual("\(error)", """
                the file has 2 problem(s), nothing was changed:
                  entry 1: it has no unique id
                  entry 3: its unique id is also used by entry 2
                """)
        }
    }

    func testPeopleWithoutPathOrDepartmentAreNotLeftOut() throws {
        let outcome = try sync().plan([DirectoryEntry(uniqueID: "g", displayName: "Y")], chart: chart,
                                      nowMs: day("2025-06-01"))
        XCTAssertEqual(outcome.plan.diff, """
            + node Unassigned (directory) (site)
            + participant Y at Unassigned (directory) from 2025-06-01

            """)
        XCTAssertEqual(outcome.notes, ["entry 1: no OU path or department, placed under Unassigned (directory)"], "no DN: none is named")
    }
}
