/// Errors of the org chart. Messages name paths and values the admin gave, never call data.
public enum OrgError: Error, CustomStringConvertible, Equatable {
    /// A path could not be read (empty component, leading slash, …).
    case invalidPath(String, reason: String)
    /// A node would be deeper than ``OrgPath/maxDepth`` levels.
    case tooDeep(path: String, depth: Int)
    /// Moving a node to `path` would put a node below it (`deepest`) `depth` levels deep.
    case subtreeTooDeep(path: String, deepest: String, depth: Int)
    /// A node with this path exists already.
    case nodeExists(String)
    /// There is no node with this path.
    case noSuchNode(String)
    /// The node still has children or participants.
    case nodeNotEmpty(path: String, children: Int, participants: Int)
    /// The system node "Other" cannot be changed, and nothing can be placed under it by hand.
    case systemNode(String)
    /// A node cannot be moved below itself.
    case moveIntoOwnSubtree(String)
    /// No participant matches the reference.
    case noSuchParticipant(String)
    /// Several active participants match the reference.
    case ambiguousParticipant(String, count: Int)
    /// The participant has left (no current placement).
    case participantEnded(String)
    /// A classifier value is not acceptable for its kind.
    case invalidClassifier(kind: ClassifierKind, value: String, reason: String)
    /// An assignment would overlap another one of the same classifier.
    case overlappingAssignment(kind: ClassifierKind, value: String, from: String)
    /// The classifier has no current assignment to end.
    case notAssigned(kind: ClassifierKind, value: String)
    /// A change would rewrite history (a date before an existing period's start).
    case historyConflict(String)
    /// A date range whose end is not after its start.
    case emptyPeriod(from: String, to: String)
    /// Problems of an import file; nothing was applied.
    case importFailed([OrgImportProblem])

    /// A message for the admin.
    public var description: String {
        switch self {
        case let .invalidPath(path, reason): return "invalid org path '\(path)': \(reason)"
        case let .tooDeep(path, depth):
            return "'\(path)' would be \(depth) levels deep; the org chart has at most \(OrgPath.maxDepth) levels"
        case let .subtreeTooDeep(path, deepest, depth):
            return "'\(path)' would be \(path.split(separator: "/").count) levels deep, but the node below it '\(deepest)' would be \(depth) levels deep; the org chart has at most \(OrgPath.maxDepth) levels"
        case let .nodeExists(path): return "node '\(path)' exists already"
        case let .noSuchNode(path): return "there is no node '\(path)'"
        case let .nodeNotEmpty(path, children, participants):
            return "node '\(path)' has \(children) child node(s) and \(participants) current participant(s); move or remove them first"
        case let .systemNode(path): return "'\(path)' is the system node for unowned classifiers and cannot be changed or used"
        case let .moveIntoOwnSubtree(path): return "node '\(path)' cannot be moved below itself"
        case let .noSuchParticipant(reference): return "no active participant matches '\(reference)'"
        case let .ambiguousParticipant(reference, count):
            return "\(count) active participants match '\(reference)'; use the employee id, e-mail or #id"
        case let .participantEnded(reference): return "participant '\(reference)' has left the org chart"
        case let .invalidClassifier(kind, value, reason): return "invalid \(kind.rawValue) '\(value)': \(reason)"
        case let .overlappingAssignment(kind, value, from):
            return "\(kind.rawValue) \(value) is assigned to someone else in a period overlapping the one from \(from)"
        case let .notAssigned(kind, value): return "\(kind.rawValue) \(value) has no current owner"
        case let .historyConflict(message): return message
        case let .emptyPeriod(from, to): return "the period from \(from) to \(to) is empty; the end must be after the start"
        case let .importFailed(problems):
            return "the file has \(problems.count) problem(s), nothing was changed:\n"
                + problems.map { "  \($0)" }.joined(separator: "\n")
        }
    }
}

/// One problem of an import file or directory entry, with where it is.
public struct OrgImportProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where: `line 3, column path` for a file, `entry 2` for a directory.
    public var location: String
    /// The line (file) or entry number, for ordering; `nil` when there is none.
    public var line: Int?
    /// What is wrong.
    public var message: String

    /// A problem of a file: 1-based `line` (the header is line 1) and the column it concerns, if one.
    public init(line: Int, column: String? = nil, message: String) {
        self.location = "line \(line)" + (column.map { ", column \($0)" } ?? "")
        self.line = line
        self.message = message
    }

    /// A problem at a free-form location.
    public init(location: String, line: Int? = nil, message: String) {
        self.location = location
        self.line = line
        self.message = message
    }

    /// `line 3, column path: …`.
    public var description: String { location + ": " + message }
}
