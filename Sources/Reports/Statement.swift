import Access
import Costing
import TollbookCore

/// A charge-back statement of one cost centre for a month: every item charged to the node and the
/// nodes below it, per participant, sorted by node path, person, month and item, with the total.
public struct Statement: Sendable, Equatable {
    /// One item of the statement.
    public struct Line: Sendable, Equatable {
        /// The node's path.
        public var nodePath: String
        /// The participant's name ("" for items of the node itself).
        public var participantName: String
        /// The participant's employee id ("" when none).
        public var employeeID: String
        /// The month, YYYY-MM.
        public var month: String
        /// What is charged (calls, base fee, device, …).
        public var item: String
        /// The tariff package ("" for calls).
        public var package: String
        /// How many units.
        public var quantity: Int64
        /// The unit.
        public var unit: String
        /// The amount in minor units.
        public var amountMinor: Int64
    }

    /// The statement's node path.
    public var nodePath: String
    /// The currency of every amount.
    public var currency: String
    /// The items.
    public var lines: [Line]
    /// The sum of the items, minor units.
    public var totalMinor: Int64 { lines.reduce(0) { $0 + $1.amountMinor } }
}

/// Which node a statement is for.
public enum NodeReference: Sendable, Equatable {
    /// By id.
    case id(Int64)
    /// By path (compared case-insensitively, as written by `OrgPath.description`).
    case path(String)
}

extension CostReporting {
    /// The statement of `node` for the month starting on `month`; `nil` when the node does not
    /// exist or is outside the principal's scope (then the refusal is audited).
    public func statement(for node: NodeReference, month: CalendarDay) throws -> Statement? {
        let report = try report(from: month, until: month.firstOfNextMonth)
        let target: CostReport.NodeCosts?
        switch node {
        case let .id(id): target = report.nodes.first { $0.node.id == id }
        case let .path(path): target = report.nodes.first { $0.node.path.lowercased() == path.lowercased() }
        }
        guard let target else {
            if query.principal.kind != .databaseOwner {
                let subject: String
                switch node {
                case let .id(id): subject = "node:\(id)"
                case .path: subject = "node"
                }
                try record(AuditEvent(action: "reports.statement", actor: query.principal.userName, subject: subject,
                                      outcome: .denied, detail: "the node is unknown or outside the reader's scope"))
            }
            return nil
        }
        let subtree = report.subtree(of: target.node.id)
        let paths = Dictionary(report.nodes.map { ($0.node.id, $0.node.path) }, uniquingKeysWith: { first, _ in first })
        let people = Dictionary(try query.chart.participants().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let lines = report.lines.filter { subtree.contains($0.nodeID) }.sorted {
            (paths[$0.nodeID] ?? "", people[$0.participantID ?? -1]?.fields.name ?? "", $0.month, $0.item.text)
                < (paths[$1.nodeID] ?? "", people[$1.participantID ?? -1]?.fields.name ?? "", $1.month, $1.item.text)
        }
        return Statement(nodePath: target.node.path, currency: report.currency, lines: lines.map { line in
            let person = line.participantID.flatMap { people[$0] }
            return Statement.Line(nodePath: paths[line.nodeID] ?? "", participantName: person?.fields.name ?? "",
                                  employeeID: person?.fields.employeeID ?? "", month: line.month, item: line.item.text,
                                  package: line.package, quantity: line.quantity, unit: line.unit,
                                  amountMinor: line.amountMinor)
        })
    }
}
