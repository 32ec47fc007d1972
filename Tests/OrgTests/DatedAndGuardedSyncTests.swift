import Numbering
import Org
import XCTest

/// Issue 14: a sync that would end too many people is refused; dated syncs and backdated moves
/// allocate older calls; CSV people are linked instead of copied; deep OUs are flattened or
/// skipped; notes name the entry's DN.
final class DatedAndGuardedSyncTests: OrgTestCase {
    private func sync(_ options: DirectorySync.Options = DirectorySync.Options()) throws -> DirectorySync {
        let plan = NumberingPlan(siteID: "berlin", countryCode: "49", areaCode: "30", outsideLinePrefixes: ["0"],
                                 extensionRanges: [try ExtensionRange("2000", "2999")])
        return DirectorySync(mapper: ExtensionKeyMapper(plans: [plan]), options: options)
    }

    private func people(_ count: Int) -> [DirectoryEntry] {
        (1...count).map { index in
            var entry = DirectoryEntry(uniqueID: "guid-\(index)", displayName: "Person \(index)", employeeID: "E\(index)",
                                       organisationalPath: ["Berlin", "Sales"], numbers: ["\(2000 + index)"])
            entry.dn = "cn=Person \(index),ou=Sales,ou=Berlin,dc=example,dc=com"
            return entry
        }
    }

    func testASyncThatEndsMoreThanTheShareIsRefused() throws {
        let first = try sync().plan(people(20), chart: chart, nowMs: day("2025-06-01"))
        try first.plan.apply(to: chart, nowMs: 0)
        XCTAssertNil(first.refusal(maxPercent: 10))

        let nobody = try sync().plan([], chart: chart, nowMs: day("2025-06-02"))
        XCTAssertEqual(nobody.managed, 20)
        XCTAssertEqual(nobody.leaving, 20)
        XCTAssertEqual(nobody.refusal(maxPercent: 10), "the sync would end 20 of the 20 people it manages (100 %), more than "
                       + "directory.max_leave_percent (10 %) allows; check the directory's base_dn and filter, or apply it with --force")
        let twoLeave = try sync().plan(Array(people(20).prefix(18)), chart: chart, nowMs: day("2025-06-02"))
        XCTAssertEqual(twoLeave.leaving, 2)
        XCTAssertNil(twoLeave.refusal(maxPercent: 10), "2 of 20 is 10 %: allowed")
        let threeLeave = try sync().plan(Array(people(20).prefix(17)), chart: chart, nowMs: day("2025-06-02"))
        XCTAssertNotNil(threeLeave.refusal(maxPercent: 10), "3 of 20 is more than 10 %")
        XCTAssertNil(threeLeave.refusal(maxPercent: 15))
    }

    func testAnEffectiveDateAtGoLivePlacesPeopleInThePastAndAllocatesOlderCalls() throws {
        let before = try addCall("2025-03-10", extensionKey: "berlin/2001")
        let options = DirectorySync.Options(effectiveMs: day("2025-01-01"))
        let outcome = try sync(options).plan(Array(people(1)), chart: chart, nowMs: day("2025-06-01"))
        XCTAssertEqual(outcome.plan.diff, """
            + node Berlin (site)
            + node Berlin/Sales (cost_centre)
            + participant Person 1 (E1) at Berlin/Sales from 2025-01-01
            + extension berlin/2001 → Person 1 (E1) from 2025-01-01

            """)
        try outcome.plan.apply(to: chart, nowMs: day("2025-06-01"))
        XCTAssertEqual(try allocation()[before], "Berlin/Sales")
    }

    func testBackdatingASyncedPersonReallocatesTheCallsOfThatPeriod() throws {
        let march = try addCall("2025-03-10", extensionKey: "berlin/2001")
        let july = try addCall("2025-07-10", extensionKey: "berlin/2001")
        try sync().plan(people(1), chart: chart, nowMs: day("2025-06-01")).plan.apply(to: chart, nowMs: 0)
        XCTAssertEqual(try allocation(), [march: "Other", july: "Berlin/Sales"], "before go-live everything went to Other")

        let backdated = try sync(DirectorySync.Options(effectiveMs: day("2025-01-01")))
            .plan(people(1), chart: chart, nowMs: day("2025-06-02"))
        XCTAssertEqual(backdated.plan.diff, """
            > participant Person 1 (E1): at Berlin/Sales from 2025-01-01 (backdated)
            + extension berlin/2001 → Person 1 (E1) from 2025-01-01

            """)
        try backdated.plan.apply(to: chart, nowMs: 0)
        XCTAssertEqual(try allocation(), [march: "Berlin/Sales", july: "Berlin/Sales"])
        let id = try XCTUnwrap(try chart.participants().first?.id)
        XCTAssertEqual(try chart.placements(ofParticipant: id).map(\.fromMs), [day("2025-01-01")])
        XCTAssertEqual(try chart.assignments(ofParticipant: id).map(\.fromMs), [day("2025-01-01")])
    }

