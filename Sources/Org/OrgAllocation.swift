import Store

/// A call with where the org chart puts it: the participant and node that owned it at its start.
public struct AllocatedCall: Sendable, Equatable {
    /// The call's id in the store.
    public var callID: Int64
    /// Start, UTC ms.
    public var startMs: Int64
    /// The node it is allocated to (``OrgChart/otherNodeID`` when nobody owned it).
    public var nodeID: Int64
    /// The owner, `nil` for calls under "Other" whose classifiers nobody owned.
    public var participantID: Int64?
    /// The classifier that decided (or, under "Other", the call's leading known classifier).
    public var classifierID: Int64?
    /// The call's cost in minor units, `nil` when not priced.
    public var costMinor: Int64?
    /// Talk time, ms.
    public var talkMs: Int64
}

extension OrgChart {
    /// Calls `body` for every call starting in `[fromMs, toMs)`, in start order, with its allocation
    /// computed from the org chart as it is now (view `call_allocations`): changing an assignment
    /// or a placement changes the result of the next query, without re-importing anything.
    /// Streams row by row. Run ``discoverClassifiers(nowMs:full:)`` first so that calls under
    /// "Other" name their classifier.
    public func forEachAllocatedCall(fromMs: Int64?, toMs: Int64?, _ body: (AllocatedCall) throws -> Void) throws {
        let statement = try database.prepare("""
            SELECT call_id, start_ms, node_id, participant_id, classifier_id, cost_minor, talk_ms FROM call_allocations
            WHERE start_ms >= ? AND start_ms < ? ORDER BY start_ms, call_id
            """)
        statement.bind(1, fromMs ?? .min)
        statement.bind(2, toMs ?? .max)
        while try statement.step() {
            try body(AllocatedCall(callID: statement.int64(0), startMs: statement.int64(1), nodeID: statement.int64(2),
                                   participantID: statement.int64OrNil(3), classifierID: statement.int64OrNil(4),
                                   costMinor: statement.int64OrNil(5), talkMs: statement.int64(6)))
        }
    }
}
