import TollbookConfiguration
import Costing
import TollbookCore
import XCTest

/// Indirect costs by tariff package, prorated by days, inherited down the tree, rolled up so that
/// every parent equals its own costs plus its children's — to the cent.
final class PackagesAreProratedAndRolledUpTests: XCTestCase {
    // Berlin (1) ─ Sales (2) ─ Team A (4); Berlin ─ Support (3); Other (9).
    private let org = CostingOrg(
        nodes: [
            .init(id: 1, parentID: nil, name: "Berlin", path: "Berlin"),
            .init(id: 2, parentID: 1, name: "Sales", path: "Berlin/Sales"),
            .init(id: 3, parentID: 1, name: "Support", path: "Berlin/Support"),
            .init(id: 4, parentID: 2, name: "Team A", path: "Berlin/Sales/Team A"),
            .init(id: 9, parentID: nil, name: "Other", path: "Other"),
        ],
        participants: [
            .init(id: 10, name: "Anna", employeeID: "E10", email: "anna@example.com"),
            .init(id: 11, name: "Ben", employeeID: "E11"),
            .init(id: 12, name: "Cleo", employeeID: "E12"),
        ],
        placements: [
            // Anna in Team A all of March; Ben in Sales until 16 March, then Support;
            // Cleo joins Support on 21 March.
            .init(participantID: 10, nodeID: 4, from: day("2025-01-01"), until: nil),
            .init(participantID: 11, nodeID: 2, from: day("2025-01-01"), until: day("2025-03-16")),
            .init(participantID: 11, nodeID: 3, from: day("2025-03-16"), until: nil),
            .init(participantID: 12, nodeID: 3, from: day("2025-03-21"), until: nil),
        ])

    private static func day(_ text: String) -> CalendarDay { CalendarDay(text) ?? CalendarDay(daysSinceEpoch: 0) }
    private func day(_ text: String) -> CalendarDay { Self.day(text) }

    private let standard = PackageSettings(
        name: "standard", baseFeeMinor: 310, devices: [.init(name: "Desk phone", monthlyMinor: 155)],
        labourPerHourMinor: 3600, services: [.init(name: "Line rental", amountMinor: 3100, schedule: .monthly),
                                             .init(name: "Setup", amountMinor: 2500, schedule: .once(day: "2025-03-10"))],
        assignments: [.init(target: .node(path: "Berlin"), from: "2025-01-01")])
    private let premium = PackageSettings(
        name: "premium", baseFeeMinor: 620, markupBasisPoints: 1000,
        assignments: [.init(target: .participant("E12"), from: "2025-03-25", to: "2025-03-31")])

    private func march(_ calls: [AllocatedCall] = []) throws -> CostReport {
        var calculator = try CostCalculator(org: org, packages: [standard, premium], from: day("2025-03-01"),
                                            until: day("2025-04-01"))
        for call in calls { calculator.add(call) }
        return calculator.report()
    }

    func testBaseFeesAndDevicesAreProratedByDaysPerNode() throws {
        let report = try march()
        func fee(_ participant: Int64, _ node: Int64) -> Int64 {
            report.lines.filter { $0.participantID == participant && $0.nodeID == node && $0.item == .baseFee }
                .reduce(0) { $0 + $1.amountMinor }
        }
        XCTAssertEqual(fee(10, 4), 310, "Anna: all 31 days × 3.10 / 31")
        XCTAssertEqual(fee(11, 2), 150, "Ben in Sales 1–15 March: 3.10 × 15/31 = 1.50")
        XCTAssertEqual(fee(11, 3), 160, "Ben in Support 16–31 March: 3.10 × 16/31 = 1.60")
        // Cleo: standard 21–24 March (4 days: 0.40), premium 25–31 March (7 days × 6.20/31 = 1.40).
        XCTAssertEqual(fee(12, 3), 40 + 140)
        let cleoDevice = report.lines.filter { $0.participantID == 12 && $0.item == .device("Desk phone") }
        XCTAssertEqual(cleoDevice.map(\.amountMinor), [20], "premium has no device: 1.55 × 4/31 = 0.20")
    }

