/// A participant a change refers to: one that exists, or the n-th one a plan adds.
public enum ParticipantHandle: Sendable, Equatable {
    /// An existing participant's id.
    case existing(Int64)
    /// The participant added by the plan's n-th ``OrgChange/addParticipant(handle:fields:path:fromMs:)`` (0-based).
    case new(Int)
}

/// One change to the org chart, as an import or sync plans it. `description` is the diff line.
public enum OrgChange: Sendable, Equatable, CustomStringConvertible {
    /// Create a node (its parent exists or is created by an earlier change).
    case createNode(OrgPath, NodeType)
    /// Add a participant placed at `path` from `fromMs`.
    case addParticipant(handle: Int, fields: ParticipantFields, path: OrgPath, fromMs: Int64)
    /// Change a participant's name, e-mail, ids or group.
    case updateParticipant(id: Int64, old: ParticipantFields, new: ParticipantFields)
    /// Place a participant at `to` from `fromMs` (`from` `nil`: they had left and rejoin).
    case moveParticipant(id: Int64, label: String, from: OrgPath?, to: OrgPath, fromMs: Int64)
    /// Give a classifier to a participant from `fromMs`; `previousOwner` names whose assignment ends then.
    case assign(ClassifierKind, String, to: ParticipantHandle, label: String, fromMs: Int64, previousOwner: String?)
    /// End a participant's assignment of a classifier at `atMs`.
    case endAssignment(ClassifierKind, String, owner: String, atMs: Int64)
    /// End a participant (left the organisation) at `atMs`; their history stays.
    case endParticipant(id: Int64, label: String, atMs: Int64)

    /// The diff line, dates at midnight UTC.
    public var description: String { text(.utc) }

    /// The diff line, dates on `clock`.
    public func text(_ clock: OrgClock) -> String {
        switch self {
        case let .createNode(path, type):
            return "+ node \(path) (\(type.rawValue))"
        case let .addParticipant(_, fields, path, fromMs):
            return "+ participant \(fields.label) at \(path) from \(clock.text(fromMs))"
        case let .updateParticipant(_, old, new):
            var parts: [String] = []
            func compare(_ name: String, _ key: KeyPath<ParticipantFields, String>) {
                if old[keyPath: key] != new[keyPath: key] {
                    parts.append("\(name) \(Self.shown(old[keyPath: key])) → \(Self.shown(new[keyPath: key]))")
                }
            }
            compare("name", \.name)
            compare("email", \.email)
            compare("employee_id", \.employeeID)
            compare("person_group", \.personGroup)
            compare("external_id", \.externalID)
            return "~ participant \(old.label): " + parts.joined(separator: ", ")
        case let .moveParticipant(_, label, from, to, fromMs) where from == to:
            return "> participant \(label): at \(to) from \(clock.text(fromMs)) (backdated)"
        case let .moveParticipant(_, label, from, to, fromMs):
            return "> participant \(label): \(from.map(\.description) ?? "(left)") → \(to) from \(clock.text(fromMs))"
        case let .assign(kind, value, _, label, fromMs, previousOwner):
            return "+ \(kind.rawValue) \(value) → \(label) from \(clock.text(fromMs))"
                + (previousOwner.map { " (was \($0))" } ?? "")
        case let .endAssignment(kind, value, owner, atMs):
            return "- \(kind.rawValue) \(value) of \(owner) ends \(clock.text(atMs))"
        case let .endParticipant(_, label, atMs):
            return "- participant \(label) leaves \(clock.text(atMs))"
        }
    }

    private static func shown(_ value: String) -> String { value.isEmpty ? "-" : value }
}
