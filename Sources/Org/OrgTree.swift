/// The org chart at one instant, as a tree: nodes, the participants placed there, the
/// classifiers they own, and under "Other" the classifiers nobody owns. What `org show` prints.
public struct OrgTree: Sendable, Equatable {
    /// A node with what hangs below it.
    public struct Node: Sendable, Equatable {
        /// The node.
        public var node: OrgNode
        /// Its path.
        public var path: OrgPath
        /// Participants placed here at the instant, by name.
        public var participants: [Member]
        /// Child nodes, by name.
        public var children: [Node]
        /// Unowned classifiers (the system node "Other" only).
        public var unowned: [Classifier]
    }

    /// A participant with their current placement and classifiers.
    public struct Member: Sendable, Equatable {
        /// The participant.
        public var participant: Participant
        /// Since when they sit at this node.
        public var sinceMs: Int64
        /// Their classifiers at the instant, with periods, by precedence and value.
        public var classifiers: [(Classifier, OrgPeriod)]

        public static func == (lhs: Member, rhs: Member) -> Bool {
            lhs.participant == rhs.participant && lhs.sinceMs == rhs.sinceMs
                && lhs.classifiers.map(\.0) == rhs.classifiers.map(\.0) && lhs.classifiers.map(\.1) == rhs.classifiers.map(\.1)
        }
    }

    /// The instant shown, UTC ms.
    public var atMs: Int64
    /// Top-level nodes by name, "Other" last.
    public var roots: [Node]
    /// The clock dates are written on.
    public var clock: OrgClock = .utc
}

extension OrgChart {
    /// The tree at `atMs`.
    public func tree(atMs: Int64) throws -> OrgTree {
        let nodes = try nodes()
        let index = NodeIndex(nodes)
        let participants = Dictionary(uniqueKeysWithValues: try participants().map { ($0.id, $0) })
        let classifiers = Dictionary(uniqueKeysWithValues: try classifiers().map { ($0.id, $0) })
        var owned: [Int64: [(Classifier, OrgPeriod)]] = [:]
        for period in try assignments() where period.contains(atMs) {
            guard let classifier = classifiers[period.targetID] else { continue }
            owned[period.participantID, default: []].append((classifier, period))
        }
        var members: [Int64: [OrgTree.Member]] = [:]
        for period in try placements() where period.contains(atMs) {
            guard let participant = participants[period.participantID] else { continue }
            let mine = (owned[participant.id] ?? []).sorted { ($0.0.kind.rank, $0.0.value) < ($1.0.kind.rank, $1.0.value) }
            members[period.targetID, default: []].append(
                OrgTree.Member(participant: participant, sinceMs: period.fromMs, classifiers: mine))
        }
        let unowned = try unownedClassifiers(atMs: atMs)
        func build(_ node: OrgNode, _ path: OrgPath) -> OrgTree.Node {
            let children = (index.children[node.id] ?? []).sorted { $0.name < $1.name }
            return OrgTree.Node(
                node: node, path: path,
                participants: (members[node.id] ?? []).sorted {
                    ($0.participant.fields.name, $0.participant.id) < ($1.participant.fields.name, $1.participant.id)
                },
                children: children.map { build($0, path.appending($0.name)) },
                unowned: node.isSystem ? unowned : [])
        }
        let roots = (index.children[nil] ?? []).sorted { ($0.isSystem ? 1 : 0, $0.name) < ($1.isSystem ? 1 : 0, $1.name) }
        return OrgTree(atMs: atMs, roots: roots.map { build($0, OrgPath(components: [$0.name])) }, clock: clock)
    }
}