    func testAManualMoveFromAnEarlierDateIsNotAlreadyThere() throws {
        try chart.addNode(at: path("Berlin/Sales"), nowMs: 0)
        let id = try chart.addParticipant(ParticipantFields(name: "Anna"), at: path("Berlin/Sales"), fromMs: day("2025-06-01"), nowMs: 0)
        try chart.addNode(at: path("Berlin/Support"), nowMs: 0)
        XCTAssertFalse(try chart.moveParticipant(id: id, to: path("Berlin/Sales"), fromMs: day("2025-07-01")), "already there")
        XCTAssertTrue(try chart.moveParticipant(id: id, to: path("Berlin/Sales"), fromMs: day("2025-01-01")), "extended back")
        XCTAssertEqual(try chart.placements(ofParticipant: id).map(\.fromMs), [day("2025-01-01")])
        XCTAssertTrue(try chart.moveParticipant(id: id, to: path("Berlin/Support"), fromMs: day("2025-05-01")))
        XCTAssertTrue(try chart.moveParticipant(id: id, to: path("Berlin/Sales"), fromMs: day("2025-03-01")), "backdated move")
        let placements = try chart.placements(ofParticipant: id)
        XCTAssertEqual(placements.map(\.fromMs), [day("2025-01-01"), day("2025-03-01")])
        XCTAssertEqual(placements.map(\.toMs), [day("2025-03-01"), nil])
        XCTAssertEqual(try placements.map { try chart.path(ofNode: $0.targetID)?.description }, ["Berlin/Sales", "Berlin/Sales"])
    }

    func testCSVPeopleAreLinkedByTheConfiguredKeyInsteadOfCopied() throws {
        let csv = """
            path,participant,employee_id,email,external_id
            Berlin/Sales,Person 1,E1,p1@example.com,
            Berlin/Sales,Person 2,,p2@example.com,
            Berlin/Sales,Person 3,,,pthree

            """
        try OrgCSVImport(mapper: nil, defaultFromMs: day("2025-01-01")).plan(csv, against: chart).apply(to: chart, nowMs: 0)
        var entries = people(3)
        entries[1].employeeID = ""
        entries[1].mail = "P2@example.com"
        entries[2].employeeID = ""
        entries[2].accountName = "PThree"
        for link in [DirectoryLink.employeeID, .mail, .accountName] {
            let outcome = try sync(DirectorySync.Options(linkBy: link)).plan(entries, chart: chart, nowMs: day("2025-06-01"))
            XCTAssertEqual(outcome.plan.changes.filter { if case .addParticipant = $0 { true } else { false } }.count, 2,
                           "\(link): one person linked, two new")
        }
        var options = DirectorySync.Options(linkBy: .employeeID)
        let byEmployeeID = try sync(options).plan(entries, chart: chart, nowMs: day("2025-06-01"))
        XCTAssertTrue(byEmployeeID.plan.diff.hasPrefix("~ participant Person 1 (E1): email p1@example.com → -, external_id - → guid-1\n"),
                      byEmployeeID.plan.diff)
        options.linkBy = .accountName
        let byAccount = try sync(options).plan(entries, chart: chart, nowMs: day("2025-06-01"))
        XCTAssertTrue(byAccount.plan.diff.contains("~ participant Person 3: external_id pthree → guid-3\n"), byAccount.plan.diff)
        XCTAssertFalse(byAccount.plan.diff.contains("leaves"), "a CSV person is never ended by a sync that did not match them")
        try byEmployeeID.plan.apply(to: chart, nowMs: 0)
        XCTAssertEqual(try chart.participants().filter { $0.fields.name == "Person 1" }.count, 1, "no second copy")
        XCTAssertEqual(try chart.participants().first { $0.fields.name == "Person 1" }?.fields.externalID, "guid-1")
    }

    func testDeepOUsAreRefusedFlattenedOrSkippedAndNotesNameTheDN() throws {
        var deep = DirectoryEntry(uniqueID: "guid-9", displayName: "Deep", organisationalPath: ["1", "2", "3", "4", "5", "6", "7", "8", "9"])
        deep.dn = "cn=Deep,ou=9,ou=8,ou=7,ou=6,ou=5,ou=4,ou=3,ou=2,ou=1,dc=example,dc=com"
        XCTAssertThrowsError(try sync().plan([deep], chart: chart, nowMs: day("2025-06-01"))) { error in
            XCTAssertEqual("\(error)", """
                the file has 1 problem(s), nothing was changed:
                  entry 1 (cn=Deep,ou=9,ou=8,ou=7,ou=6,ou=5,ou=4,ou=3,ou=2,ou=1,dc=example,dc=com): its OU path has 9 levels; the org chart has at most 7 (directory.max_depth: flatten or skip)
                """)
        }
        let flattened = try sync(DirectorySync.Options(maxDepth: .flatten)).plan([deep], chart: chart, nowMs: day("2025-06-01"))
        XCTAssertTrue(flattened.plan.diff.contains("+ participant Deep at 1/2/3/4/5/6/7 from 2025-06-01\n"), flattened.plan.diff)
        XCTAssertEqual(flattened.notes, ["entry 1 (\(deep.dn)): OU path of 9 levels flattened to its first 7"])
        try flattened.plan.apply(to: chart, nowMs: 0)

        let skipped = try sync(DirectorySync.Options(maxDepth: .skip)).plan([deep], chart: chart, nowMs: day("2025-06-02"))
        XCTAssertEqual(skipped.plan.changes, [], "skipped, and not ended either")
        XCTAssertEqual(skipped.notes, ["entry 1 (\(deep.dn)): OU path of 9 levels, skipped (left as it is)"])
    }
}
