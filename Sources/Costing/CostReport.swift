import TollbookCore

/// Costs per node (own and rolled up the tree) and per participant, with the statement lines
/// they are made of. Every node's total equals its own costs plus its children's totals.
public struct CostReport: Sendable {
    /// A node's costs.
    public struct NodeCosts: Sendable, Equatable {
        /// The node.
        public var node: CostingOrg.Node
        /// Depth: 1 for top-level nodes.
        public var depth: Int
        /// Charged to the node itself (its participants, its unowned calls, its services).
        public var own: CostAmounts
        /// Own plus every descendant's.
        public var total: CostAmounts
    }

    /// A participant's costs over the period (summed over the nodes they sat on).
    public struct ParticipantCosts: Sendable, Equatable {
        /// The participant.
        public var participant: CostingOrg.Participant
        /// The node they were charged on last in the period.
        public var nodeID: Int64
        /// Their costs.
        public var amounts: CostAmounts
    }

    /// First day of the period.
    public let from: CalendarDay
    /// First day after the period.
    public let until: CalendarDay
    /// Currency of every amount.
    public let currency: String
    /// Every statement line.
    public let lines: [StatementLine]
    /// Nodes depth-first, children by name.
    public let nodes: [NodeCosts]
    /// Participants with costs, by name.
    public let participants: [ParticipantCosts]

    init(org: CostingOrg, from: CalendarDay, until: CalendarDay, currency: String, lines: [StatementLine]) {
        self.from = from
        self.until = until
        self.currency = currency
        self.lines = lines
        var own: [Int64: CostAmounts] = [:]
        var byParticipant: [Int64: (node: Int64, month: String, amounts: CostAmounts)] = [:]
        for line in lines {
            own[line.nodeID] = (own[line.nodeID] ?? CostAmounts()) + line.amounts
            if let participant = line.participantID {
                let previous = byParticipant[participant]
                let node = previous.map { $0.month > line.month ? $0.node : line.nodeID } ?? line.nodeID
                byParticipant[participant] = (node, max(previous?.month ?? "", line.month),
                                              (previous?.amounts ?? CostAmounts()) + line.amounts)
            }
        }
        var children: [Int64?: [CostingOrg.Node]] = [:]
        for node in org.nodes { children[node.parentID, default: []].append(node) }
        var rows: [NodeCosts] = []
        func visit(_ node: CostingOrg.Node, depth: Int) -> CostAmounts {
            let index = rows.count
            rows.append(NodeCosts(node: node, depth: depth, own: own[node.id] ?? CostAmounts(), total: CostAmounts()))
            var total = rows[index].own
            for child in (children[node.id] ?? []).sorted(by: { $0.name < $1.name }) {
                total = total + visit(child, depth: depth + 1)
            }
            rows[index].total = total
            return total
        }
        for top in (children[nil] ?? []).sorted(by: { $0.name < $1.name }) { _ = visit(top, depth: 1) }
        nodes = rows
        let people = Dictionary(org.participants.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        participants = byParticipant.compactMap { id, value in
            people[id].map { ParticipantCosts(participant: $0, nodeID: value.node, amounts: value.amounts) }
        }.sorted { ($0.participant.name, $0.participant.id) < ($1.participant.name, $1.participant.id) }
    }

    /// The grand total over all top-level nodes.
    public var total: CostAmounts {
        nodes.filter { $0.depth == 1 }.reduce(CostAmounts()) { $0 + $1.total }
    }

    /// The node and every node below it.
    public func subtree(of id: Int64) -> Set<Int64> {
        var result: Set<Int64> = [id]
        var changed = true
        while changed {
            changed = false
            for row in nodes where !result.contains(row.node.id) {
                if let parent = row.node.parentID, result.contains(parent) {
                    result.insert(row.node.id)
                    changed = true
                }
            }
        }
        return result
    }
}