    func testLabourIsTheHourlyRateTimesTalkTime() throws {
        let report = try march([
            AllocatedCall(day: day("2025-03-03"), nodeID: 4, participantID: 10, costMinor: 12, talkMs: 600_000),
            AllocatedCall(day: day("2025-03-04"), nodeID: 4, participantID: 10, costMinor: 7, talkMs: 150_500),
        ])
        let labour = report.lines.filter { $0.participantID == 10 && $0.item == .labour }
        // 750.5 s × 36.00 / h = 7.505 → 7.51 (half up).
        XCTAssertEqual(labour.map(\.amountMinor), [751])
        XCTAssertEqual(labour.first?.quantity, 751, "seconds, started seconds counted")
    }

    func testServicesGoToTheNodeTheyAreAssignedTo() throws {
        let report = try march()
        let berlin = report.lines.filter { $0.nodeID == 1 }
        XCTAssertEqual(Set(berlin.map(\.item)), [.service("Line rental"), .service("Setup")])
        XCTAssertEqual(berlin.reduce(0) { $0 + $1.amountMinor }, 3100 + 2500)
    }

    func testMarkupIsAPercentageOfEverythingUnderThePackage() throws {
        let report = try march([
            AllocatedCall(day: day("2025-03-26"), nodeID: 3, participantID: 12, costMinor: 400, talkMs: 60_000),
        ])
        let markup = report.lines.filter { $0.item == .markup }
        // Cleo under premium: base fee 1.40 + call 4.00 = 5.40 → 10 % = 0.54.
        XCTAssertEqual(markup.map(\.amountMinor), [54])
        XCTAssertEqual(markup.first?.participantID, 12)
    }

    func testEveryParentEqualsItsChildrenPlusItsOwn() throws {
        let report = try march([
            AllocatedCall(day: day("2025-03-03"), nodeID: 4, participantID: 10, costMinor: 12, talkMs: 600_000),
            AllocatedCall(day: day("2025-03-05"), nodeID: 2, participantID: 11, costMinor: 33, talkMs: 90_000),
            AllocatedCall(day: day("2025-03-20"), nodeID: 3, participantID: 11, costMinor: 5, talkMs: 10_000),
            AllocatedCall(day: day("2025-03-20"), nodeID: 9, participantID: nil, costMinor: 99, talkMs: 30_000),
        ])
        let byID = Dictionary(uniqueKeysWithValues: report.nodes.map { ($0.node.id, $0) })
        for row in report.nodes {
            let children = report.nodes.filter { $0.node.parentID == row.node.id }
            XCTAssertEqual(row.total, children.reduce(row.own) { $0 + $1.total }, row.node.path)
        }
        XCTAssertEqual(byID[9]?.total.callCostMinor, 99, "unowned calls stay on Other")
        XCTAssertEqual(byID[9]?.total.indirectMinor, 0)
        XCTAssertEqual(byID[1]?.total.callCostMinor, 12 + 33 + 5)
        XCTAssertEqual(report.total.totalMinor, report.lines.reduce(0) { $0 + $1.amountMinor })
        XCTAssertEqual(report.nodes.map(\.node.path), ["Berlin", "Berlin/Sales", "Berlin/Sales/Team A", "Berlin/Support", "Other"])
        XCTAssertEqual(report.nodes.map(\.depth), [1, 2, 3, 2, 1])
    }

    func testAssignmentsToUnknownNodesAreErrorsNamingThePackage() {
        var broken = standard
        broken.assignments = [.init(target: .node(path: "Hamburg"), from: "2025-01-01", line: 7)]
        XCTAssertThrowsError(try CostCalculator(org: org, packages: [broken], from: day("2025-03-01"),
                                                until: day("2025-04-01"))) { error in
            XCTAssertEqual(error as? CostingError, .unknownNode(package: "standard", path: "Hamburg", line: 7))
        }
        XCTAssertThrowsError(try CostCalculator(org: org, packages: [], from: day("2025-03-01"), until: day("2025-03-01")))
    }
}
