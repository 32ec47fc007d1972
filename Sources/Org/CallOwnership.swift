import Store

/// Who owned a call and where they were, at the call's start — the org chart's allocation rule
/// (the store's `call_allocations` view, ``OrgChart``): the owner of the call's first owned
/// classifier in the order PIN, account code, extension (`<site>/<extension>`), device, and that
/// owner's placement then. Read from the chart once (``init(chart:)``), then answered from memory,
/// so that the ingest stages and the query layer can ask per call without a query.
public struct CallOwnership: Sendable {
    private struct Period: Sendable {
        let target: Int64
        let fromMs: Int64
        let toMs: Int64
    }

    /// Classifier id by kind and value.
    private let classifiers: [ClassifierKind: [String: Int64]]
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
        var classifiers: [ClassifierKind: [String: Int64]] = [:]
        for classifier in try chart.classifiers() { classifiers[classifier.kind, default: [:]][classifier.value] = classifier.id }
        self.classifiers = classifiers
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
        for (kind, value) in [(ClassifierKind.pin, pin), (.accountCode, accountCode), (.extension, extensionKey), (.device, device)]
        where !value.isEmpty {
            guard let id = classifiers[kind]?[value], let periods = assignments[id] else { continue }
            for period in periods where period.fromMs <= startMs && startMs < period.toMs { return period.target }
        }
        return nil
    }

    /// The path of the node participant `owner` was placed in at `ms`, `nil` when none.
    public func nodePath(of owner: Int64, atMs ms: Int64) -> [String]? {
        guard let periods = placements[owner] else { return nil }
        for period in periods where period.fromMs <= ms && ms < period.toMs { return paths[period.target] }
        return nil
    }

    /// The employee id of participant `id` (the key privacy assignments name participants by).
    public func employeeID(of id: Int64) -> String? { employeeIDs[id] }
}
