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
        try store.forEachCallAllocation(fromMs: fromMs, toMs: toMs) { row in
            try body(AllocatedCall(callID: row.callID, startMs: row.startMs, nodeID: row.nodeID, participantID: row.participantID,
                                   classifierID: row.classifierID, costMinor: row.costMinor, talkMs: row.talkMs))
        }
    }
}
