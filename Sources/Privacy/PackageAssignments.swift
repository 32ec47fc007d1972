/// Who a package is assigned to: an org node (and, by inheritance, every unit below it) or one
/// participant.
public enum AssignmentTarget: Sendable, Hashable, CustomStringConvertible {
    /// The node at this path (names from the top, as in `Berlin/Sales/T1`) and its sub-units.
    case orgNode(path: [String])
    /// The participant with this key (the org chart's `employee_id`).
    case participant(key: String)

    /// `org Berlin/Sales` or `participant E1`.
    public var description: String {
        switch self {
        case let .orgNode(path): return "org " + path.joined(separator: "/")
        case let .participant(key): return "participant " + key
        }
    }
}

/// One assignment of a package, in force from `fromMs` until a later assignment of the same target.
public struct PackageAssignment: Sendable, Hashable {
    /// The node or participant.
    public var target: AssignmentTarget
    /// The package's name.
    public var package: String
    /// In force from this instant (UTC ms, inclusive).
    public var fromMs: Int64

    /// Creates an assignment.
    public init(target: AssignmentTarget, package: String, fromMs: Int64) {
        self.target = target
        self.package = package
        self.fromMs = fromMs
    }
}

/// The history of package assignments and the rule that picks the package in force for a call:
///
/// 1. the participant's own assignment in force at the call's start (the latest `from` not after it);
/// 2. else the assignment in force then of the deepest node on the path of the node the owner was
///    placed in at the call's start (the node itself, its parent, … up to the top);
/// 3. else the default package.
///
/// A call without an owner (nobody owned its extension, PIN, … then) gets the default package.
public struct PackageAssignments: Sendable, Hashable {
    /// Assignments per participant key, oldest first.
    private var byParticipant: [String: [PackageAssignment]] = [:]
    /// Assignments per node path, oldest first.
    private var byNode: [[String]: [PackageAssignment]] = [:]
    /// Every assignment, in the order given.
    public private(set) var all: [PackageAssignment] = []

    /// Creates the history from `assignments` (any order).
    public init(_ assignments: [PackageAssignment] = []) {
        all = assignments
        for assignment in assignments.sorted(by: { $0.fromMs < $1.fromMs }) {
            switch assignment.target {
            case let .participant(key): byParticipant[key, default: []].append(assignment)
            case let .orgNode(path): byNode[path, default: []].append(assignment)
            }
        }
    }

    /// Whether there is no assignment at all (everyone has the default package).
    public var isEmpty: Bool { all.isEmpty }

    /// The name of the package in force at `ms` for the participant with `participantKey`, placed
    /// then in the node at `nodePath`; `nil` when no assignment applies (the default package).
    public func packageName(participantKey: String?, nodePath: [String]?, atMs ms: Int64) -> String? {
        if let participantKey, let list = byParticipant[participantKey], let name = Self.inForce(list, at: ms) {
            return name
        }
        guard var path = nodePath else { return nil }
        while !path.isEmpty {
            if let list = byNode[path], let name = Self.inForce(list, at: ms) { return name }
            path.removeLast()
        }
        return nil
    }

    private static func inForce(_ list: [PackageAssignment], at ms: Int64) -> String? {
        var found: String?
        for assignment in list {
            if assignment.fromMs <= ms { found = assignment.package } else { break }
        }
        return found
    }
}
