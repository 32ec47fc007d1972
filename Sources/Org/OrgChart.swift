import Store

/// The org chart in the call store: nodes, participants with their placements over time, and
/// classifiers with their owners over time.
///
/// Every method that changes something runs in one store write (``CallStore/write(_:)``): all of
/// its changes or none. Inside ``transaction(_:)`` (or any other open write) it joins that
/// transaction. Methods check the rules (depth, unique sibling names, non-overlapping periods)
/// before writing; the schema enforces the overlaps again with triggers. The chart issues no SQL:
/// it reads and writes the org tables through the store's typed API.
public final class OrgChart {
    /// The store whose org tables the chart works on.
    public let store: CallStore
    /// The id of the system node "Other".
    public static let otherNodeID: Int64 = 1
    /// The name of the system node "Other".
    public static let otherNodeName = "Other"
    /// The clock dates are read and written on (midnights of the site's time zone).
    public let clock: OrgClock

    /// Works on the org chart of `store` (migrated to schema 5 or later), with dates on `clock`.
    public init(store: CallStore, clock: OrgClock = .utc) {
        self.store = store
        self.clock = clock
    }

    /// Runs `body` in one transaction: everything or nothing is changed. Inside another open
    /// write it joins that one (see ``CallStore/write(_:)``).
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try store.write { _ in try body() }
    }

    // MARK: Reading nodes

    /// Every node, removed ones only when asked, ordered by id.
    public func nodes(includingRemoved: Bool = false) throws -> [OrgNode] {
        try store.orgNodes(includingRemoved: includingRemoved).map { row in
            OrgNode(id: row.id, parentID: row.parentID, name: row.name, type: NodeType(rawValue: row.type) ?? .group,
                    isSystem: row.isSystem, removedMs: row.removedMs)
        }
    }

    /// The node at `path`, or `nil`.
    public func node(at path: OrgPath) throws -> OrgNode? {
        let index = try NodeIndex(nodes(includingRemoved: false))
        return index.node(at: path)
    }

    /// The path of node `id` (removed nodes too), or `nil` for an unknown id.
    public func path(ofNode id: Int64) throws -> OrgPath? {
        try NodeIndex(nodes(includingRemoved: true)).path(of: id)
    }

    /// The node at `path`, which must exist and not be the system node.
    func requireUsableNode(_ path: OrgPath, index: NodeIndex) throws -> OrgNode {
        guard let node = index.node(at: path) else { throw OrgError.noSuchNode(path.description) }
        guard !node.isSystem else { throw OrgError.systemNode(path.description) }
        return node
    }
}

/// Nodes by id and by (parent, name), for walking paths without a query per level.
struct NodeIndex {
    let byID: [Int64: OrgNode]
    let children: [Int64?: [OrgNode]]

    init(_ nodes: [OrgNode]) {
        byID = Dictionary(uniqueKeysWithValues: nodes.map { ($0.id, $0) })
        children = Dictionary(grouping: nodes.filter { $0.removedMs == nil }, by: \.parentID)
    }

    /// The live node at `path`.
    func node(at path: OrgPath) -> OrgNode? {
        var parent: Int64?
        var found: OrgNode?
        for name in path.components {
            guard let next = children[parent]?.first(where: { $0.name == name }) else { return nil }
            found = next
            parent = next.id
        }
        return found
    }

    /// The path of node `id`.
    func path(of id: Int64) -> OrgPath? {
        var names: [String] = []
        var current: Int64? = id
        while let nodeID = current, let node = byID[nodeID], names.count <= OrgPath.maxDepth + 1 {
            names.append(node.name)
            current = node.parentID
        }
        return names.isEmpty ? nil : OrgPath(components: names.reversed())
    }

    /// The names from below `id` down to its deepest descendant (empty for a leaf).
    func deepestChain(below id: Int64) -> [String] {
        var best: [String] = []
        for child in children[id] ?? [] {
            let chain = [child.name] + deepestChain(below: child.id)
            if chain.count > best.count { best = chain }
        }
        return best
    }

    /// How many levels the subtree below `id` has (0 for a leaf).
    func height(of id: Int64) -> Int {
        (children[id] ?? []).map { 1 + height(of: $0.id) }.max() ?? 0
    }
}
