import Access
import Org
import Store
import TollbookCore

/// What a call listing asks for, beyond time, source and rating (``CallFilter``).
public struct CallRequest: Sendable, Equatable {
    /// Time range, source, unrated only, one id, paging.
    public var filter: CallFilter
    /// Only calls allocated (at their start) to this org node or a node below it.
    public var nodeID: Int64?
    /// Only calls owned (at their start) by this participant.
    public var participantID: Int64?

    /// Creates a request; all criteria are optional.
    public init(filter: CallFilter = CallFilter(), nodeID: Int64? = nil, participantID: Int64? = nil) {
        self.filter = filter
        self.nodeID = nodeID
        self.participantID = participantID
    }
}

/// The one read path for call data: calls, single calls, rejects, allocated calls (and, through
/// `Reports`, cost reports and statements). Every read takes the ``Principal`` given at creation
/// and sees only what its permissions and scope allow (see `docs/query.md`):
///
/// - `calls.read_all`, or `calls.read_scope` with scope everything: every call;
/// - `calls.read_scope` with subtrees: calls allocated, at the time of the call, to those nodes or
///   nodes below them (a person who moved does not take old calls along);
/// - `calls.read_own`: the calls of the principal's own participant;
/// - the union of these; nothing otherwise.
///
/// A request for something outside the scope (a call id, a node, a participant) returns nothing
/// and records an ``AuditEvent`` with outcome ``AuditEvent/Outcome/denied``. Reads go through a
/// ``QueryConnection``: read-only, and SQLite's authorizer refuses every table the layer does not need.
public final class CallQuery {
    /// Who asks.
    public let principal: Principal
    /// The principal's reach, resolved against the org chart once.
    public let visibility: CallVisibility
    /// The read-only, authorizer-guarded connection.
    let connection: QueryConnection
    private let audit: AuditRecording

    /// Opens the store at `path` (which must exist and be migrated) for `principal`.
    /// An encrypted store needs its key (`encryption: .key(kek)`); its sealed fields are opened
    /// transparently by every read.
    /// - Throws: ``StoreError``, ``QueryConnectionError``, ``StoreEncryptionError``.
    public init(path: String, principal: Principal, audit: AuditRecording, encryption: StoreKeyAccess = .none) throws {
        connection = try QueryConnection(path: path, encryption: encryption)
        self.principal = principal
        self.audit = audit
        visibility = try CallVisibility(principal: principal, chart: OrgChart(store: connection.store))
    }

    /// The org chart, read through the query connection (reading only: writes are refused).
    public var chart: OrgChart { OrgChart(store: connection.store) }

    // MARK: Calls

    /// Calls `body` with every visible leg matching `request`, ordered by start and id, row by row.
    /// - Returns: the number of legs passed to `body` (0 when the request was denied).
    @discardableResult
    public func calls(_ request: CallRequest, into body: (StoredCall) throws -> Void) throws -> Int {
        guard let gate = try gate(for: request, action: "calls.list") else { return 0 }
        return try connection.readTransaction {
            let cursor = try CallRowCursor(connection: connection, filter: request.filter)
            var count = 0
            while try cursor.next() {
                guard gate.admits(cursor) else { continue }
                try body(cursor.storedCall())
                count += 1
            }
            try recordExport(action: "calls.list", rows: count)
            return count
        }
    }

    /// Writes every visible leg matching `request` to `output` in `format`, streamed (the fast path:
    /// no value is built per row). The bytes equal the reference rendering of ``calls(_:into:)``.
    /// - Returns: the number of legs written.
    @discardableResult
    public func writeCalls(_ request: CallRequest, format: CallListingFormat, to output: ByteOutput) throws -> Int {
        var writer = try CallListingWriter(format: format, output: output)
        guard let gate = try gate(for: request, action: "calls.export") else {
            try writer.finish()
            return 0
        }
        return try connection.readTransaction {
            let cursor = try CallRowCursor(connection: connection, filter: request.filter)
            if gate.isOpen {
                while try cursor.next() { try writer.write(cursor) }
            } else {
                while try cursor.next() {
                    if gate.admits(cursor) { try writer.write(cursor) }
                }
            }
            try writer.finish()
            try recordExport(action: "calls.export", rows: writer.rows)
            return writer.rows
        }
    }

    /// The leg with `id`, or `nil` when there is none or it is outside the principal's reach (then
    /// a denied event is recorded).
    public func call(id: Int64) throws -> StoredCall? {
        guard !visibility.seesNothing else {
            try deny(action: "calls.read", subject: "call:\(id)", reason: "no permission to read calls")
            return nil
        }
        return try connection.readTransaction {
            let cursor = try CallRowCursor(connection: connection, filter: CallFilter(id: id))
            guard try cursor.next() else { return nil }
            guard RowGate(visibility: visibility, nodes: nil, participant: nil).admits(cursor) else {
                try deny(action: "calls.read", subject: "call:\(id)", reason: "the call is outside the reader's scope")
                return nil
            }
            return cursor.storedCall()
        }
    }

    // MARK: Allocated calls

