import Access
import Privacy
import Store
import TollbookCore

/// One leg as the KPI engine (`Sources/Analytics`) reads it: shown per its privacy package, with
/// an opaque key for the other party's real number so that callbacks and repeat calls can be
/// matched without the engine ever seeing a number the package masks.
public struct AnalyticsLeg: Sendable {
    /// The leg, shown per its privacy package (as ``CallQuery/calls(_:into:)`` returns it).
    public var stored: StoredCall
    /// How the leg is shown.
    public var privacy: CallPrivacy
    /// The other party's external number, as an opaque key: equal keys within one read mean the
    /// same real number. `nil` for internal legs and legs without a number (no CLI).
    public var remoteKey: Int?
    /// Whether the leg is allocated (at its start) to the requested node or a node below it;
    /// `true` for every leg when no node was requested.
    public var inRequestedNode: Bool

    /// Creates a leg (the query layer makes them; tests may too).
    public init(stored: StoredCall, privacy: CallPrivacy = .full, remoteKey: Int?, inRequestedNode: Bool = true) {
        self.stored = stored
        self.privacy = privacy
        self.remoteKey = remoteKey
        self.inRequestedNode = inRequestedNode
    }
}

extension CallQuery {
    /// The audit action of KPI reads.
    public static let analyticsAction = "kpi.read"

    /// Calls `body` with every leg the principal may see starting in `[fromMs, toMs)`, in start
    /// order, for the KPI engine: scope and privacy apply as for ``calls(_:into:)``. With `nodeID`,
    /// each leg says whether it is allocated to that node's subtree; a node outside the principal's
    /// scope returns nothing and records a denied event (as listings do).
    /// - Returns: the number of legs passed to `body`.
    @discardableResult
    public func analyticsLegs(fromMs: Int64?, toMs: Int64?, nodeID: Int64? = nil,
                              into body: (AnalyticsLeg) throws -> Void) throws -> Int {
        let request = CallRequest(filter: CallFilter(fromMs: fromMs, toMs: toMs), nodeID: nodeID)
        guard let nodeGate = try gate(for: request, action: Self.analyticsAction) else { return 0 }
        let scope = RowGate(visibility: visibility, nodes: nil, participant: nil)
        var keys: [String: Int] = [:]
        return try connection.readTransaction {
            let cursor = try CallRowCursor(connection: connection, filter: request.filter)
            var count = 0
            while try cursor.next() {
                guard scope.admits(cursor) else { continue }
                let inNode = nodeGate.nodes == nil || nodeGate.admits(cursor)
                let stored = cursor.storedCall()
                var key: Int?
                if let number = Self.externalNumber(of: stored.call) {
                    if let known = keys[number] {
                        key = known
                    } else {
                        key = keys.count + 1
                        keys[number] = key
                    }
                }
                let privacy = try self.privacy(of: stored)
                try body(AnalyticsLeg(stored: PrivacyView.apply(privacy, to: stored), privacy: privacy, remoteKey: key,
                                      inRequestedNode: inNode))
                count += 1
            }
            try recordExport(action: Self.analyticsAction, rows: count)
            try recordUnlockUses(action: Self.analyticsAction)
            return count
        }
    }

    /// The real external number of the other party (E.164 when the leg was priced), `nil` for
    /// internal legs and legs without one.
    static func externalNumber(of call: CallRecord) -> String? {
        guard call.direction == .incoming || call.direction == .outgoing else { return nil }
        let e164 = call.pricing?.remoteE164 ?? ""
        let number = e164.isEmpty ? call.parties.remote : e164
        return number.isEmpty ? nil : number
    }
}
