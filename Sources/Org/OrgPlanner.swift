/// Compares targets (CSV rows, directory entries) with the org chart and lists the changes that
/// would make the chart match, without changing anything.
///
/// Rules: missing nodes are created with their ancestors (types by level); a participant is
/// matched by ``ParticipantMatching``; changed fields are updated; a participant at another node
/// is moved from the target's date; for each managed classifier kind, classifiers the target lists
/// are assigned from its date (ending another owner's open assignment then) and those it no longer
/// lists are ended then. With `endMissingAtMs`, participants with an external id that no target
/// names leave at that instant. All problems are collected; a plan is only returned without any.
public struct OrgPlanner {
    /// How targets find existing participants.
    public var matching: ParticipantMatching
    /// When set, participants with an external id missing from the targets end at this instant.
    public var endMissingAtMs: Int64?
    /// With ``ParticipantMatching/externalID``: how a target with a ``ParticipantTarget/linkValue``
    /// finds a participant that has no directory id yet (the participant is then linked: its
    /// `external_id` becomes the target's).
    public var linkBy: DirectoryLink = .uniqueID
    /// Whether a target's date may lie before a participant's current placement or assignment:
    /// the placement or assignment is then backdated (see ``OrgChart/moveParticipant(id:to:fromMs:)``).
    public var backdating = false
    /// External ids that are not ended although no target names them (entries skipped on purpose).
    public var keepExternalIDs: Set<String> = []

    /// Creates a planner.
    public init(matching: ParticipantMatching, endMissingAtMs: Int64? = nil) {
        self.matching = matching
        self.endMissingAtMs = endMissingAtMs
    }

