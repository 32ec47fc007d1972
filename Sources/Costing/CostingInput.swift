import TollbookCore

/// The org chart as costing sees it: nodes, participants and where each participant sat when.
public struct CostingOrg: Sendable {
    /// A node of the chart.
    public struct Node: Sendable, Equatable {
        /// Node id.
        public var id: Int64
        /// Parent node id; `nil` for a top-level node (a site, or the system node "Other").
        public var parentID: Int64?
        /// Name.
        public var name: String
        /// Path from the top, `Berlin/Sales`.
        public var path: String

        /// Creates a node.
        public init(id: Int64, parentID: Int64?, name: String, path: String) {
            self.id = id
            self.parentID = parentID
            self.name = name
            self.path = path
        }
    }

    /// A participant.
    public struct Participant: Sendable, Equatable {
        /// Participant id.
        public var id: Int64
        /// Display name.
        public var name: String
        /// Employee id ("" if none).
        public var employeeID: String
        /// E-mail ("" if none).
        public var email: String

        /// Creates a participant.
        public init(id: Int64, name: String, employeeID: String = "", email: String = "") {
            self.id = id
            self.name = name
            self.employeeID = employeeID
            self.email = email
        }
    }

    /// Where a participant sat from a day (inclusive) until a day (exclusive; `nil`: still there).
    public struct Placement: Sendable, Equatable {
        /// Participant id.
        public var participantID: Int64
        /// Node id.
        public var nodeID: Int64
        /// First day.
        public var from: CalendarDay
        /// First day no longer there.
        public var until: CalendarDay?

        /// Creates a placement.
        public init(participantID: Int64, nodeID: Int64, from: CalendarDay, until: CalendarDay?) {
            self.participantID = participantID
            self.nodeID = nodeID
            self.from = from
            self.until = until
        }

        func contains(_ day: CalendarDay) -> Bool { day >= from && (until.map { day < $0 } ?? true) }
    }

    /// The nodes (parents before or after children, any order).
    public var nodes: [Node]
    /// The participants.
    public var participants: [Participant]
    /// Their placements.
    public var placements: [Placement]

    /// Creates an org snapshot.
    public init(nodes: [Node], participants: [Participant], placements: [Placement]) {
        self.nodes = nodes
        self.participants = participants
        self.placements = placements
    }
}

/// One call as costing needs it: its day, where it was allocated, what it cost.
public struct AllocatedCall: Sendable, Equatable {
    /// The call's day in the reporting time zone.
    public var day: CalendarDay
    /// The node the call is allocated to (its participant's node then, or "Other").
    public var nodeID: Int64
    /// The participant, if a classifier of the call was assigned to one.
    public var participantID: Int64?
    /// The call's cost in minor units, if rated.
    public var costMinor: Int64?
    /// Talk time.
    public var talkMs: Int64

    /// Creates a call.
    public init(day: CalendarDay, nodeID: Int64, participantID: Int64?, costMinor: Int64?, talkMs: Int64) {
        self.day = day
        self.nodeID = nodeID
        self.participantID = participantID
        self.costMinor = costMinor
        self.talkMs = talkMs
    }
}
