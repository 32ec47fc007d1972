import Access
import Org
import Store

/// A principal's permissions and scope resolved once against the org chart into a compact
/// structure, so that a listing decides per row without a query: classifier values by hash, the
/// owners' assignment periods, the placements, and the set of visible nodes.
///
/// A call belongs to the node its owner was placed in at the call's start (the chart's history),
/// the owner being whoever owned the call's first owned classifier at that instant, in the order
/// PIN, account code, extension, device — the rule of the store's `call_allocations` view. Calls
/// nobody owned, and calls of owners without a placement then, belong to "Other" (node 1).
public struct CallVisibility: Sendable {
    /// What the principal may see.
    public enum Reach: Sendable, Equatable {
        /// Every call (`calls.read_all`, or `calls.read_scope` with scope everything).
        case everything
        /// Calls allocated to `nodes`, plus the calls of participant `own`.
        case limited(nodes: Set<Int64>, own: Int64?)
        /// No call.
        case nothing
    }

    /// What the principal may see.
    public let reach: Reach
    /// Classifier ids by kind rank (0 PIN … 3 device), keyed by a hash of the value's bytes.
    private let classifiers: [[UInt64: [(value: [UInt8], id: Int64)]]]
    /// Assignment periods (participant, from, to) by classifier id, oldest first.
    private let assignments: [Int64: [Period]]
    /// Placement periods (node, from, to) by participant id, oldest first.
    private let placements: [Int64: [Period]]
    /// Parent of every node (removed nodes too).
    private let parents: [Int64: Int64]

    struct Period: Sendable {
        let target: Int64
        let fromMs: Int64
        let toMs: Int64
    }

    /// Resolves `principal` against `chart` (read through the query connection).
    public init(principal: Principal, chart: OrgChart) throws {
        let nodes = try chart.nodes(includingRemoved: true)
        var parents: [Int64: Int64] = [:]
        for node in nodes { if let parent = node.parentID { parents[node.id] = parent } }
        self.parents = parents
        reach = Self.reach(of: principal, nodes: nodes.map { (id: $0.id, parent: $0.parentID) })
        // Allocation tables are needed for limited reach and for node or participant requests.
        guard reach != .nothing else {
            classifiers = []
            assignments = [:]
            placements = [:]
            return
        }
        var tables = [[UInt64: [(value: [UInt8], id: Int64)]]](repeating: [:], count: ClassifierKind.allCases.count)
        for classifier in try chart.classifiers() {
            let bytes = Array(classifier.value.utf8)
            let hash = bytes.withUnsafeBytes { Self.hash($0) }
            tables[classifier.kind.rank][hash, default: []].append((bytes, classifier.id))
        }
        classifiers = tables
        var assignments: [Int64: [Period]] = [:]
        for period in try chart.assignments() {
            assignments[period.targetID, default: []].append(
                Period(target: period.participantID, fromMs: period.fromMs, toMs: period.toMs ?? .max))
        }
        self.assignments = assignments
        var placements: [Int64: [Period]] = [:]
        for period in try chart.placements() {
            placements[period.participantID, default: []].append(
                Period(target: period.targetID, fromMs: period.fromMs, toMs: period.toMs ?? .max))
        }
        self.placements = placements
    }

    /// What `principal` may see given the chart's nodes (id, parent).
    static func reach(of principal: Principal, nodes: [(id: Int64, parent: Int64?)]) -> Reach {
        if principal.may(.callsReadAll) { return .everything }
        var visible: Set<Int64> = []
        if principal.may(.callsReadScope) {
            switch principal.scope {
            case .everything: return .everything
            case let .subtrees(roots): visible = descendants(of: roots, nodes: nodes)
            }
        }
        let own = principal.may(.callsReadOwn) ? principal.participantID : nil
        if visible.isEmpty && own == nil { return .nothing }
        return .limited(nodes: visible, own: own)
    }

