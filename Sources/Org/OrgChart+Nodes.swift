import Store

/// What ``OrgChart/removeNode(at:nowMs:)`` did.
public enum NodeRemoval: Sendable, Equatable {
    /// The node had no history and was deleted.
    case deleted
    /// The node had past participants: it was hidden and keeps their history for reports.
    case retired
}

extension OrgChart {
    /// Creates the node at `path` and any missing ancestors.
    /// - Parameters:
    ///   - type: the new node's type; ancestors created on the way get ``NodeType/defaultType(level:)``.
    ///     `nil`: the default for the node's level.
    /// - Returns: the paths created, top first.
    /// - Throws: ``OrgError/nodeExists(_:)`` if the node exists (`ifMissing` false), ``OrgError/systemNode(_:)``
    ///   for a path through "Other".
    @discardableResult
    public func addNode(at path: OrgPath, type: NodeType? = nil, ifMissing: Bool = false, nowMs: Int64) throws -> [OrgPath] {
        guard path.depth <= OrgPath.maxDepth else { throw OrgError.tooDeep(path: path.description, depth: path.depth) }
        guard type != .other else { throw OrgError.systemNode(path.description) }
        return try store.write { transaction in
            try addNode(at: path, type: type, ifMissing: ifMissing, nowMs: nowMs, in: transaction)
        }
    }

    private func addNode(at path: OrgPath, type: NodeType?, ifMissing: Bool, nowMs: Int64,
                         in transaction: StoreTransaction) throws -> [OrgPath] {
        var index = try NodeIndex(nodes())
        if index.node(at: path) != nil {
            if ifMissing { return [] }
            throw OrgError.nodeExists(path.description)
        }
        var created: [OrgPath] = []
        var parentID: Int64?
        for prefix in path.prefixes {
            if let existing = index.node(at: prefix) {
                guard !existing.isSystem else { throw OrgError.systemNode(prefix.description) }
                parentID = existing.id
                continue
            }
            let nodeType = prefix == path ? (type ?? .defaultType(level: prefix.depth)) : .defaultType(level: prefix.depth)
            parentID = try transaction.insertOrgNode(parentID: parentID, name: prefix.name, type: nodeType.rawValue,
                                                     createdMs: nowMs)
            created.append(prefix)
            index = try NodeIndex(nodes())
        }
        return created
    }

    /// Renames the node at `path` to `newName` (unique among its siblings).
    public func renameNode(at path: OrgPath, to newName: String) throws {
        try store.write { transaction in try renameNode(at: path, to: newName, in: transaction) }
    }

    private func renameNode(at path: OrgPath, to newName: String, in transaction: StoreTransaction) throws {
        let index = try NodeIndex(nodes())
        let node = try requireUsableNode(path, index: index)
        let name = newName.trimmingSpaces
        guard !name.isEmpty, !name.contains("/") else {
            throw OrgError.invalidPath(newName, reason: "a name must not be empty or contain '/'")
        }
        let target = (path.parent ?? OrgPath(components: [])).appending(name)
        if name != node.name, index.node(at: target) != nil { throw OrgError.nodeExists(target.description) }
        try transaction.renameOrgNode(id: node.id, to: name)
    }

    /// Changes the type of the node at `path`.
    public func setNodeType(at path: OrgPath, to type: NodeType) throws {
        try store.write { transaction in
            let node = try requireUsableNode(path, index: NodeIndex(nodes()))
            guard type != .other else { throw OrgError.systemNode(path.description) }
            try transaction.setOrgNodeType(id: node.id, to: type.rawValue)
        }
    }

    /// Moves the node at `path`, with its subtree and their history, below `newParent` (`nil`: top level).
    ///
    /// A move is structural and has no date: reports of earlier periods roll the node up along its
    /// new parents too. For a dated re-organisation, create the new node and move the participants
    /// with a date instead.
    /// - Returns: the node's new path.
    @discardableResult
    public func moveNode(at path: OrgPath, under newParent: OrgPath?) throws -> OrgPath {
        try store.write { transaction in try moveNode(at: path, under: newParent, in: transaction) }
    }

    private func moveNode(at path: OrgPath, under newParent: OrgPath?, in transaction: StoreTransaction) throws -> OrgPath {
        let index = try NodeIndex(nodes())
        let node = try requireUsableNode(path, index: index)
        var parentID: Int64?
        var newPath = OrgPath(components: [node.name])
        if let newParent {
            let parent = try requireUsableNode(newParent, index: index)
            guard !newParent.isWithin(path) else { throw OrgError.moveIntoOwnSubtree(path.description) }
            parentID = parent.id
            newPath = newParent.appending(node.name)
        }
        guard newPath.depth <= OrgPath.maxDepth else { throw OrgError.tooDeep(path: newPath.description, depth: newPath.depth) }
        let chain = index.deepestChain(below: node.id)
        if newPath.depth + chain.count > OrgPath.maxDepth {
            let deepest = OrgPath(components: newPath.components + chain)
            throw OrgError.subtreeTooDeep(path: newPath.description, deepest: deepest.description, depth: deepest.depth)
        }
        if newPath != path, index.node(at: newPath) != nil { throw OrgError.nodeExists(newPath.description) }
        try transaction.setOrgNodeParent(id: node.id, to: parentID)
        return newPath
    }

    /// Removes the node at `path` if it has no child nodes and no current participants.
    ///
    /// A node that never had participants is deleted; one with past participants is retired
    /// (hidden, its name free again) so that reports of earlier periods keep it.
    /// - Throws: ``OrgError/nodeNotEmpty(path:children:participants:)``.
    @discardableResult
    public func removeNode(at path: OrgPath, nowMs: Int64) throws -> NodeRemoval {
        try store.write { transaction in try removeNode(at: path, nowMs: nowMs, in: transaction) }
    }

    private func removeNode(at path: OrgPath, nowMs: Int64, in transaction: StoreTransaction) throws -> NodeRemoval {
        let index = try NodeIndex(nodes())
        let node = try requireUsableNode(path, index: index)
        let children = index.children[node.id]?.count ?? 0
        let current = try store.orgPlacementCount(nodeID: node.id, currentOnly: true)
        guard children == 0, current == 0 else {
            throw OrgError.nodeNotEmpty(path: path.description, children: children, participants: current)
        }
        if try store.orgPlacementCount(nodeID: node.id, currentOnly: false) > 0 {
            try transaction.retireOrgNode(id: node.id, atMs: nowMs)
            return .retired
        }
        try transaction.deleteOrgNode(id: node.id)
        return .deleted
    }
}
