import TollbookConfiguration
import TollbookCore

/// The legs of one call (one correlation id; a leg without one is a call of its own), in start order.
public struct KPICall: Sendable, Equatable {
    /// The legs, by start and id.
    public var legs: [KPILeg]

    /// Seizure of the first leg (the caller's view of the start).
    public var startMs: Int64 { legs[0].startMs }
    /// Release of the last leg.
    public var endMs: Int64 { legs.map(\.endMs).max() ?? startMs }
    /// Direction of the first leg.
    public var direction: Direction { legs[0].direction }
    /// The other party's number key (the first leg that has one).
    public var remoteKey: Int? { legs.first { $0.remoteKey != nil }?.remoteKey }
    /// The other party's number as shown to the principal.
    public var remoteDisplay: String { legs.first { $0.remoteKey != nil }?.remoteDisplay ?? "" }

    /// Groups legs into calls, each call's legs by start and id; calls by first start and id.
    public static func group(_ legs: [KPILeg]) -> [KPICall] {
        var byID: [String: [KPILeg]] = [:]
        for leg in legs {
            byID[leg.correlationID.isEmpty ? "#\(leg.id)" : leg.correlationID, default: []].append(leg)
        }
        return byID.values.map { KPICall(legs: $0.sorted { ($0.startMs, $0.id) < ($1.startMs, $1.id) }) }
            .sorted { ($0.startMs, $0.legs[0].id) < ($1.startMs, $1.legs[0].id) }
    }
}

/// The outcome of a call at an entity (K1–K5).
public enum CallOutcome: String, Sendable, Equatable {
    /// Connected at the entity with talk ≥ `answered_min_talk_s`.
    case answered
    /// The caller hung up while it rang or queued at the entity.
    case abandoned
    /// Never alerted at the entity (busy, rejected, ring < 1 s without talk).
    case lostBusy
    /// Left the entity unanswered to another destination (another group, voicemail, a forward).
    case overflowed
}

/// What one call was at one entity: the per-call facts every KPI is computed from.
public struct CallFacts: Sendable, Equatable {
    /// The call.
    public var call: KPICall
    /// First alert at the entity (the instant the call is booked at).
    public var startMs: Int64
    /// The outcome.
    public var outcome: CallOutcome
    /// An abandon with a wait below `short_abandon_s`.
    public var isShortAbandon: Bool
    /// Entity view: first alert at the entity → answer (answered) or → hang-up (abandoned); 0 otherwise.
    public var waitMs: Int64
    /// Caller view: seizure of the call's first leg → answer (answered calls; 0 otherwise).
    public var callerWaitMs: Int64
    /// Ring time of each leg offered to the entity.
    public var ringMs: [Int64]
    /// Talk of the call's legs at the entity (incoming and outgoing).
    public var talkMs: Int64
    /// Whether the call was answered anywhere (not by voicemail).
    public var answeredAnywhere: Bool
}

/// Decides which legs belong to an entity.
struct EntityMatcher {
    let entity: KPIEntity
    let parameters: KPIParameters
    private let trunks: Set<String>
    private let huntGroup: HuntGroupSettings?
    private let sources: Set<String>

    init(entity: KPIEntity, parameters: KPIParameters) throws(AnalyticsError) {
        self.entity = entity
        self.parameters = parameters
        let group = parameters.trunkGroups.first { $0.name == entity.id }
        trunks = entity.kind == .trunk ? Set(group.map { $0.trunks.isEmpty ? [$0.name] : $0.trunks } ?? [entity.id]) : []
        huntGroup = entity.kind == .group ? parameters.huntGroups.first { $0.name == entity.id } : nil
        if entity.kind == .site {
            guard let sources = parameters.sites[entity.id] else { throw .unknownSite(entity.id) }
            self.sources = Set(sources)
        } else {
            sources = []
        }
    }

    /// The channels of a trunk entity's group, `nil` when none are configured.
    var channels: Int? {
        guard entity.kind == .trunk else { return nil }
        return parameters.trunkGroups.first { $0.name == entity.id }?.channels
    }

