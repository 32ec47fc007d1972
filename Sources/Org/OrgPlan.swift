import Store

/// The changes an import or sync would make, in the order they are applied.
public struct OrgPlan: Sendable, Equatable {
    /// The changes; empty when the chart already matches.
    public var changes: [OrgChange]
    /// The clock the diff writes dates on.
    public var clock: OrgClock

    /// Creates a plan.
    public init(changes: [OrgChange], clock: OrgClock = .utc) {
        self.changes = changes
        self.clock = clock
    }

    /// The diff: one line per change, or `no changes`.
    public var diff: String {
        changes.isEmpty ? "no changes\n" : changes.map { $0.text(clock) + "\n" }.joined()
    }

    /// Applies every change in one transaction: all or nothing.
    public func apply(to chart: OrgChart, nowMs: Int64) throws {
        try chart.transaction {
            var added: [Int: Int64] = [:]
            func id(_ handle: ParticipantHandle) throws -> Int64 {
                switch handle {
                case let .existing(id): return id
                case let .new(index):
                    guard let id = added[index] else { throw OrgError.noSuchParticipant("new participant \(index + 1)") }
                    return id
                }
            }
            for change in changes {
                switch change {
                case let .createNode(path, type):
                    try chart.addNode(at: path, type: type, ifMissing: true, nowMs: nowMs)
                case let .addParticipant(handle, fields, path, fromMs):
                    added[handle] = try chart.addParticipant(fields, at: path, fromMs: fromMs, nowMs: nowMs)
                case let .updateParticipant(participant, _, new):
                    try chart.updateParticipant(id: participant, to: new)
                case let .moveParticipant(participant, _, from, to, fromMs):
                    if from == nil, try chart.placements(ofParticipant: participant).allSatisfy({ $0.toMs != nil }) {
                        try chart.rejoinParticipant(id: participant, at: to, fromMs: fromMs)
                    } else {
                        try chart.moveParticipant(id: participant, to: to, fromMs: fromMs)
                    }
                case let .assign(kind, value, handle, _, fromMs, _):
                    try chart.assign(kind, value, to: id(handle), fromMs: fromMs, nowMs: nowMs)
                case let .endAssignment(kind, value, _, atMs):
                    try chart.endAssignment(kind, value, atMs: atMs)
                case let .endParticipant(participant, _, atMs):
                    try chart.endParticipant(id: participant, atMs: atMs)
                }
            }
        }
    }
}

extension OrgChart {
    /// Brings back a participant who had left: placed at `path` from `fromMs`, active again.
    public func rejoinParticipant(id: Int64, at path: OrgPath, fromMs: Int64) throws {
        try store.write { transaction in
            let node = try requireUsableNode(path, index: NodeIndex(nodes()))
            if let last = try placements(ofParticipant: id).last, (last.toMs ?? .max) > fromMs {
                throw OrgError.historyConflict("participant #\(id) was placed until \(last.toMs.map(clock.text) ?? "now"); they can rejoin only after that")
            }
            try transaction.insertPlacement(participantID: id, nodeID: node.id, fromMs: fromMs)
            try transaction.setParticipantEnded(id: id, atMs: nil)
        }
    }
}
