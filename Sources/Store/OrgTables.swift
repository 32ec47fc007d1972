// Rows of the org chart's tables (schema in `OrgSchema`) as the store reads them, and the typed
// reads. `Org` turns them into its domain types; the store knows the columns, `Org` the rules.

/// A row of `org_nodes`.
public struct OrgNodeRow: Sendable, Equatable {
    /// The node's id.
    public var id: Int64
    /// The parent's id; `nil` at the top level.
    public var parentID: Int64?
    /// The name.
    public var name: String
    /// The type as stored (`site`, `cost_centre`, …).
    public var type: String
    /// Whether it is the system node "Other".
    public var isSystem: Bool
    /// When a node with history was removed; `nil` while it is part of the chart.
    public var removedMs: Int64?
}

/// The personal columns of a row of `participants` (empty strings are stored as NULL).
public struct ParticipantColumns: Sendable, Equatable {
    /// Display name.
    public var name: String
    /// E-mail address.
    public var email: String
    /// Employee id.
    public var employeeID: String
    /// Person group.
    public var personGroup: String
    /// The directory's unique id.
    public var externalID: String

    /// Creates the columns.
    public init(name: String, email: String, employeeID: String, personGroup: String, externalID: String) {
        self.name = name
        self.email = email
        self.employeeID = employeeID
        self.personGroup = personGroup
        self.externalID = externalID
    }
}

/// A row of `participants`.
public struct ParticipantRow: Sendable, Equatable {
    /// The participant's id.
    public var id: Int64
    /// Name, e-mail, ids, group.
    public var columns: ParticipantColumns
    /// When they left; `nil` while active.
    public var endedMs: Int64?
}

/// A row of `participant_placements` (target: the node) or `classifier_assignments` (target: the
/// classifier): `[fromMs, toMs)`.
public struct OrgPeriodRow: Sendable, Equatable {
    /// The row's id.
    public var id: Int64
    /// The participant.
    public var participantID: Int64
    /// The node or classifier.
    public var targetID: Int64
    /// Start, UTC ms (inclusive).
    public var fromMs: Int64
    /// End, UTC ms (exclusive); `nil` while open.
    public var toMs: Int64?
}

/// A row of `classifiers`.
public struct ClassifierRow: Sendable, Equatable {
    /// The classifier's id.
    public var id: Int64
    /// The kind as stored (`pin`, `account_code`, `extension`, `device`).
    public var kind: String
    /// The value.
    public var value: String
}

/// A row of the view `call_allocations`: a call with the participant, node and classifier it is
/// allocated to at its start.
public struct CallAllocationRow: Sendable, Equatable {
    /// The call's id.
    public var callID: Int64
    /// Start, UTC ms.
    public var startMs: Int64
    /// The node (1, "Other", when nobody owned the call).
    public var nodeID: Int64
    /// The owner, if any.
    public var participantID: Int64?
    /// The classifier that decided (or the call's leading known classifier).
    public var classifierID: Int64?
    /// Cost in minor units, `nil` when not priced.
    public var costMinor: Int64?
    /// Talk time, ms.
    public var talkMs: Int64
}

/// Which periods of a participant or classifier to read.
public enum OrgPeriodFilter: Sendable, Equatable {
    /// Every row: placements ordered by participant and start, assignments by classifier and start.
    case all
    /// The rows of one participant, oldest first.
    case participant(Int64)
    /// The assignments of one classifier, oldest first (placements: not applicable, read as `all`).
    case classifier(Int64)
}

extension CallStore {
    // MARK: Org chart: reading

    /// Every node, removed ones only when asked, ordered by id.
    public func orgNodes(includingRemoved: Bool) throws -> [OrgNodeRow] {
        let statement = try database.prepare("""
            SELECT id, parent_id, name, type, is_system, removed_ms FROM org_nodes
            \(includingRemoved ? "" : "WHERE removed_ms IS NULL") ORDER BY id
            """)
        var nodes: [OrgNodeRow] = []
        while try statement.step() {
            nodes.append(OrgNodeRow(id: statement.int64(0), parentID: statement.int64OrNil(1), name: statement.text(2),
                                    type: statement.text(3), isSystem: statement.int64(4) != 0,
                                    removedMs: statement.int64OrNil(5)))
        }
        return nodes
    }

