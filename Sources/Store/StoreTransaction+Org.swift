/// Writes to the org chart's tables: only inside ``CallStore/write(_:)``. Each method is one
/// statement; `Org` checks the rules (depth, sibling names, overlaps) before calling them, and the
/// schema's triggers refuse overlapping periods whatever writes.
extension StoreTransaction {
    // MARK: Nodes

    /// Inserts a node and returns its id.
    @discardableResult
    public func insertOrgNode(parentID: Int64?, name: String, type: String, createdMs: Int64) throws -> Int64 {
        let database = try connection()
        let insert = try database.prepare("INSERT INTO org_nodes(parent_id, name, type, created_ms) VALUES (?, ?, ?, ?)")
        insert.bind(1, parentID)
        insert.bind(2, name)
        insert.bind(3, type)
        insert.bind(4, createdMs)
        try insert.run()
        return database.lastInsertRowID
    }

    /// Renames node `id`.
    public func renameOrgNode(id: Int64, to name: String) throws {
        try run("UPDATE org_nodes SET name = ? WHERE id = ?", .text(name), .integer(id))
    }

    /// Changes the type of node `id`.
    public func setOrgNodeType(id: Int64, to type: String) throws {
        try run("UPDATE org_nodes SET type = ? WHERE id = ?", .text(type), .integer(id))
    }

    /// Moves node `id` below `parentID` (`nil`: top level).
    public func setOrgNodeParent(id: Int64, to parentID: Int64?) throws {
        try run("UPDATE org_nodes SET parent_id = ? WHERE id = ?", .optionalInteger(parentID), .integer(id))
    }

    /// Hides node `id` from `atMs` on (it keeps its history for reports).
    public func retireOrgNode(id: Int64, atMs: Int64) throws {
        try run("UPDATE org_nodes SET removed_ms = ? WHERE id = ?", .integer(atMs), .integer(id))
    }

    /// Deletes node `id` (one without history).
    public func deleteOrgNode(id: Int64) throws {
        try run("DELETE FROM org_nodes WHERE id = ?", .integer(id))
    }

    // MARK: Participants

    /// Inserts a participant and returns their id.
    @discardableResult
    public func insertParticipant(_ columns: ParticipantColumns, createdMs: Int64) throws -> Int64 {
        let database = try connection()
        let insert = try database.prepare("""
            INSERT INTO participants(name, email, employee_id, person_group, external_id, created_ms) VALUES (?, ?, ?, ?, ?, ?)
            """)
        insert.bind(1, columns.name)
        insert.bindNullIfEmpty(2, columns.email)
        insert.bindNullIfEmpty(3, columns.employeeID)
        insert.bindNullIfEmpty(4, columns.personGroup)
        insert.bindNullIfEmpty(5, columns.externalID)
        insert.bind(6, createdMs)
        try insert.run()
        return database.lastInsertRowID
    }

    /// Replaces participant `id`'s name, e-mail, ids and group.
    public func updateParticipant(id: Int64, to columns: ParticipantColumns) throws {
        try run("UPDATE participants SET name = ?, email = ?, employee_id = ?, person_group = ?, external_id = ? WHERE id = ?",
                .text(columns.name), .textOrNull(columns.email), .textOrNull(columns.employeeID),
                .textOrNull(columns.personGroup), .textOrNull(columns.externalID), .integer(id))
    }

    /// Sets when participant `id` left (`nil`: active again).
    public func setParticipantEnded(id: Int64, atMs: Int64?) throws {
        try run("UPDATE participants SET ended_ms = ? WHERE id = ?", .optionalInteger(atMs), .integer(id))
    }

    // MARK: Placements

    /// Places a participant at a node from `fromMs` on (open-ended).
    public func insertPlacement(participantID: Int64, nodeID: Int64, fromMs: Int64) throws {
        try run("INSERT INTO participant_placements(participant_id, node_id, valid_from_ms) VALUES (?, ?, ?)",
                .integer(participantID), .integer(nodeID), .integer(fromMs))
    }

    /// Changes the node of placement `id` and, when given, its start.
    public func updatePlacement(id: Int64, nodeID: Int64, fromMs: Int64? = nil) throws {
        if let fromMs {
            try run("UPDATE participant_placements SET node_id = ?, valid_from_ms = ? WHERE id = ?",
                    .integer(nodeID), .integer(fromMs), .integer(id))
        } else {
            try run("UPDATE participant_placements SET node_id = ? WHERE id = ?", .integer(nodeID), .integer(id))
        }
    }

    /// Ends placement `id` at `atMs`.
    public func endPlacement(id: Int64, atMs: Int64) throws {
        try run("UPDATE participant_placements SET valid_to_ms = ? WHERE id = ?", .integer(atMs), .integer(id))
    }