    /// Calls `body` with every visible call starting in `[fromMs, toMs)` with its allocation (the
    /// store's `call_allocations` view: the chart as it is now), in start order.
    public func allocatedCalls(fromMs: Int64?, toMs: Int64?, _ body: (AllocatedCall) throws -> Void) throws {
        switch visibility.reach {
        case .nothing:
            try deny(action: "calls.allocated", subject: nil, reason: "no permission to read calls")
        case .everything:
            try chart.forEachAllocatedCall(fromMs: fromMs, toMs: toMs, body)
        case let .limited(nodes, own):
            try chart.forEachAllocatedCall(fromMs: fromMs, toMs: toMs) { call in
                if nodes.contains(call.nodeID) || (own != nil && call.participantID == own) { try body(call) }
            }
        }
    }

    // MARK: Rejects

    /// How much of the quarantine a principal may read.
    public enum RejectAccess: Sendable, Equatable {
        /// Rows with their raw bytes (`rejects.read_raw`).
        case withRawBytes
        /// Rows without raw bytes (`rejects.read`): `raw` and `conflictRaw` are empty.
        case withoutRawBytes
        /// Nothing (denied and audited).
        case none
    }

    /// What ``rejects(_:)`` returns to this principal.
    public var rejectAccess: RejectAccess {
        if principal.may(.rejectsReadRaw) { return .withRawBytes }
        if principal.may(.rejectsRead) { return .withoutRawBytes }
        return .none
    }

    /// Calls `body` with every quarantined span, oldest first: with raw bytes only for
    /// `rejects.read_raw`, without them for `rejects.read`, none (denied, audited) otherwise.
    /// - Returns: what was granted.
    @discardableResult
    public func rejects(_ body: (StoredReject) throws -> Void) throws -> RejectAccess {
        let access = rejectAccess
        guard access != .none else {
            try deny(action: "rejects.list", subject: nil, reason: "no permission to read the quarantine")
            return .none
        }
        try connection.forEachQuarantinedSpan(rawBytes: access == .withRawBytes, body)
        return access
    }

    // MARK: Scope checks

    /// Whether participant `id` is covered: the principal's own, or placed (at any time) in a
    /// visible node.
    public func covers(participant id: Int64) throws -> Bool {
        switch visibility.reach {
        case .everything: return true
        case .nothing: return false
        case let .limited(nodes, own):
            if id == own { return true }
            return try chart.placements(ofParticipant: id).contains { nodes.contains($0.targetID) }
        }
    }

    /// The per-row check of `request`, or `nil` (after recording a denial) when the request asks
    /// for something outside the principal's reach.
    private func gate(for request: CallRequest, action: String) throws -> RowGate? {
        if visibility.seesNothing {
            try deny(action: action, subject: nil, reason: "no permission to read calls")
            return nil
        }
        var nodes: Set<Int64>?
        if let node = request.nodeID {
            guard visibility.covers(node: node) else {
                try deny(action: action, subject: "node:\(node)", reason: "the node is outside the reader's scope")
                return nil
            }
            let all = try chart.nodes(includingRemoved: true).map { (id: $0.id, parent: $0.parentID) }
            nodes = CallVisibility.descendants(of: [node], nodes: all)
        }
        if let participant = request.participantID {
            guard try covers(participant: participant) else {
                try deny(action: action, subject: "participant:\(participant)",
                         reason: "the participant is outside the reader's scope")
                return nil
            }
        }
        return RowGate(visibility: visibility, nodes: nodes, participant: request.participantID)
    }

    /// Records a denied read.
    private func deny(action: String, subject: String?, reason: String) throws {
        try audit.record(AuditEvent(action: action, actor: principal.userName, subject: subject, outcome: .denied,
                                    detail: reason))
    }

    /// Records an export by a user (the database owner's own listings are not audited here).
    private func recordExport(action: String, rows: Int) throws {
        guard principal.kind != .databaseOwner else { return }
        try audit.record(AuditEvent(action: action, actor: principal.userName, outcome: .success, detail: "rows=\(rows)"))
    }
}

/// The per-row decision of a listing: the principal's reach and the request's node and participant.
struct RowGate {
    let visibility: CallVisibility
    /// The requested node and the nodes below it.
    let nodes: Set<Int64>?
    /// The requested participant.
    let participant: Int64?

    /// Whether every row passes (no per-row work needed).
    var isOpen: Bool { visibility.seesEverything && nodes == nil && participant == nil }

    @inline(__always)
    func admits(_ row: CallRowCursor) -> Bool {
        if isOpen { return true }
        typealias C = CallRowCursor.Column
        let pin = row.bytes(C.pin), account = row.bytes(C.accountCode), key = row.bytes(C.extensionKey)
        let device = row.bytes(C.device)
        let start = row.int64(C.startMs)
        let owner = visibility.owner(pin: pin, accountCode: account, extensionKey: key, device: device, startMs: start)
        if let participant, owner != participant { return false }
        let node = visibility.node(of: owner, atMs: start)
        if let nodes, !nodes.contains(node) { return false }
        switch visibility.reach {
        case .everything: return true
        case .nothing: return false
        case let .limited(visible, own): return (own != nil && owner == own) || visible.contains(node)
        }
    }
}
