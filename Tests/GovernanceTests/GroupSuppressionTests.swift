import Costing
import Governance
import Reports
import TollbookConfiguration
import TollbookCore
import XCTest

/// Minimum group size with complementary suppression (P7): the pure function, then a real cost
/// report of the spec's fixture (team T1 = 6 people, T2 = 3 people, one department above them).
final class GroupSuppressionTests: XCTestCase {
    typealias Cell = GroupSuppression.Cell
    typealias Equation = GroupSuppression.Equation

    func testSmallCellIsWithheldAndItsParentTotalToo() {
        let result = GroupSuppression.apply(
            cells: [Cell(id: "dept", persons: 9), Cell(id: "dept.own", persons: 0), Cell(id: "T1", persons: 6),
                    Cell(id: "T2", persons: 3)],
            equations: [Equation(parent: "dept", terms: ["dept.own", "T1", "T2"])], minimumGroupSize: 5)
        XCTAssertEqual(result, ["dept": .complementary, "dept.own": .shown, "T1": .shown, "T2": .belowMinimum])
    }

    func testCellsOfExactlyKAreShownAndCellsWithoutPersonsStayShown() {
        let result = GroupSuppression.apply(
            cells: [Cell(id: "a", persons: 5), Cell(id: "b", persons: 4), Cell(id: "services", persons: 0)],
            equations: [], minimumGroupSize: 5)
        XCTAssertEqual(result, ["a": .shown, "b": .belowMinimum, "services": .shown])
        XCTAssertEqual(GroupSuppression.apply(cells: [Cell(id: "b", persons: 4)], equations: [], minimumGroupSize: 3),
                       ["b": .shown])
    }

    func testTwoSmallSiblingsProtectEachOtherAndTheTotalStays() {
        // dept = own + T2 + T3; T2 and T3 both withheld: two unknowns in one sum, nothing derivable.
        let result = GroupSuppression.apply(
            cells: [Cell(id: "dept", persons: 12), Cell(id: "own", persons: 6), Cell(id: "T2", persons: 3),
                    Cell(id: "T3", persons: 3)],
            equations: [Equation(parent: "dept", terms: ["own", "T2", "T3"])], minimumGroupSize: 5)
        XCTAssertEqual(result, ["dept": .shown, "own": .shown, "T2": .belowMinimum, "T3": .belowMinimum])
    }

    func testAWithheldTotalWithheldAloneInTheSumAboveIsProtectedUpwards() {
        // company = D1 + D2, D1 = T1 + T2 (T2 small): D1 is withheld, then company (else D1 = company − D2).
        let result = GroupSuppression.apply(
            cells: [Cell(id: "company", persons: 20), Cell(id: "D1", persons: 9), Cell(id: "D2", persons: 11),
                    Cell(id: "T1", persons: 6), Cell(id: "T2", persons: 3)],
            equations: [Equation(parent: "company", terms: ["D1", "D2"]), Equation(parent: "D1", terms: ["T1", "T2"])],
            minimumGroupSize: 5)
        XCTAssertEqual(result, ["company": .complementary, "D1": .complementary, "D2": .shown, "T1": .shown,
                                "T2": .belowMinimum])
    }

    func testAWithheldParentWithAllTermsShownWithholdsItsSmallestTerm() {
        // Only reachable with hand-made cells: P withheld, its terms shown ⇒ the term with the fewest persons.
        let result = GroupSuppression.apply(
            cells: [Cell(id: "P", persons: 3), Cell(id: "A", persons: 0), Cell(id: "B", persons: 0)],
            equations: [Equation(parent: "P", terms: ["A", "B"])], minimumGroupSize: 5)
        XCTAssertEqual(result, ["P": .belowMinimum, "A": .complementary, "B": .shown])
    }

    func testNoSumEverHasExactlyOneWithheldCell() {
        // A deeper random-looking tree: after suppression every equation has 0 or ≥ 2 withheld cells.
        let persons = [("root", 40), ("a", 14), ("a1", 6), ("a2", 4), ("a3", 4), ("b", 26), ("b1", 2), ("b2", 24),
                       ("b21", 20), ("b22", 4)]
        let equations = [Equation(parent: "root", terms: ["a", "b"]), Equation(parent: "a", terms: ["a1", "a2", "a3"]),
                         Equation(parent: "b", terms: ["b1", "b2"]), Equation(parent: "b2", terms: ["b21", "b22"])]
        let result = GroupSuppression.apply(cells: persons.map { Cell(id: $0.0, persons: $0.1) }, equations: equations,
                                            minimumGroupSize: 5)
        for equation in equations {
            let withheld = ([equation.parent] + equation.terms).filter { result[$0] != .shown }
            XCTAssertNotEqual(withheld.count, 1, "\(equation.parent): \(withheld)")
        }
        XCTAssertEqual(result["a1"], .shown)
        XCTAssertEqual(result["a2"], .belowMinimum)
        XCTAssertEqual(result["a"], .shown, "a2 and a3 protect each other")
        XCTAssertEqual(result["b21"], .shown)
        XCTAssertEqual(result["b22"], .belowMinimum)
        XCTAssertEqual(result["b2"], .complementary)
        XCTAssertEqual(result["b"], .shown, "b1 (small) and b2 (withheld) are two unknowns of b")
        XCTAssertEqual(result["root"], .shown)
    }

