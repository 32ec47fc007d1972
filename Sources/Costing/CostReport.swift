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

    /// A participant's costs on one node over the period: someone who moved has a row per node.
    public struct ParticipantCosts: Sendable, Equatable {
        /// The participant.
        public var participant: CostingOrg.Participant
        /// The node the costs were charged on.
        public var nodeID: Int64
        /// Their costs there (zero for a placement in the period without costs).
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
    /// One row per participant and node they had costs on or were placed at in the period, by
    /// name, then node path; rows without costs have zero amounts (``CostAmounts/isZero``).
    public let participants: [ParticipantCosts]

    init(org: CostingOrg, from: CalendarDay, until: CalendarDay, currency: String, lines: [StatementLine]) {
        self.from = from
        self.until = until
        self.currency = currency
        self.lines = lines
        var own: [Int64: CostAmounts] = [:]
        struct PersonAtNode: Hashable {
            let participant: Int64
            let node: Int64
        }
        var byParticipant: [PersonAtNode: CostAmounts] = [:]
        for line in lines {
            own[line.nodeID] = (own[line.nodeID] ?? CostAmounts()) + line.amounts
            if let participant = line.participantID {
                let key = PersonAtNode(participant: participant, node: line.nodeID)
                byParticipant[key] = (byParticipant[key] ?? CostAmounts()) + line.amounts
            }
        }
        // Placements in the period without costs get a row too.
        for placement in org.placements where placement.from < until && (placement.until.map { $0 > from } ?? true) {
            let key = PersonAtNode(participant: placement.participantID, node: placement.nodeID)
            if byParticipant[key] == nil { byParticipant[key] = CostAmounts() }
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
        let paths = Dictionary(org.nodes.map { ($0.id, $0.path) }, uniquingKeysWith: { first, _ in first })
        participants = byParticipant.compactMap { key, amounts in
            people[key.participant].map { ParticipantCosts(participant: $0, nodeID: key.node, amounts: amounts) }
        }.sorted {
            ($0.participant.name, $0.participant.id, paths[$0.nodeID] ?? "") < ($1.participant.name, $1.participant.id, paths[$1.nodeID] ?? "")
        }
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
