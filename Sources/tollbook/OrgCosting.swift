import TollbookConfiguration
import Costing
import Foundation
import Org
import TollbookCore

/// Builds cost reports from the org chart in the store and the configuration's tariff packages.
struct OrgCosting {
    let chart: OrgChart
    let packages: [PackageSettings]
    /// Days (proration, months, call days) are read on this clock.
    let timeZone: TimeZone

    /// The report's clock (the org chart's date arithmetic, on the report's time zone).
    private var clock: OrgClock { OrgClock(timeZone: timeZone) }

    /// The day of a UTC instant on the report's clock.
    func day(ofMs ms: Int64) -> CalendarDay { clock.day(of: ms) }

    /// UTC ms of the start of `day` on the report's clock.
    func startMs(of day: CalendarDay) -> Int64 { clock.midnight(of: day) }

    /// The org chart as costing sees it (removed nodes included, for history).
    func snapshot() throws -> CostingOrg {
        let nodes = try chart.nodes(includingRemoved: true)
        var paths: [Int64: String] = [:]
        for node in nodes { paths[node.id] = try chart.path(ofNode: node.id)?.description ?? node.name }
        let participants = try chart.participants().map {
            CostingOrg.Participant(id: $0.id, name: $0.fields.name, employeeID: $0.fields.employeeID, email: $0.fields.email)
        }
        let placements = try chart.placements().map {
            CostingOrg.Placement(participantID: $0.participantID, nodeID: $0.targetID, from: day(ofMs: $0.fromMs),
                                 until: $0.toMs.map { day(ofMs: $0) })
        }
        return CostingOrg(
            nodes: nodes.map { CostingOrg.Node(id: $0.id, parentID: $0.parentID, name: $0.name, path: paths[$0.id] ?? $0.name) },
            participants: participants, placements: placements)
    }

    /// Costs of `[from, until)`.
    func report(from: CalendarDay, until: CalendarDay) throws -> CostReport {
        try chart.discoverClassifiers(nowMs: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
        let currency = packages.first?.currency ?? "EUR"
        var calculator = try CostCalculator(org: try snapshot(), packages: packages, from: from, until: until,
                                            currency: currency)
        try chart.forEachAllocatedCall(fromMs: startMs(of: from), toMs: startMs(of: until)) { call in
            calculator.add(Costing.AllocatedCall(day: day(ofMs: call.startMs), nodeID: call.nodeID,
                                                 participantID: call.participantID, costMinor: call.costMinor,
                                                 talkMs: call.talkMs))
        }
        return calculator.report()
    }
}