    /// 300 random org trees (seeded, repeatable): no sum ever has exactly one withheld cell, every
    /// cell of 1…k−1 persons is withheld, cells without persons are withheld only as complements.
    func testRandomTreesNeverLeaveASingleWithheldCellInASum() {
        var state: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<300 {
            let count = 2 + next(14)
            var parent: [Int: Int] = [:]
            for node in 1..<count { parent[node] = next(node) }
            var own = (0..<count).map { _ in next(3) == 0 ? 0 : 1 + next(8) }
            own[0] = next(2) == 0 ? 0 : own[0]
            func total(_ node: Int) -> Int { own[node] + parent.filter { $0.value == node }.map { total($0.key) }.reduce(0, +) }
            var cells: [Cell] = []
            var equations: [Equation] = []
            for node in 0..<count {
                cells.append(Cell(id: "own:\(node)", persons: own[node]))
                cells.append(Cell(id: "total:\(node)", persons: total(node)))
                let children = parent.filter { $0.value == node }.map { "total:\($0.key)" }.sorted()
                equations.append(Equation(parent: "total:\(node)", terms: ["own:\(node)"] + children))
            }
            let result = GroupSuppression.apply(cells: cells, equations: equations, minimumGroupSize: 5)
            for equation in equations {
                let withheld = ([equation.parent] + equation.terms).filter { result[$0] != .shown }
                XCTAssertNotEqual(withheld.count, 1, "\(equation) in \(cells)")
            }
            for cell in cells {
                if (1..<5).contains(cell.persons) { XCTAssertEqual(result[cell.id], .belowMinimum, cell.id) }
                if cell.persons == 0 || cell.persons >= 5 { XCTAssertNotEqual(result[cell.id], .belowMinimum, cell.id) }
            }
        }
    }

    /// The spec's test on a real cost report: T1 (6) → values; T2 (3) → withheld; the department's
    /// total (T1 + T2) would give T2 away ⇒ withheld; its own part (no people) stays.
    func testSpecFixtureOnACostReport() throws {
        let march = try XCTUnwrap(CalendarDay("2025-03-01"))
        let org = CostingOrg(
            nodes: [CostingOrg.Node(id: 1, parentID: nil, name: "Sales", path: "Sales"),
                    CostingOrg.Node(id: 2, parentID: 1, name: "T1", path: "Sales/T1"),
                    CostingOrg.Node(id: 3, parentID: 1, name: "T2", path: "Sales/T2")],
            participants: (1...9).map { CostingOrg.Participant(id: Int64($0), name: "P\($0)") },
            placements: (1...9).map {
                CostingOrg.Placement(participantID: Int64($0), nodeID: $0 <= 6 ? 2 : 3, from: march, until: nil)
            })
        var calculator = try CostCalculator(org: org, packages: [], from: march, until: march.firstOfNextMonth,
                                            currency: "EUR")
        for person in 1...9 {
            calculator.add(AllocatedCall(day: march, nodeID: person <= 6 ? 2 : 3, participantID: Int64(person),
                                         costMinor: 100 + Int64(person), talkMs: 60_000))
        }
        let governed = GovernedCostReport(report: calculator.report(), minimumGroupSize: 5)
        XCTAssertEqual(governed.total[2], .shown)
        XCTAssertEqual(governed.total[3], .belowMinimum)
        XCTAssertEqual(governed.total[1], .complementary)
        XCTAssertEqual(governed.own[1], .shown)
        XCTAssertEqual(governed.grandTotal, .complementary)
        let t1 = try XCTUnwrap(governed.report.nodes.first { $0.node.id == 2 })
        XCTAssertEqual(t1.total.callCostMinor, 101 + 102 + 103 + 104 + 105 + 106)
        // Without a governing profile nothing is withheld.
        let open = GovernedCostReport(report: calculator.report(), minimumGroupSize: nil)
        XCTAssertEqual(Set(open.total.values), [.shown])
        XCTAssertEqual(open.grandTotal, .shown)
    }
}
