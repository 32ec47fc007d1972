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
        var index = try NodeIndex(nodes())
        if index.node(at: path) != nil {
            if ifMissing { return [] }
            throw OrgError.nodeExists(path.description)
        }
        var created: [OrgPath] = []
        var parentID: Int64?
        let insert = try database.prepare("INSERT INTO org_nodes(parent_id, name, type, created_ms) VALUES (?, ?, ?, ?)")
        for prefix in path.prefixes {
            if let existing = index.node(at: prefix) {
                guard !existing.isSystem else { throw OrgError.systemNode(prefix.description) }
                parentID = existing.id
                continue
            }
            let nodeType = prefix == path ? (type ?? .defaultType(level: prefix.depth)) : .defaultType(level: prefix.depth)
            insert.bind(1, parentID)
            insert.bind(2, prefix.name)
            insert.bind(3, nodeType.rawValue)
            insert.bind(4, nowMs)
            try insert.run()
            parentID = database.lastInsertRowID
            created.append(prefix)
            index = try NodeIndex(nodes())
        }
        return created
    }

    /// Renames the node at `path` to `newName` (unique among its siblings).
    public func renameNode(at path: OrgPath, to newName: String) throws {
        let index = try NodeIndex(nodes())
        let node = try requireUsableNode(path, index: index)
        let name = newName.trimmingSpaces
        guard !name.isEmpty, !name.contains("/") else {
            throw OrgError.invalidPath(newName, reason: "a name must not be empty or contain '/'")
        }
        let target = (path.parent ?? OrgPath(components: [])).appending(name)
        if name != node.name, index.node(at: target) != nil { throw OrgError.nodeExists(target.description) }
        let update = try database.prepare("UPDATE org_nodes SET name = ? WHERE id = ?")
        update.bind(1, name)
        update.bind(2, node.id)
        try update.run()
    }

    /// Changes the type of the node at `path`.
    public func setNodeType(at path: OrgPath, to type: NodeType) throws {
        let node = try requireUsableNode(path, index: NodeIndex(nodes()))
        guard type != .other else { throw OrgError.systemNode(path.description) }
        let update = try database.prepare("UPDATE org_nodes SET type = ? WHERE id = ?")
        update.bind(1, type.rawValue)
        update.bind(2, node.id)
        try update.run()
    }

    /// Moves the node at `path`, with its subtree and their history, below `newParent` (`nil`: top level).
    ///
    /// A move is structural and has no date: reports of earlier periods roll the node up along its
    /// new parents too. For a dated re-organisation, create the new node and move the participants
    /// with a date instead.
    /// - Returns: the node's new path.
    @discardableResult
    public func moveNode(at path: OrgPath, under newParent: OrgPath?) throws -> OrgPath {
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
        let update = try database.prepare("UPDATE org_nodes SET parent_id = ? WHERE id = ?")
        update.bind(1, parentID)
        update.bind(2, node.id)
        try update.run()
        return newPath
    }

    /// Removes the node at `path` if it has no child nodes and no current participants.
    ///
    /// A node that never had participants is deleted; one with past participants is retired
    /// (hidden, its name free again) so that reports of earlier periods keep it.
    /// - Throws: ``OrgError/nodeNotEmpty(path:children:participants:)``.
    @discardableResult
    public func removeNode(at path: OrgPath, nowMs: Int64) throws -> NodeRemoval {
        let index = try NodeIndex(nodes())
        let node = try requireUsableNode(path, index: index)
        let children = index.children[node.id]?.count ?? 0
        let current = try count("SELECT count(*) FROM participant_placements WHERE node_id = ? AND valid_to_ms IS NULL", node.id)
        guard children == 0, current == 0 else {
            throw OrgError.nodeNotEmpty(path: path.description, children: children, participants: current)
        }
        if try count("SELECT count(*) FROM participant_placements WHERE node_id = ?", node.id) > 0 {
            let update = try database.prepare("UPDATE org_nodes SET removed_ms = ? WHERE id = ?")
            update.bind(1, nowMs)
            update.bind(2, node.id)
            try update.run()
            return .retired
        }
        let delete = try database.prepare("DELETE FROM org_nodes WHERE id = ?")
        delete.bind(1, node.id)
        try delete.run()
        return .deleted
    }

    /// The first column of a one-parameter count query.
    func count(_ sql: String, _ id: Int64) throws -> Int {
        let statement = try database.prepare(sql)
        statement.bind(1, id)
        return try statement.step() ? Int(statement.int64(0)) : 0
    }
}
