import Access
import Org
import Store

/// A principal's permissions and scope resolved once against the org chart into a compact
/// structure, so that a listing decides per row without a query: the chart's allocation rule
/// (``CallOwnership``) and the set of visible nodes.
///
/// A call belongs to the node its owner was placed in at the call's start (the chart's history),
/// the owner being whoever owned the call's first owned classifier at that instant, in the order
/// PIN, account code, extension, device — the rule of the store's `call_allocations` view. Calls
/// nobody owned, and calls of owners without a placement then, belong to "Other" (node 1).
public struct CallVisibility: Sendable {
    /// What the principal may see.
    public enum Reach: Sendable, Equatable {
        /// Every call (`calls.read_all`, or `calls.read_scope` with scope everything).
        case everything
        /// Calls allocated to `nodes`, plus the calls of participant `own`.
        case limited(nodes: Set<Int64>, own: Int64?)
        /// No call.
        case nothing
    }

    /// What the principal may see.
    public let reach: Reach
    /// The chart's allocation rule (owners and placements over time); `nil` when nothing is visible.
    private let ownership: CallOwnership?
    /// Parent of every node (removed nodes too).
    private let parents: [Int64: Int64]

    /// Resolves `principal` against `chart` (read through the query connection).
    public init(principal: Principal, chart: OrgChart) throws {
        let nodes = try chart.nodes(includingRemoved: true)
        var parents: [Int64: Int64] = [:]
        for node in nodes { if let parent = node.parentID { parents[node.id] = parent } }
        self.parents = parents
        reach = Self.reach(of: principal, nodes: nodes.map { (id: $0.id, parent: $0.parentID) })
        // Allocation tables are needed for limited reach and for node or participant requests.
        ownership = reach == .nothing ? nil : try CallOwnership(chart: chart)
    }

    /// What `principal` may see given the chart's nodes (id, parent).
    static func reach(of principal: Principal, nodes: [(id: Int64, parent: Int64?)]) -> Reach {
        if principal.may(.callsReadAll) { return .everything }
        var visible: Set<Int64> = []
        if principal.may(.callsReadScope) {
            switch principal.scope {
            case .everything: return .everything
            case let .subtrees(roots): visible = descendants(of: roots, nodes: nodes)
            }
        }
        let own = principal.may(.callsReadOwn) ? principal.participantID : nil
        if visible.isEmpty && own == nil { return .nothing }
        return .limited(nodes: visible, own: own)
    }

    /// `roots` and every node below them (removed nodes too: they keep their history).
    static func descendants(of roots: Set<Int64>, nodes: [(id: Int64, parent: Int64?)]) -> Set<Int64> {
        var children: [Int64: [Int64]] = [:]
        for node in nodes { if let parent = node.parent { children[parent, default: []].append(node.id) } }
        var result: Set<Int64> = []
        var pending = Array(roots.filter { root in nodes.contains { $0.id == root } })
        while let next = pending.popLast() {
            guard result.insert(next).inserted else { continue }
            pending.append(contentsOf: children[next] ?? [])
        }
        return result
    }

    /// Whether every call is visible (no per-row check needed).
    public var seesEverything: Bool { reach == .everything }

    /// Whether no call is visible.
    public var seesNothing: Bool { reach == .nothing }

    /// Whether node `id` is inside the principal's subtrees (or the principal sees everything).
    public func covers(node id: Int64) -> Bool {
        switch reach {
        case .everything: return true
        case .nothing: return false
        case let .limited(nodes, _): return nodes.contains(id)
        }
    }

    /// The nodes the principal may see, `nil` for every node.
    public var visibleNodes: Set<Int64>? {
        switch reach {
        case .everything: return nil
        case .nothing: return []
        case let .limited(nodes, _): return nodes
        }
    }

    /// The participant whose own calls the principal sees (beyond its nodes), if any.
    public var ownParticipant: Int64? {
        if case let .limited(_, own) = reach { return own }
        return nil
    }

    /// Whether a call with these classifier values (empty: none) starting at `startMs` is visible.
    @inline(__always)
    public func allows(pin: UnsafeRawBufferPointer, accountCode: UnsafeRawBufferPointer,
                       extensionKey: UnsafeRawBufferPointer, device: UnsafeRawBufferPointer, startMs: Int64) -> Bool {
        switch reach {
        case .everything: return true
        case .nothing: return false
        case let .limited(nodes, own):
            let owner = self.owner(pin: pin, accountCode: accountCode, extensionKey: extensionKey, device: device,
                                   startMs: startMs)
            if let own, owner == own { return true }
            return nodes.contains(node(of: owner, atMs: startMs))
        }
    }

    /// The owner of a call: whoever owned its first owned classifier at `startMs`.
    @inline(__always)
    public func owner(pin: UnsafeRawBufferPointer, accountCode: UnsafeRawBufferPointer,
                      extensionKey: UnsafeRawBufferPointer, device: UnsafeRawBufferPointer, startMs: Int64) -> Int64? {
        ownership?.owner(pin: pin, accountCode: accountCode, extensionKey: extensionKey, device: device, startMs: startMs)
    }

    /// The node participant `owner` was placed in at `ms` ("Other" when none).
    public func node(of owner: Int64?, atMs ms: Int64) -> Int64 {
        guard let owner, let node = ownership?.nodeID(of: owner, atMs: ms) else { return OrgChart.otherNodeID }
        return node
    }
}
