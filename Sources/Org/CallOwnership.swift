import Store

/// Who owned a call and where they were, at the call's start — the org chart's allocation rule
/// (the store's `call_allocations` view, ``OrgChart``): the owner of the call's first owned
/// classifier in the order PIN, account code, extension (`<site>/<extension>`), device, and that
/// owner's placement then. Read from the chart once (``init(chart:)``), then answered from memory,
/// so that the ingest stages and the query layer (scope, privacy packages) ask per call without a
/// query — all of them through this one implementation of the rule.
public struct CallOwnership: Sendable {
    private struct Period: Sendable {
        let target: Int64
        let fromMs: Int64
        let toMs: Int64
    }

    /// Classifier ids by kind rank (0 PIN … 3 device), keyed by a hash of the value's bytes (so a
    /// lookup from a row's bytes builds no string).
    private let classifiers: [[UInt64: [(value: [UInt8], id: Int64)]]]
    /// Owner periods by classifier id.
    private let assignments: [Int64: [Period]]
    /// Placement periods by participant id.
    private let placements: [Int64: [Period]]
    /// Every node's path (names from the top), removed nodes too.
    private let paths: [Int64: [String]]
    /// Employee id by participant id.
    private let employeeIDs: [Int64: String]

    /// Reads the chart's classifiers, assignments, placements, nodes and participants.
    public init(chart: OrgChart) throws {
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
        let nodes = try chart.nodes(includingRemoved: true)
        var parents: [Int64: (parent: Int64?, name: String)] = [:]
        for node in nodes { parents[node.id] = (node.parentID, node.name) }
        var paths: [Int64: [String]] = [:]
        for node in nodes {
            var path: [String] = []
            var current: Int64? = node.id
            var guardCount = 0
            while let id = current, let entry = parents[id], guardCount < 16 {
                path.insert(entry.name, at: 0)
                current = entry.parent
                guardCount += 1
            }
            paths[node.id] = path
        }
        self.paths = paths
        var employeeIDs: [Int64: String] = [:]
        for participant in try chart.participants() where !participant.fields.employeeID.isEmpty {
            employeeIDs[participant.id] = participant.fields.employeeID
        }
        self.employeeIDs = employeeIDs
    }

    /// Whether the chart has no classifier owned by anybody (every call is unowned).
    public var isEmpty: Bool { assignments.isEmpty }

    /// The owner of a call with these classifier values (empty: none) starting at `startMs`.
    public func owner(pin: String, accountCode: String, extensionKey: String, device: String, startMs: Int64) -> Int64? {
        var pin = pin, accountCode = accountCode, extensionKey = extensionKey, device = device
        return pin.withUTF8 { pin in
            accountCode.withUTF8 { accountCode in
                extensionKey.withUTF8 { extensionKey in
                    device.withUTF8 { device in
                        owner(pin: UnsafeRawBufferPointer(pin), accountCode: UnsafeRawBufferPointer(accountCode),
                              extensionKey: UnsafeRawBufferPointer(extensionKey), device: UnsafeRawBufferPointer(device),
                              startMs: startMs)
                    }
                }
            }
        }
    }

    /// The owner of a call from a row's classifier bytes (empty: none): whoever owned its first
    /// owned classifier at `startMs`.
    @inline(__always)
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

    private func classifierID(rank: Int, value: UnsafeRawBufferPointer) -> Int64? {
        guard let candidates = classifiers[rank][Self.hash(value)] else { return nil }
        for candidate in candidates where candidate.value.count == value.count {
            if candidate.value.withUnsafeBytes({ $0.elementsEqual(value) }) { return candidate.id }
        }
        return nil
    }

    /// The node participant `owner` was placed in at `ms`, `nil` when none.
    public func nodeID(of owner: Int64, atMs ms: Int64) -> Int64? {
        guard let periods = placements[owner] else { return nil }
        for period in periods where period.fromMs <= ms && ms < period.toMs { return period.target }
        return nil
    }

    /// The path of the node participant `owner` was placed in at `ms`, `nil` when none.
    public func nodePath(of owner: Int64, atMs ms: Int64) -> [String]? {
        nodeID(of: owner, atMs: ms).flatMap { paths[$0] }
    }

    /// The employee id of participant `id` (the key privacy assignments name participants by).
    public func employeeID(of id: Int64) -> String? { employeeIDs[id] }

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