    /// The changes that make `chart` match `targets`.
    /// - Throws: ``OrgError/importFailed(_:)`` with every problem found.
    public func plan(_ targets: [ParticipantTarget], against chart: OrgChart) throws -> OrgPlan {
        let state = try OrgState(chart)
        var problems: [OrgImportProblem] = []
        var nodeChanges: [OrgChange] = []
        var personChanges: [OrgChange] = []
        var classifierChanges: [OrgChange] = []
        var newNodes: Set<OrgPath> = []
        var claimedParticipants: [Int64: String] = [:]
        var claimedClassifiers: [ClassifierKey: String] = [:]
        var wanted: Set<ClassifierKey> = []
        var matched: [(target: ParticipantTarget, handle: ParticipantHandle, label: String)] = []
        var newCount = 0

        for target in targets {
            var targetProblems: [OrgImportProblem] = []
            func problem(_ message: String) { targetProblems.append(OrgImportProblem(location: target.location, line: target.line, message: message)) }
            // Nodes.
            for prefix in target.path.prefixes where state.nodes.node(at: prefix) == nil && !newNodes.contains(prefix) {
                if prefix.depth == 1, prefix.name == OrgChart.otherNodeName {
                    problem("'\(OrgChart.otherNodeName)' is the system node and cannot hold participants")
                    break
                }
                newNodes.insert(prefix)
                nodeChanges.append(.createNode(prefix, .defaultType(level: prefix.depth)))
            }
            if let node = state.nodes.node(at: target.path), node.isSystem {
                problem("'\(OrgChart.otherNodeName)' is the system node and cannot hold participants")
            }
            // The participant.
            let existing: Participant?
            switch matching {
            case .externalID:
                if let found = state.participants.first(where: { !$0.fields.externalID.isEmpty && $0.fields.externalID == target.externalID }) {
                    existing = found
                } else if linkBy != .uniqueID, let value = target.linkValue, !value.isEmpty {
                    let candidates = state.participants.filter { participant in
                        guard participant.endedMs == nil, claimedParticipants[participant.id] == nil else { return false }
                        switch linkBy {
                        case .uniqueID: return false
                        case .employeeID: return participant.fields.externalID.isEmpty && participant.fields.employeeID == value
                        case .mail: return participant.fields.externalID.isEmpty && participant.fields.email.lowercased() == value.lowercased()
                        case .accountName: return participant.fields.externalID.lowercased() == value.lowercased()
                        }
                    }
                    if candidates.count > 1 {
                        problem("\(candidates.count) participants without a directory id match its \(linkBy.rawValue); make it unique")
                    }
                    existing = candidates.count == 1 ? candidates[0] : nil
                } else {
                    existing = nil
                }
            case .naturalKey:
                let active = state.participants.filter { $0.endedMs == nil }
                let candidates: [Participant]
                if let employeeID = target.employeeID, !employeeID.isEmpty {
                    candidates = active.filter { $0.fields.employeeID == employeeID }
                } else if let email = target.email, !email.isEmpty {
                    candidates = active.filter { $0.fields.email == email }
                } else {
                    candidates = active.filter { $0.fields.name == target.name }
                }
                if candidates.count > 1 { problem("\(candidates.count) participants match this row; give an employee_id") }
                existing = candidates.count == 1 ? candidates[0] : nil
            }
            let handle: ParticipantHandle
            let label: String
            if let existing {
                if let other = claimedParticipants[existing.id] {
                    problem("the same participant is described at \(other)")
                }
                claimedParticipants[existing.id] = target.location
                handle = .existing(existing.id)
                label = existing.fields.label
                let newFields = target.applied(to: existing.fields)
                if newFields != existing.fields {
                    personChanges.append(.updateParticipant(id: existing.id, old: existing.fields, new: newFields))
                }
                let current = state.placements[existing.id]?.last
                let currentNode = current?.toMs == nil ? current.flatMap { state.nodes.path(of: $0.targetID) } : nil
                let backdated = backdating && existing.endedMs == nil && currentNode == target.path
                    && (current?.fromMs ?? target.fromMs) > target.fromMs
                if backdated {
                    personChanges.append(.moveParticipant(id: existing.id, label: newFields.label, from: currentNode,
                                                          to: target.path, fromMs: target.fromMs))
                } else if existing.endedMs != nil || currentNode != target.path {
                    if let current, current.fromMs > target.fromMs, !(backdating && existing.endedMs == nil) {
                        problem("the participant sits at their node since \(chart.clock.text(current.fromMs)); the date must not be earlier")
                    } else if let ended = existing.endedMs, ended > target.fromMs {
                        problem("the participant left on \(chart.clock.text(ended)); the date must not be earlier")
                    }
                    personChanges.append(.moveParticipant(id: existing.id, label: newFields.label,
                                                          from: existing.endedMs == nil ? currentNode : nil,
                                                          to: target.path, fromMs: target.fromMs))
                }
            } else {
                var fields = target.applied(to: ParticipantFields(name: target.name))
                fields.name = target.name
                handle = .new(newCount)
                label = fields.label
                personChanges.append(.addParticipant(handle: newCount, fields: fields, path: target.path, fromMs: target.fromMs))
                newCount += 1
            }
            // Classifiers.
            for kind in ClassifierKind.allCases {
                guard let values = target.classifiers[kind] else { continue }
                for value in values {
                    let key = ClassifierKey(kind: kind, value: value)
                    if let other = claimedClassifiers[key] {
                        problem("overlapping assignment: \(kind.rawValue) \(value) is also assigned at \(other)")
                        continue
                    }
                    claimedClassifiers[key] = target.location
                    wanted.insert(key)
                    let history = state.assignments[key] ?? []
                    let open = history.last.flatMap { $0.toMs == nil ? $0 : nil }
                    if let open, case let .existing(id) = handle, open.participantID == id, open.fromMs <= target.fromMs {
                        continue
                    }
                    var ownLater = false
                    if backdating, let open, case let .existing(id) = handle, open.participantID == id, open.fromMs > target.fromMs {
                        ownLater = true
                    }
                    if let clash = history.first(where: { $0.overlaps(from: target.fromMs, to: nil)
                        && !($0.toMs == nil && ($0.fromMs <= target.fromMs || ownLater)) }) {
                        problem("overlapping assignment: \(kind.rawValue) \(value) has an assignment from \(chart.clock.text(clash.fromMs)), after \(chart.clock.text(target.fromMs))")
                        continue
                    }
                    let previous = ownLater ? nil : open.map { state.label(of: $0.participantID) }
                    classifierChanges.append(.assign(kind, value, to: handle, label: label, fromMs: target.fromMs,
                                                     previousOwner: previous))
                }
            }
            problems += targetProblems
            matched.append((target, handle, label))
        }
        // Classifiers a matched participant owns but its target no longer lists.
        var endChanges: [OrgChange] = []
        for (target, handle, label) in matched {
            guard case let .existing(id) = handle else { continue }
            for (key, history) in state.assignments.sorted(by: { $0.key < $1.key }) {
                guard target.classifiers[key.kind] != nil, !wanted.contains(key),
                      let open = history.last, open.toMs == nil, open.participantID == id else { continue }
                // An assignment from the same instant is withdrawn (it never took effect).
                if open.fromMs > target.fromMs, backdating {
                    // Backdated: an assignment that starts after the date is withdrawn.
                    endChanges.append(.endAssignment(key.kind, key.value, owner: label, atMs: open.fromMs))
                    continue
                }
                if open.fromMs > target.fromMs {
                    problems.append(OrgImportProblem(location: target.location, line: target.line, message:
                        "\(key.kind.rawValue) \(key.value) is assigned from \(chart.clock.text(open.fromMs)); it can only end after that"))
                    continue
                }
                endChanges.append(.endAssignment(key.kind, key.value, owner: label, atMs: target.fromMs))
            }
        }
        // Participants of a directory that are gone.
        if let endMs = endMissingAtMs {
            let present = Set(targets.compactMap(\.externalID)).union(keepExternalIDs)
            for participant in state.participants where participant.endedMs == nil && !participant.fields.externalID.isEmpty
                && !present.contains(participant.fields.externalID) && claimedParticipants[participant.id] == nil {
                let starts = (state.placements[participant.id] ?? []).map(\.fromMs)
                let ends = max(endMs, (starts.max() ?? endMs) + 1)
                endChanges.append(.endParticipant(id: participant.id, label: participant.fields.label, atMs: ends))
            }
        }
        guard problems.isEmpty else { throw OrgError.importFailed(problems) }
        return OrgPlan(changes: nodeChanges.sorted { Self.path(of: $0) < Self.path(of: $1) } + personChanges
                       + classifierChanges + endChanges, clock: chart.clock)
    }