    /// Whether the leg was offered to the entity (dialled or ended there; not an outgoing leg).
    func isOffered(_ leg: KPILeg) -> Bool {
        switch entity.kind {
        case .group:
            guard leg.direction != .outgoing else { return false }
            if leg.huntGroup == entity.id { return true }
            // A leg the PBX booked at another group (an overflow that still carries this group's
            // pilot as the number first dialled) is that group's, not this one's.
            guard let huntGroup, leg.huntGroup.isEmpty else { return false }
            if huntGroup.pilots.contains(leg.called) || huntGroup.pilots.contains(leg.originalCalled) { return true }
            return leg.flags.contains(.huntGroup) && leg.huntGroup.isEmpty
                && huntGroup.members.contains(leg.destinationExtension ?? "")
        case .extension:
            guard leg.direction != .outgoing else { return false }
            return leg.destinationExtension == entity.id || leg.originalCalled == entity.id
        case .trunk:
            return leg.direction == .incoming && trunks.contains(leg.trunk)
        case .site:
            return leg.direction != .outgoing && sources.contains(leg.source)
        case .org:
            return leg.direction != .outgoing && leg.inNode
        case .enterprise:
            return leg.direction != .outgoing
        }
    }

    /// Whether the leg involves the entity at all (talk, occupancy, seizures), in any direction.
    func touches(_ leg: KPILeg) -> Bool {
        switch entity.kind {
        case .group: return isOffered(leg)
        case .extension: return isOffered(leg) || (leg.direction != .incoming && leg.localExtension == entity.id)
        case .trunk: return trunks.contains(leg.trunk)
        case .site: return sources.contains(leg.source)
        case .org: return leg.inNode
        case .enterprise: return true
        }
    }

    /// Whether an answer on `leg` is an answer by the entity (voicemail never is; for an
    /// extension, only a leg that ended at it).
    func answersForEntity(_ leg: KPILeg) -> Bool {
        guard !leg.flags.contains(.voicemail) else { return false }
        if entity.kind == .extension { return leg.destinationExtension == entity.id }
        return true
    }

    /// The facts of `call` at the entity, `nil` when it was not offered there.
    func facts(of call: KPICall) -> CallFacts? {
        let offered = call.legs.filter(isOffered)
        guard let first = offered.first else { return nil }
        let p = parameters
        func isAnswer(_ leg: KPILeg) -> Bool {
            leg.connectMs != nil && leg.talkMs >= p.answeredMinTalkMs
        }
        let answeredAnywhere = call.legs.contains { isAnswer($0) && !$0.flags.contains(.voicemail) }
        let talk = call.legs.filter(touches).reduce(Int64(0)) { $0 + $1.talkMs }
        let rings = offered.map(\.effectiveRingMs)
        if let answer = offered.first(where: { isAnswer($0) && answersForEntity($0) }), let connect = answer.connectMs {
            return CallFacts(call: call, startMs: first.startMs, outcome: .answered, isShortAbandon: false,
                             waitMs: max(0, connect - first.startMs), callerWaitMs: max(0, connect - call.startMs),
                             ringMs: rings, talkMs: talk, answeredAnywhere: answeredAnywhere)
        }
        // Not answered here: did it go on to another destination?
        let offeredIDs = Set(offered.map(\.id))
        let movedOn = call.legs.contains { leg in
            if offeredIDs.contains(leg.id) {
                return leg.flags.contains(.voicemail) || (entity.kind == .extension && leg.destinationExtension != entity.id)
            }
            return leg.startMs >= first.startMs
        }
        var outcome: CallOutcome
        if movedOn {
            outcome = .overflowed
        } else if offered.allSatisfy({ leg in
            leg.disposition == .busy || leg.disposition == .rejected
                || (leg.disposition != .noAnswer && leg.effectiveRingMs < 1000 && leg.talkMs == 0)
        }) {
            outcome = .lostBusy
        } else {
            outcome = .abandoned
        }
        let hangUp = offered.map(\.endMs).max() ?? first.endMs
        let wait = outcome == .abandoned ? max(0, hangUp - first.startMs) : 0
        return CallFacts(call: call, startMs: first.startMs, outcome: outcome,
                         isShortAbandon: outcome == .abandoned && wait < p.shortAbandonMs, waitMs: wait, callerWaitMs: 0,
                         ringMs: rings, talkMs: talk, answeredAnywhere: answeredAnywhere)
    }
}
