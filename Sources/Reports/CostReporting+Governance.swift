import Costing
import Governance
import TollbookCore
import TollbookConfiguration

/// A cost report by node with the minimum group size applied (privacy spec P7): which cells may be
/// shown. Every channel that prints a per-group aggregate takes the cells from here.
public struct GovernedCostReport: Sendable {
    /// The report (all values; print only the visible ones).
    public let report: CostReport
    /// k (0 when no co-determination profile governs: then every cell is shown).
    public let minimumGroupSize: Int
    /// Visibility of each node's own part.
    public let own: [Int64: GroupSuppression.CellVisibility]
    /// Visibility of each node's total.
    public let total: [Int64: GroupSuppression.CellVisibility]
    /// Visibility of the report's total.
    public let grandTotal: GroupSuppression.CellVisibility

    /// The visibility of `report`'s cells for minimum group size `k` (`nil`: nothing withheld).
    /// Persons of a cell: the distinct participants placed on the node (own) or anywhere in its
    /// subtree (total) in the period, with or without costs.
    public init(report: CostReport, minimumGroupSize k: Int?) {
        self.report = report
        minimumGroupSize = k ?? 0
        guard let k else {
            own = Dictionary(report.nodes.map { ($0.node.id, GroupSuppression.CellVisibility.shown) },
                             uniquingKeysWith: { first, _ in first })
            total = own
            grandTotal = .shown
            return
        }
        var people: [Int64: Set<Int64>] = [:]
        for row in report.participants { people[row.nodeID, default: []].insert(row.participant.id) }
        var cells: [GroupSuppression.Cell] = []
        var equations: [GroupSuppression.Equation] = []
        var everyone = Set<Int64>()
        for row in report.nodes {
            let id = row.node.id
            let subtree = report.subtree(of: id)
            let inSubtree = subtree.reduce(into: Set<Int64>()) { $0.formUnion(people[$1] ?? []) }
            everyone.formUnion(people[id] ?? [])
            cells.append(.init(id: "own:\(id)", persons: people[id]?.count ?? 0))
            cells.append(.init(id: "total:\(id)", persons: inSubtree.count))
            let children = report.nodes.filter { $0.node.parentID == id }.map { "total:\($0.node.id)" }
            equations.append(.init(parent: "total:\(id)", terms: ["own:\(id)"] + children))
        }
        cells.append(.init(id: "total:all", persons: everyone.count))
        equations.append(.init(parent: "total:all",
                               terms: report.nodes.filter { $0.node.parentID == nil }.map { "total:\($0.node.id)" }))
        let visibility = GroupSuppression.apply(cells: cells, equations: equations, minimumGroupSize: k)
        own = Dictionary(report.nodes.map { ($0.node.id, visibility["own:\($0.node.id)"] ?? .shown) },
                         uniquingKeysWith: { first, _ in first })
        total = Dictionary(report.nodes.map { ($0.node.id, visibility["total:\($0.node.id)"] ?? .shown) },
                           uniquingKeysWith: { first, _ in first })
        grandTotal = visibility["total:all"] ?? .shown
    }
}

extension CostReporting {
    /// Refuses a function the co-determination profile disables.
    /// - Throws: ``ReportsError/disabledByProfile(_:)``.
    public static func require(_ function: MonitoringFunction, in settings: GovernanceSettings) throws {
        guard settings.isEnabled(function) else { throw ReportsError.disabledByProfile(function.rawValue) }
    }

    /// Costs by node of `[from, until)` with the minimum group size applied when a profile governs
    /// (`cost_report_by_org` must be on).
    public func costsByNode(from: CalendarDay, until: CalendarDay, governance: GovernanceSettings) throws
        -> GovernedCostReport {
        try Self.require(.costReportByOrg, in: governance)
        return GovernedCostReport(report: try report(from: from, until: until),
                                  minimumGroupSize: governance.isGoverned ? governance.minimumGroupSize : nil)
    }

    /// Costs per person of `[from, until)`: needs `cost_report_by_participant` and, since it shows
    /// talk time per person, `per_person_duration`.
    public func costsByParticipant(from: CalendarDay, until: CalendarDay, governance: GovernanceSettings) throws
        -> CostReport {
        try Self.require(.costReportByParticipant, in: governance)
        try Self.require(.perPersonDuration, in: governance)
        return try report(from: from, until: until)
    }

    /// The statement of `node` (``statement(for:month:)``) if `statement_per_person` is on.
    public func statement(for node: NodeReference, month: CalendarDay, governance: GovernanceSettings) throws -> Statement? {
        try Self.require(.statementPerPerson, in: governance)
        return try statement(for: node, month: month)
    }
}
