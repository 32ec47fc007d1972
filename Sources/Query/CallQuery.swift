import Access
import Org
import Privacy
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
    /// The privacy policy every result is shown under (see ``CallPrivacy``).
    let privacyView: PrivacyView
    /// The principal's approved four-eyes unlocks valid when the query was opened (privacy P9).
    public let grants: UnlockGrants
    /// The unlocks as the privacy view's hook, counting the rows they reveal (for `unlock.use`).
    private let unlocked: UnlockedFields

    /// Opens the store at `path` (which must exist and be migrated) for `principal`.
    /// - Parameters:
    ///   - privacy: the privacy policy (packages, assignments, protected numbers) every result is
    ///     masked by — the same for every principal, the database owner and the call's owner included.
    ///   - clock: says which of the principal's four-eyes unlocks (P9) are still valid; an approved
    ///     unlock lifts masking for its requester within its subject, period and fields. Protected
    ///     numbers are never unlocked.
    ///   - encryption: an encrypted store needs its key (`.key(kek)`); its sealed fields are opened
    ///     transparently by every read.
    /// - Throws: ``StoreError``, ``QueryConnectionError``, ``StoreEncryptionError``.
    public init(path: String, principal: Principal, audit: AuditRecording, privacy: PrivacyPolicy = .standard,
                clock: MillisecondClock = .system, encryption: StoreKeyAccess = .none) throws {
        let connection = try QueryConnection(path: path, encryption: encryption)
        self.connection = connection
        self.principal = principal
        self.audit = audit
        let visibility = try CallVisibility(principal: principal, chart: OrgChart(store: connection.store))
        self.visibility = visibility
        grants = try visibility.seesNothing ? .none
            : UnlockGrants.resolve(principal: principal, store: connection.store, nowMs: clock.now())
        unlocked = UnlockedFields(grants: grants)
        privacyView = PrivacyView(policy: privacy, unlocks: unlocked, principal: principal,
                                  chart: { OrgChart(store: connection.store) })
    }

    /// How the call `stored` (as read from the store) is shown to this principal.
    public func privacy(of stored: StoredCall) throws -> CallPrivacy {
        try privacyView.privacy(of: stored)
    }

    /// The watermark every output of this query carries while the principal holds an approved
    /// unlock (`nil` otherwise): a header line of tables, the `watermark` field of JSON and CSV.
    public var watermark: String? { grants.watermark }

    /// The org chart, read through the query connection (reading only: writes are refused).
    public var chart: OrgChart { OrgChart(store: connection.store) }

    // MARK: Calls

    /// Calls `body` with every visible leg matching `request`, ordered by start and id, row by row.
    /// - Returns: the number of legs passed to `body` (0 when the request was denied).
    /// Every leg is shown per its privacy package (``CallPrivacy``): masked numbers, hidden fields
    /// empty or 0, protected numbers as `protected: <label>`.
    @discardableResult
    public func calls(_ request: CallRequest, into body: (StoredCall) throws -> Void) throws -> Int {
        try forEachVisibleCall(request) { stored, privacy in try body(PrivacyView.apply(privacy, to: stored)) }
    }

    /// Calls `body` with the listing values (``CallListing/fields``) of every visible leg matching
    /// `request`, shown per its privacy package — hidden fields `null` — in the order of ``calls(_:into:)``:
    /// the reference rendering of ``writeCalls(_:format:to:)`` and what tables print.
    /// - Returns: the number of legs passed to `body`.
    @discardableResult
    public func callValues(_ request: CallRequest, into body: ([FieldValue]) throws -> Void) throws -> Int {
        try forEachVisibleCall(request) { stored, privacy in
            try body(PrivacyView.listingValues(of: PrivacyView.apply(privacy, to: stored), privacy: privacy))
        }
    }

    /// Calls `body` with every visible leg matching `request` shown per its privacy package (as
    /// ``calls(_:into:)``) together with how it is shown — for channels that print hidden fields as
    /// blanks rather than the typed API's placeholders (0 seconds, midnight).
    /// - Returns: the number of legs passed to `body`.
    @discardableResult
    public func callsWithPrivacy(_ request: CallRequest, into body: (StoredCall, CallPrivacy) throws -> Void) throws -> Int {
        try forEachVisibleCall(request) { stored, privacy in try body(PrivacyView.apply(privacy, to: stored), privacy) }
    }

    private func forEachVisibleCall(_ request: CallRequest, _ body: (StoredCall, CallPrivacy) throws -> Void) throws -> Int {
        guard let gate = try gate(for: request, action: "calls.list") else { return 0 }
        return try connection.readTransaction {
            let cursor = try CallRowCursor(connection: connection, filter: request.filter)
            var count = 0
            while try cursor.next() {
                guard gate.admits(cursor) else { continue }
                let stored = cursor.storedCall()
                try body(stored, try privacyView.privacy(of: stored))
                count += 1
            }
            try recordExport(action: "calls.list", rows: count)
            try recordUnlockUses(action: "calls.list")
            return count
        }
    }

    /// Writes every visible leg matching `request` to `output` in `format`, streamed (the fast path:
    /// no value is built per row). The bytes equal the reference rendering of ``calls(_:into:)``.
    /// - Returns: the number of legs written.
    @discardableResult
    public func writeCalls(_ request: CallRequest, format: CallListingFormat, to output: ByteOutput) throws -> Int {
        var writer = try CallListingWriter(format: format, output: output, watermark: watermark)
        guard let gate = try gate(for: request, action: "calls.export") else {
            try writer.finish()
            return 0
        }
        return try connection.readTransaction {
            let cursor = try CallRowCursor(connection: connection, filter: request.filter)
            let view = privacyView
            // Rows shown in full (business calls under the standard package: nearly all) take the
            // fast writer; the others are masked and written through the reference rendering.
            func write() throws {
                if view.isCertainlyFull(category: Self.category(of: cursor), isProtected: !cursor.bytes(CallRowCursor.Column.protectedClass).isEmpty) {
                    try writer.write(cursor)
                    return
                }
                let stored = cursor.storedCall()
                let privacy = try view.privacy(of: stored)
                if privacy.isFull {
                    try writer.write(cursor)
                } else {
                    try writer.write(values: PrivacyView.listingValues(of: PrivacyView.apply(privacy, to: stored), privacy: privacy))
                }
            }
            if gate.isOpen {
                while try cursor.next() { try write() }
            } else {
                while try cursor.next() {
                    if gate.admits(cursor) { try write() }
                }
            }
            try writer.finish()
            try recordExport(action: "calls.export", rows: writer.rows)
            try recordUnlockUses(action: "calls.export")
            return writer.rows
        }
    }

    /// The category of the cursor's row without building a string for business calls.
    @inline(__always)
    static func category(of cursor: CallRowCursor) -> CallCategory {
        let bytes = cursor.bytes(CallRowCursor.Column.category)
        if bytes.count == 8, bytes[0] == UInt8(ascii: "b") { return .business }
        return CallCategory(rawValue: String(decoding: bytes, as: UTF8.self)) ?? .business
    }

    /// The leg with `id` shown per its privacy package, or `nil` when there is none or it is
    /// outside the principal's reach (then a denied event is recorded).
    public func call(id: Int64) throws -> StoredCall? {
        try callWithPrivacy(id: id)?.call
    }

    /// The leg with `id` shown per its privacy package, and how it was shown (``CallPrivacy``); `nil`
    /// as for ``call(id:)``.
    public func callWithPrivacy(id: Int64) throws -> (call: StoredCall, privacy: CallPrivacy)? {
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
            let stored = cursor.storedCall()
            let privacy = try privacyView.privacy(of: stored)
            try recordUnlockUses(action: "calls.read")
            return (PrivacyView.apply(privacy, to: stored), privacy)
        }
    }

    // MARK: Allocated calls

    /// Calls `body` with every visible call starting in `[fromMs, toMs)` with its allocation (the
    /// store's `call_allocations` view: the chart as it is now), in start order.
    ///
    /// Protected calls (P4) count for their node — cost-centre totals include their charge — but
    /// for nobody in person: they come without participant, classifier and talk time, so that
    /// per-person statistics leave them out.
    public func allocatedCalls(fromMs: Int64?, toMs: Int64?, _ body: (AllocatedCall) throws -> Void) throws {
        if case .nothing = visibility.reach {
            try deny(action: "calls.allocated", subject: nil, reason: "no permission to read calls")
            return
        }
        let protected = try connection.protectedCallIDs(fromMs: fromMs, toMs: toMs)
        func pass(_ call: AllocatedCall) throws {
            guard protected.contains(call.callID) else { return try body(call) }
            var anonymous = call
            anonymous.participantID = nil
            anonymous.classifierID = nil
            anonymous.talkMs = 0
            try body(anonymous)
        }
        switch visibility.reach {
        case .nothing:
            return
        case .everything:
            try chart.forEachAllocatedCall(fromMs: fromMs, toMs: toMs, pass)
        case let .limited(nodes, own):
            try chart.forEachAllocatedCall(fromMs: fromMs, toMs: toMs) { call in
                if nodes.contains(call.nodeID) || (own != nil && call.participantID == own) { try pass(call) }
            }
        }
    }

    // MARK: Retained sums

    /// The k-safe sums retention and erasure kept of deleted detail, for the months
    /// `[fromMonth, untilMonth)` (`YYYY-MM`) and the nodes the principal may see (none without
    /// permission to read calls; people limited to their own calls see none: sums have no owner).
    public func retainedSums(fromMonth: String, untilMonth: String) throws -> [RetainedSum] {
        switch visibility.reach {
        case .nothing: return []
        case .everything: return try connection.store.retainedSums(fromMonth: fromMonth, untilMonth: untilMonth)
        case let .limited(nodes, _):
            return try connection.store.retainedSums(fromMonth: fromMonth, untilMonth: untilMonth).filter { nodes.contains($0.nodeID) }
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
    func gate(for request: CallRequest, action: String) throws -> RowGate? {
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

    // MARK: Privacy

    /// Records `unlock.use` for every unlock that revealed rows in one read.
    func recordUnlockUses(action: String) throws {
        for (id, use) in unlocked.takeUses().sorted(by: { $0.key < $1.key }) {
            try audit.record(AuditEvent(action: AuditAction.unlockUse, actor: principal.userName,
                                        subject: "participant:\(use.subject)", outcome: .success,
                                        detail: "unlock=\(id) read=\(action) rows=\(use.rows)"))
        }
    }

    /// Records a denied read.
    func deny(action: String, subject: String?, reason: String) throws {
        try audit.record(AuditEvent(action: action, actor: principal.userName, subject: subject, outcome: .denied,
                                    detail: reason))
    }

    /// Records an export by a user (the database owner's own listings are not audited here).
    func recordExport(action: String, rows: Int) throws {
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
