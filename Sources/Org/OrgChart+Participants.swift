import Store

extension OrgChart {
    // MARK: Reading

    /// Every participant (active and ended), ordered by id.
    public func participants() throws -> [Participant] {
        let statement = try database.prepare(
            "SELECT id, name, email, employee_id, person_group, external_id, ended_ms FROM participants ORDER BY id")
        var result: [Participant] = []
        while try statement.step() {
            result.append(Participant(
                id: statement.int64(0),
                fields: ParticipantFields(name: statement.text(1), email: statement.text(2), employeeID: statement.text(3),
                                          personGroup: statement.text(4), externalID: statement.text(5)),
                endedMs: statement.int64OrNil(6)))
        }
        return result
    }

    /// Every placement, ordered by participant and start.
    public func placements() throws -> [OrgPeriod] {
        try periods("SELECT id, participant_id, node_id, valid_from_ms, valid_to_ms FROM participant_placements ORDER BY participant_id, valid_from_ms")
    }

    /// The placements of one participant, oldest first.
    public func placements(ofParticipant id: Int64) throws -> [OrgPeriod] {
        try periods("SELECT id, participant_id, node_id, valid_from_ms, valid_to_ms FROM participant_placements WHERE participant_id = ? ORDER BY valid_from_ms", id)
    }

    func periods(_ sql: String, _ id: Int64? = nil) throws -> [OrgPeriod] {
        let statement = try database.prepare(sql)
        if let id { statement.bind(1, id) }
        var result: [OrgPeriod] = []
        while try statement.step() {
            result.append(OrgPeriod(id: statement.int64(0), participantID: statement.int64(1), targetID: statement.int64(2),
                                    fromMs: statement.int64(3), toMs: statement.int64OrNil(4)))
        }
        return result
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
        let node = try requireUsableNode(path, index: NodeIndex(nodes()))
        guard !fields.name.trimmingSpaces.isEmpty else { throw OrgError.noSuchParticipant("") }
        let insert = try database.prepare("""
            INSERT INTO participants(name, email, employee_id, person_group, external_id, created_ms) VALUES (?, ?, ?, ?, ?, ?)
            """)
        insert.bind(1, fields.name)
        insert.bindNullIfEmpty(2, fields.email)
        insert.bindNullIfEmpty(3, fields.employeeID)
        insert.bindNullIfEmpty(4, fields.personGroup)
        insert.bindNullIfEmpty(5, fields.externalID)
        insert.bind(6, nowMs)
        try insert.run()
        let id = database.lastInsertRowID
        try insertPlacement(participantID: id, nodeID: node.id, fromMs: fromMs)
        return id
    }

    /// Replaces a participant's name, e-mail, ids and group.
    public func updateParticipant(id: Int64, to fields: ParticipantFields) throws {
        let update = try database.prepare("""
            UPDATE participants SET name = ?, email = ?, employee_id = ?, person_group = ?, external_id = ? WHERE id = ?
            """)
        update.bind(1, fields.name)
        update.bindNullIfEmpty(2, fields.email)
        update.bindNullIfEmpty(3, fields.employeeID)
        update.bindNullIfEmpty(4, fields.personGroup)
        update.bindNullIfEmpty(5, fields.externalID)
        update.bind(6, id)
        try update.run()
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
        let node = try requireUsableNode(path, index: NodeIndex(nodes()))
        let history = try placements(ofParticipant: id)
        guard let current = history.last(where: { $0.toMs == nil }) else { throw OrgError.participantEnded("#\(id)") }
        if current.targetID == node.id && current.fromMs <= fromMs { return false }
        if current.fromMs == fromMs {
            let update = try database.prepare("UPDATE participant_placements SET node_id = ? WHERE id = ?")
            update.bind(1, node.id)
            update.bind(2, current.id)
            try update.run()
        } else if current.fromMs < fromMs {
            try endPeriod(table: "participant_placements", id: current.id, atMs: fromMs)
            try insertPlacement(participantID: id, nodeID: node.id, fromMs: fromMs)
        } else {
            // Backdated: everything from `fromMs` on is the new placement.
            for period in history where period.id != current.id {
                if period.fromMs >= fromMs {
                    let delete = try database.prepare("DELETE FROM participant_placements WHERE id = ?")
                    delete.bind(1, period.id)
                    try delete.run()
                } else if let to = period.toMs, to > fromMs {
                    try endPeriod(table: "participant_placements", id: period.id, atMs: fromMs)
                }
            }
            let update = try database.prepare("UPDATE participant_placements SET node_id = ?, valid_from_ms = ? WHERE id = ?")
            update.bind(1, node.id)
            update.bind(2, fromMs)
            update.bind(3, current.id)
            try update.run()
        }
        return true
    }

    /// Ends participant `id` at `atMs`: their placement and their classifiers end then, their history stays.
    /// - Throws: ``OrgError/historyConflict(_:)`` when a current period starts at or after `atMs`.
    public func endParticipant(id: Int64, atMs: Int64) throws {
        let open = try placements(ofParticipant: id).filter { $0.toMs == nil }
            + (try assignments(ofParticipant: id)).filter { $0.toMs == nil }
        if let late = open.first(where: { $0.fromMs >= atMs }) {
            throw OrgError.historyConflict(
                "participant #\(id) has a period starting \(clock.text(late.fromMs)); they can only leave after it")
        }
        for period in try placements(ofParticipant: id) where period.toMs == nil {
            try endPeriod(table: "participant_placements", id: period.id, atMs: atMs)
        }
        for period in try assignments(ofParticipant: id) where period.toMs == nil {
            try endPeriod(table: "classifier_assignments", id: period.id, atMs: atMs)
        }
        let update = try database.prepare("UPDATE participants SET ended_ms = ? WHERE id = ?")
        update.bind(1, atMs)
        update.bind(2, id)
        try update.run()
    }

    func insertPlacement(participantID: Int64, nodeID: Int64, fromMs: Int64) throws {
        let insert = try database.prepare(
            "INSERT INTO participant_placements(participant_id, node_id, valid_from_ms) VALUES (?, ?, ?)")
        insert.bind(1, participantID)
        insert.bind(2, nodeID)
        insert.bind(3, fromMs)
        try insert.run()
    }

    func endPeriod(table: String, id: Int64, atMs: Int64) throws {
        let update = try database.prepare("UPDATE \(table) SET valid_to_ms = ? WHERE id = ?")
        update.bind(1, atMs)
        update.bind(2, id)
        try update.run()
    }
}