    /// `roots` and every node below them (removed nodes too: they keep their history).
    static func descendants(of roots: Set<Int64>, nodes: [(id: Int64, parent: Int64?)]) -> Set<Int64> {
        var children: [Int64: [Int64]] = [:]
        for node in nodes { if let parent = node.parent { children[parent, default: []].append(node.id) } }
        var result: Set<Int64> = []
        var pending = Array(roots.filter { root in nodes.contains { $0.id == root } })
        while let next = pending.popLast() {
            guard result.insert(next).inserted else { continue }
            pending.append(contentsOf: children[next] ?? [])
        }
        return result
    }

    /// Whether every call is visible (no per-row check needed).
    public var seesEverything: Bool { reach == .everything }

    /// Whether no call is visible.
    public var seesNothing: Bool { reach == .nothing }

    /// Whether node `id` is inside the principal's subtrees (or the principal sees everything).
    public func covers(node id: Int64) -> Bool {
        switch reach {
        case .everything: return true
        case .nothing: return false
        case let .limited(nodes, _): return nodes.contains(id)
        }
    }

    /// The nodes the principal may see, `nil` for every node.
    public var visibleNodes: Set<Int64>? {
        switch reach {
        case .everything: return nil
        case .nothing: return []
        case let .limited(nodes, _): return nodes
        }
    }

    /// The participant whose own calls the principal sees (beyond its nodes), if any.
    public var ownParticipant: Int64? {
        if case let .limited(_, own) = reach { return own }
        return nil
    }

    /// Whether a call with these classifier values (empty: none) starting at `startMs` is visible.
    @inline(__always)
    public func allows(pin: UnsafeRawBufferPointer, accountCode: UnsafeRawBufferPointer,
                       extensionKey: UnsafeRawBufferPointer, device: UnsafeRawBufferPointer, startMs: Int64) -> Bool {
        switch reach {
        case .everything: return true
        case .nothing: return false
        case let .limited(nodes, own):
            let owner = self.owner(pin: pin, accountCode: accountCode, extensionKey: extensionKey, device: device,
                                   startMs: startMs)
            if let own, owner == own { return true }
            return nodes.contains(node(of: owner, atMs: startMs))
        }
    }

    /// The owner of a call: whoever owned its first owned classifier at `startMs`.
    public func owner(pin: UnsafeRawBufferPointer, accountCode: UnsafeRawBufferPointer,
                      extensionKey: UnsafeRawBufferPointer, device: UnsafeRawBufferPointer, startMs: Int64) -> Int64? {
        // Unrolled (no array per row): PIN, account code, extension, device.
        if let owner = owner(rank: 0, value: pin, startMs: startMs) { return owner }
        if let owner = owner(rank: 1, value: accountCode, startMs: startMs) { return owner }
        if let owner = owner(rank: 2, value: extensionKey, startMs: startMs) { return owner }
        return owner(rank: 3, value: device, startMs: startMs)
    }

    @inline(__always)
    private func owner(rank: Int, value: UnsafeRawBufferPointer, startMs: Int64) -> Int64? {
        guard !value.isEmpty, let id = classifierID(rank: rank, value: value), let periods = assignments[id] else { return nil }
        for period in periods where period.fromMs <= startMs && startMs < period.toMs { return period.target }
        return nil
    }

    /// The node participant `owner` was placed in at `ms` ("Other" when none).
    public func node(of owner: Int64?, atMs ms: Int64) -> Int64 {
        guard let owner, let periods = placements[owner] else { return OrgChart.otherNodeID }
        for period in periods where period.fromMs <= ms && ms < period.toMs { return period.target }
        return OrgChart.otherNodeID
    }

    private func classifierID(rank: Int, value: UnsafeRawBufferPointer) -> Int64? {
        guard let candidates = classifiers[rank][Self.hash(value)] else { return nil }
        for candidate in candidates where candidate.value.count == value.count {
            if candidate.value.withUnsafeBytes({ $0.elementsEqual(value) }) { return candidate.id }
        }
        return nil
    }

    /// FNV-1a of `bytes`.
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