    /// Every participant (active and ended), ordered by id.
    public func orgParticipants() throws -> [ParticipantRow] {
        let statement = try database.prepare(
            "SELECT id, name, email, employee_id, person_group, external_id, ended_ms FROM participants ORDER BY id")
        var result: [ParticipantRow] = []
        while try statement.step() {
            result.append(ParticipantRow(
                id: statement.int64(0),
                columns: ParticipantColumns(name: statement.text(1), email: statement.text(2), employeeID: statement.text(3),
                                            personGroup: statement.text(4), externalID: statement.text(5)),
                endedMs: statement.int64OrNil(6)))
        }
        return result
    }

    /// Placements (participant at node), by `filter`.
    public func orgPlacements(_ filter: OrgPeriodFilter = .all) throws -> [OrgPeriodRow] {
        let select = "SELECT id, participant_id, node_id, valid_from_ms, valid_to_ms FROM participant_placements"
        switch filter {
        case .all, .classifier:
            return try periods(select + " ORDER BY participant_id, valid_from_ms", nil)
        case let .participant(id):
            return try periods(select + " WHERE participant_id = ? ORDER BY valid_from_ms", id)
        }
    }

    /// Classifier assignments (participant owns classifier), by `filter`.
    public func orgAssignments(_ filter: OrgPeriodFilter = .all) throws -> [OrgPeriodRow] {
        let select = "SELECT id, participant_id, classifier_id, valid_from_ms, valid_to_ms FROM classifier_assignments"
        switch filter {
        case .all:
            return try periods(select + " ORDER BY classifier_id, valid_from_ms", nil)
        case let .participant(id):
            return try periods(select + " WHERE participant_id = ? ORDER BY valid_from_ms", id)
        case let .classifier(id):
            return try periods(select + " WHERE classifier_id = ? ORDER BY valid_from_ms", id)
        }
    }

    private func periods(_ sql: String, _ id: Int64?) throws -> [OrgPeriodRow] {
        let statement = try database.prepare(sql)
        if let id { statement.bind(1, id) }
        var result: [OrgPeriodRow] = []
        while try statement.step() {
            result.append(OrgPeriodRow(id: statement.int64(0), participantID: statement.int64(1), targetID: statement.int64(2),
                                       fromMs: statement.int64(3), toMs: statement.int64OrNil(4)))
        }
        return result
    }

    /// Every classifier, ordered by kind and value.
    public func orgClassifiers() throws -> [ClassifierRow] {
        let statement = try database.prepare("SELECT id, kind, value FROM classifiers ORDER BY kind, value")
        var result: [ClassifierRow] = []
        while try statement.step() {
            result.append(ClassifierRow(id: statement.int64(0), kind: statement.text(1), value: statement.text(2)))
        }
        return result
    }

    /// The id of classifier (`kind`, `value`), or `nil`.
    public func orgClassifierID(kind: String, value: String) throws -> Int64? {
        let select = try database.prepare("SELECT id FROM classifiers WHERE kind = ? AND value = ?")
        select.bind(1, kind)
        select.bind(2, value)
        return try select.step() ? select.int64(0) : nil
    }

    /// How many placements node `nodeID` has (only open ones with `currentOnly`).
    public func orgPlacementCount(nodeID: Int64, currentOnly: Bool) throws -> Int {
        let statement = try database.prepare(
            "SELECT count(*) FROM participant_placements WHERE node_id = ?\(currentOnly ? " AND valid_to_ms IS NULL" : "")")
        statement.bind(1, nodeID)
        return try statement.step() ? Int(statement.int64(0)) : 0
    }

    /// Calls `body` for every call starting in `[fromMs, toMs)`, in start order, with its allocation
    /// by the org chart as it is now (view `call_allocations`). Streams row by row.
    public func forEachCallAllocation(fromMs: Int64?, toMs: Int64?, _ body: (CallAllocationRow) throws -> Void) throws {
        let statement = try database.prepare("""
            SELECT call_id, start_ms, node_id, participant_id, classifier_id, cost_minor, talk_ms FROM call_allocations
            WHERE start_ms >= ? AND start_ms < ? ORDER BY start_ms, call_id
            """)
        statement.bind(1, fromMs ?? .min)
        statement.bind(2, toMs ?? .max)
        while try statement.step() {
            try body(CallAllocationRow(callID: statement.int64(0), startMs: statement.int64(1), nodeID: statement.int64(2),
                                       participantID: statement.int64OrNil(3), classifierID: statement.int64OrNil(4),
                                       costMinor: statement.int64OrNil(5), talkMs: statement.int64(6)))
        }
    }
}
