import Store

extension OrgChart {
    // MARK: Reading

    /// Every participant (active and ended), ordered by id.
    public func participants() throws -> [Participant] {
        try store.orgParticipants().map { row in
            Participant(id: row.id,
                        fields: ParticipantFields(name: row.columns.name, email: row.columns.email,
                                                  employeeID: row.columns.employeeID, personGroup: row.columns.personGroup,
                                                  externalID: row.columns.externalID),
                        endedMs: row.endedMs)
        }
    }

    /// Every placement, ordered by participant and start.
    public func placements() throws -> [OrgPeriod] {
        try store.orgPlacements(.all).map(OrgPeriod.init(row:))
    }

    /// The placements of one participant, oldest first.
    public func placements(ofParticipant id: Int64) throws -> [OrgPeriod] {
        try store.orgPlacements(.participant(id)).map(OrgPeriod.init(row:))
    }

    /// The active participant `reference` names: `#<id>`, else an exact employee id, else an exact
    /// e-mail address, else an exact name (which must be unique among active participants).
    /// - Throws: ``OrgError/noSuchParticipant(_:)``, ``OrgError/ambiguousParticipant(_:count:)``.
    public func participant(matching reference: String) throws -> Participant {
        let active = try participants().filter { $0.endedMs == nil }
        if reference.hasPrefix("#"), let id = Int64(reference.dropFirst()) {
            guard let found = active.first(where: { $0.id == id }) else { throw OrgError.noSuchParticipant(reference) }
            return found
        }
        for key in [\ParticipantFields.employeeID, \.email, \.name] {
            let matches = active.filter { !$0.fields[keyPath: key].isEmpty && $0.fields[keyPath: key] == reference }
            if matches.count == 1 { return matches[0] }
            if matches.count > 1 { throw OrgError.ambiguousParticipant(reference, count: matches.count) }
        }
        throw OrgError.noSuchParticipant(reference)
    }

    // MARK: Changing

    /// Adds a participant placed at the node `path` from `fromMs`.
    /// - Returns: the new participant's id.
    @discardableResult
    public func addParticipant(_ fields: ParticipantFields, at path: OrgPath, fromMs: Int64, nowMs: Int64) throws -> Int64 {
        try store.write { transaction in
            let node = try requireUsableNode(path, index: NodeIndex(nodes()))
            guard !fields.name.trimmingSpaces.isEmpty else { throw OrgError.noSuchParticipant("") }
            let id = try transaction.insertParticipant(fields.columns, createdMs: nowMs)
            try transaction.insertPlacement(participantID: id, nodeID: node.id, fromMs: fromMs)
            return id
        }
    }

    /// Replaces a participant's name, e-mail, ids and group.
    public func updateParticipant(id: Int64, to fields: ParticipantFields) throws {
        try store.write { transaction in try transaction.updateParticipant(id: id, to: fields.columns) }
    }

    /// Places participant `id` at the node `path` from `fromMs` on; calls before stay where they were.
    ///
    /// The current placement ends at `fromMs` (or is changed in place when it starts exactly then).
    /// **Backdating**: when `fromMs` is before the current placement's start, the participant sits
    /// at `path` from `fromMs` on: placements that start later are replaced, one running at
    /// `fromMs` ends then, and the calls of that period are allocated anew (nothing is stored per
    /// call). Moving to the node they sit at from an earlier date extends the placement back.
    /// - Returns: `false` when the participant already sits there since `fromMs` or earlier.
    /// - Throws: ``OrgError/participantEnded(_:)`` for someone who left.
    @discardableResult
    public func moveParticipant(id: Int64, to path: OrgPath, fromMs: Int64) throws -> Bool {
        try store.write { transaction in try moveParticipant(id: id, to: path, fromMs: fromMs, in: transaction) }
    }

    private func moveParticipant(id: Int64, to path: OrgPath, fromMs: Int64, in transaction: StoreTransaction) throws -> Bool {
        let node = try requireUsableNode(path, index: NodeIndex(nodes()))
        let history = try placements(ofParticipant: id)
        guard let current = history.last(where: { $0.toMs == nil }) else { throw OrgError.participantEnded("#\(id)") }
        if current.targetID == node.id && current.fromMs <= fromMs { return false }
        if current.fromMs == fromMs {
            try transaction.updatePlacement(id: current.id, nodeID: node.id)
        } else if current.fromMs < fromMs {
            try transaction.endPlacement(id: current.id, atMs: fromMs)
            try transaction.insertPlacement(participantID: id, nodeID: node.id, fromMs: fromMs)
        } else {
            // Backdated: everything from `fromMs` on is the new placement.
            for period in history where period.id != current.id {
                if period.fromMs >= fromMs {
                    try transaction.deletePlacement(id: period.id)
                } else if let to = period.toMs, to > fromMs {
                    try transaction.endPlacement(id: period.id, atMs: fromMs)
                }
            }
            try transaction.updatePlacement(id: current.id, nodeID: node.id, fromMs: fromMs)
        }
        return true
    }

    /// Ends participant `id` at `atMs`: their placement and their classifiers end then, their history stays.
    /// - Throws: ``OrgError/historyConflict(_:)`` when a current period starts at or after `atMs`.
    public func endParticipant(id: Int64, atMs: Int64) throws {
        try store.write { transaction in try endParticipant(id: id, atMs: atMs, in: transaction) }
    }

    private func endParticipant(id: Int64, atMs: Int64, in transaction: StoreTransaction) throws {
        let open = try placements(ofParticipant: id).filter { $0.toMs == nil }
            + (try assignments(ofParticipant: id)).filter { $0.toMs == nil }
        if let late = open.first(where: { $0.fromMs >= atMs }) {
            throw OrgError.historyConflict(
                "participant #\(id) has a period starting \(clock.text(late.fromMs)); they can only leave after it")
        }
        for period in try placements(ofParticipant: id) where period.toMs == nil {
            try transaction.endPlacement(id: period.id, atMs: atMs)
        }
        for period in try assignments(ofParticipant: id) where period.toMs == nil {
            try transaction.endAssignment(id: period.id, atMs: atMs)
        }
        try transaction.setParticipantEnded(id: id, atMs: atMs)
    }
}

extension ParticipantFields {
    /// The fields as the store's participant columns.
    var columns: ParticipantColumns {
        ParticipantColumns(name: name, email: email, employeeID: employeeID, personGroup: personGroup, externalID: externalID)
    }
}

extension OrgPeriod {
    /// A period from a placement or assignment row of the store.
    init(row: OrgPeriodRow) {
        self.init(id: row.id, participantID: row.participantID, targetID: row.targetID, fromMs: row.fromMs, toMs: row.toMs)
    }
}