    /// Deletes placement `id`.
    public func deletePlacement(id: Int64) throws {
        try run("DELETE FROM participant_placements WHERE id = ?", .integer(id))
    }

    // MARK: Classifiers and assignments

    /// Inserts classifier (`kind`, `value`) and returns its id.
    @discardableResult
    public func insertClassifier(kind: String, value: String, createdMs: Int64) throws -> Int64 {
        let database = try connection()
        try run("INSERT INTO classifiers(kind, value, created_ms) VALUES (?, ?, ?)", .text(kind), .text(value), .integer(createdMs))
        return database.lastInsertRowID
    }

    /// Assigns a classifier to a participant for `[fromMs, toMs)`.
    public func insertAssignment(classifierID: Int64, participantID: Int64, fromMs: Int64, toMs: Int64?) throws {
        try run("INSERT INTO classifier_assignments(classifier_id, participant_id, valid_from_ms, valid_to_ms) VALUES (?, ?, ?, ?)",
                .integer(classifierID), .integer(participantID), .integer(fromMs), .optionalInteger(toMs))
    }

    /// Moves the start of assignment `id` to `fromMs`.
    public func setAssignmentStart(id: Int64, fromMs: Int64) throws {
        try run("UPDATE classifier_assignments SET valid_from_ms = ? WHERE id = ?", .integer(fromMs), .integer(id))
    }

    /// Hands assignment `id` over to `participantID`, ending at `toMs` (`nil`: open).
    public func handOverAssignment(id: Int64, to participantID: Int64, toMs: Int64?) throws {
        try run("UPDATE classifier_assignments SET participant_id = ?, valid_to_ms = ? WHERE id = ?",
                .integer(participantID), .optionalInteger(toMs), .integer(id))
    }

    /// Ends assignment `id` at `atMs`.
    public func endAssignment(id: Int64, atMs: Int64) throws {
        try run("UPDATE classifier_assignments SET valid_to_ms = ? WHERE id = ?", .integer(atMs), .integer(id))
    }

    /// Deletes assignment `id`.
    public func deleteAssignment(id: Int64) throws {
        try run("DELETE FROM classifier_assignments WHERE id = ?", .integer(id))
    }

    /// Creates classifier rows for values seen in calls that the chart does not know yet.
    ///
    /// Extensions (`extension_key`), PINs and account codes are taken from every call; devices only
    /// from calls that carry none of the three. Reads only calls added since the last run (by id),
    /// unless `full`.
    /// - Returns: how many classifiers were created.
    public func discoverClassifiers(nowMs: Int64, full: Bool) throws -> Int {
        let database = try connection()
        let last = full ? 0 : (try database.scalarInt("SELECT last_call_id FROM org_discovery WHERE id = 1") ?? 0)
        let newest = try database.scalarInt("SELECT max(id) FROM calls") ?? 0
        guard newest > last else { return 0 }
        let insert = try database.prepare("""
            INSERT INTO classifiers(kind, value, created_ms)
            SELECT kind, value, ?3 FROM (
                SELECT 'extension' AS kind, extension_key AS value FROM calls WHERE id > ?1 AND id <= ?2 AND extension_key <> ''
                UNION SELECT 'pin', pin FROM calls WHERE id > ?1 AND id <= ?2 AND pin <> ''
                UNION SELECT 'account_code', account_code FROM calls WHERE id > ?1 AND id <= ?2 AND account_code <> ''
                UNION SELECT 'device', device FROM calls WHERE id > ?1 AND id <= ?2 AND device <> ''
                    AND ifnull(extension_key, '') = '' AND ifnull(pin, '') = '' AND ifnull(account_code, '') = ''
            ) WHERE true
            ON CONFLICT(kind, value) DO NOTHING
            """)
        insert.bind(1, last)
        insert.bind(2, newest)
        insert.bind(3, nowMs)
        try insert.run()
        let created = database.changes
        try run("UPDATE org_discovery SET last_call_id = ? WHERE id = 1", .integer(newest))
        return created
    }

    // MARK: Running one statement

    /// A value bound to a statement parameter.
    enum Value {
        case integer(Int64)
        case optionalInteger(Int64?)
        case text(String)
        case textOrNull(String)
    }

    /// Prepares `sql`, binds `values` to parameters 1, 2, … and runs it.
    private func run(_ sql: String, _ values: Value...) throws {
        let statement = try connection().prepare(sql)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            switch value {
            case let .integer(number): statement.bind(index, number)
            case let .optionalInteger(number): statement.bind(index, number)
            case let .text(text): statement.bind(index, text)
            case let .textOrNull(text): statement.bindNullIfEmpty(index, text)
            }
        }
        try statement.run()
    }
}
