/// A node of the org chart as stored.
public struct OrgNode: Sendable, Equatable {
    /// The store's id.
    public var id: Int64
    /// The parent's id; `nil` at the top level.
    public var parentID: Int64?
    /// The name, unique among its siblings.
    public var name: String
    /// What the node stands for.
    public var type: NodeType
    /// Whether it is the system node "Other".
    public var isSystem: Bool
    /// When a node with history was removed; `nil` while it is part of the chart.
    public var removedMs: Int64?
}

/// The personal fields of a participant.
public struct ParticipantFields: Sendable, Equatable {
    /// Display name.
    public var name: String
    /// E-mail address (empty when unknown).
    public var email: String
    /// Employee id (empty when unknown).
    public var employeeID: String
    /// Person group (decides retention and privacy packages later; empty when none).
    public var personGroup: String
    /// The directory's unique id for participants from a directory sync (empty otherwise).
    public var externalID: String

    /// Creates the fields.
    public init(name: String, email: String = "", employeeID: String = "", personGroup: String = "", externalID: String = "") {
        self.name = name
        self.email = email
        self.employeeID = employeeID
        self.personGroup = personGroup
        self.externalID = externalID
    }

    /// `Name (employee id)`, or just the name: how changes and the tree name a person.
    public var label: String { employeeID.isEmpty ? name : "\(name) (\(employeeID))" }
}

/// A participant as stored.
public struct Participant: Sendable, Equatable {
    /// The store's id.
    public var id: Int64
    /// Name, e-mail, ids, group.
    public var fields: ParticipantFields
    /// When they left; `nil` while active.
    public var endedMs: Int64?
}

/// A period of a participant at a node, or of a classifier with a participant: `[fromMs, toMs)`.
public struct OrgPeriod: Sendable, Equatable {
    /// The store's id of the row.
    public var id: Int64
    /// The participant.
    public var participantID: Int64
    /// The node (placements) or classifier (assignments).
    public var targetID: Int64
    /// Start, UTC ms (inclusive).
    public var fromMs: Int64
    /// End, UTC ms (exclusive); `nil` while open.
    public var toMs: Int64?

    /// Whether the period contains the instant `ms`.
    public func contains(_ ms: Int64) -> Bool { fromMs <= ms && (toMs.map { ms < $0 } ?? true) }
    /// Whether the period overlaps `[from, to)`.
    public func overlaps(from: Int64, to: Int64?) -> Bool {
        fromMs < (to ?? .max) && from < (toMs ?? .max)
    }
}

/// A classifier as stored.
public struct Classifier: Sendable, Equatable, Hashable {
    /// The store's id.
    public var id: Int64
    /// Its kind.
    public var kind: ClassifierKind
    /// Its value (extensions: `<site>/<extension>`).
    public var value: String
}