    private static func path(of change: OrgChange) -> OrgPath {
        if case let .createNode(path, _) = change { return path }
        return OrgPath(components: [])
    }
}

/// A classifier by kind and value.
struct ClassifierKey: Hashable, Comparable {
    let kind: ClassifierKind
    let value: String

    static func < (lhs: ClassifierKey, rhs: ClassifierKey) -> Bool { (lhs.kind.rank, lhs.value) < (rhs.kind.rank, rhs.value) }
}

/// The org chart read into memory once, for planning.
struct OrgState {
    let nodes: NodeIndex
    let participants: [Participant]
    let placements: [Int64: [OrgPeriod]]
    let assignments: [ClassifierKey: [OrgPeriod]]
    private let labels: [Int64: String]

    init(_ chart: OrgChart) throws {
        nodes = NodeIndex(try chart.nodes(includingRemoved: true))
        participants = try chart.participants()
        placements = Dictionary(grouping: try chart.placements(), by: \.participantID)
        let classifiers = Dictionary(uniqueKeysWithValues: try chart.classifiers().map { ($0.id, $0) })
        var assignments: [ClassifierKey: [OrgPeriod]] = [:]
        for period in try chart.assignments() {
            guard let classifier = classifiers[period.targetID] else { continue }
            assignments[ClassifierKey(kind: classifier.kind, value: classifier.value), default: []].append(period)
        }
        self.assignments = assignments
        labels = Dictionary(uniqueKeysWithValues: participants.map { ($0.id, $0.fields.label) })
    }

    func label(of id: Int64) -> String { labels[id] ?? "#\(id)" }
}
