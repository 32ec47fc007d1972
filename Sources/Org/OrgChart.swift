import Store

/// The org chart in the call store: nodes, participants with their placements over time, and
/// classifiers with their owners over time.
///
/// Every method that changes something runs in the caller's transaction if one is open (use
/// ``transaction(_:)`` to group changes), else in its own statement. Methods check the rules
/// (depth, unique sibling names, non-overlapping periods) before writing; the schema enforces
/// the overlaps again with triggers.
public final class OrgChart {
    /// The connection the chart works on.
    public let database: SQLiteDatabase
    /// The id of the system node "Other".
    public static let otherNodeID: Int64 = 1
    /// The name of the system node "Other".
    public static let otherNodeName = "Other"
    /// The clock dates are read and written on (midnights of the site's time zone).
    public let clock: OrgClock

    /// Works on the org chart of `store` (migrated to schema 5 or later), with dates on `clock`.
    public init(store: CallStore, clock: OrgClock = .utc) {
        database = store.database
        self.clock = clock
    }

    /// Works on the org chart of a migrated database connection, with dates on `clock`.
    public init(database: SQLiteDatabase, clock: OrgClock = .utc) {
        self.database = database
        self.clock = clock
    }

    /// Runs `body` in one transaction: everything or nothing is changed.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try database.transaction(body)
    }

    // MARK: Reading nodes

    /// Every node, removed ones only when asked, ordered by id.
    public func nodes(includingRemoved: Bool = false) throws -> [OrgNode] {
        let statement = try database.prepare("""
            SELECT id, parent_id, name, type, is_system, removed_ms FROM org_nodes
            \(includingRemoved ? "" : "WHERE removed_ms IS NULL") ORDER BY id
            """)
        var nodes: [OrgNode] = []
        while try statement.step() {
            nodes.append(OrgNode(id: statement.int64(0), parentID: statement.int64OrNil(1), name: statement.text(2),
                                 type: NodeType(rawValue: statement.text(3)) ?? .group, isSystem: statement.int64(4) != 0,
                                 removedMs: statement.int64OrNil(5)))
        }
        return nodes
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
