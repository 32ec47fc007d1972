import TollbookCore

extension RollupLeg {
    /// The leg of a ``KPILeg`` (its `remoteKey` taken as the stable key).
    public init(_ leg: KPILeg) {
        self.init(id: leg.id, correlation: RollupHash.of(leg.correlationID), startMs: leg.startMs,
                  answerMs: leg.answerMs ?? Int64.min, endMs: leg.endMs, ringMs: leg.ringMs, talkMs: leg.talkMs,
                  direction: leg.direction, disposition: leg.disposition, flags: leg.flags,
                  group: RollupHash.of(leg.huntGroup), localExtension: RollupHash.of(leg.localExtension),
                  called: RollupHash.of(leg.called), originalCalled: RollupHash.of(leg.originalCalled),
                  trunk: RollupHash.of(leg.trunk), source: RollupHash.of(leg.source),
                  remoteKey: leg.remoteKey.map(Int64.init) ?? Int64.min)
    }

    /// As ``KPILeg/destinationExtension``; `nil` for outgoing legs.
    @inline(__always)
    var destinationExtension: UInt64? {
        switch direction {
        case .incoming: return localExtension
        case .internal, .unknown: return called
        case .outgoing: return nil
        }
    }

    /// As ``KPILeg/effectiveRingMs``.
    @inline(__always)
    var effectiveRingMs: Int64 {
        if ringMs > 0 { return ringMs }
        return max(0, (answerMs != Int64.min ? answerMs : endMs) - startMs)
    }

    /// As ``KPILeg/connectMs``; `Int64.min` when never connected.
    @inline(__always)
    var connectMs: Int64 {
        if answerMs != Int64.min { return answerMs }
        return disposition == .answered ? startMs + ringMs : Int64.min
    }

    /// As ``KPILeg/occupancy``.
    @inline(__always)
    var occupancy: (start: Int64, end: Int64) {
        if endMs > startMs { return (startMs, endMs) }
        let connect = connectMs
        if connect != Int64.min, talkMs > 0 { return (connect, connect + talkMs) }
        return (startMs, startMs)
    }
}

/// A rolled-up entity with what its matcher needs, on hashes (the rules of ``EntityMatcher``).
final class RollupEntitySpec {
    let entity: KPIEntity
    let kind: KPIEntity.Kind
    let name: UInt64
    let parameters: KPIParameters
    /// Configured hunt group: pilots (nil: only the PBX's group name matches) and members.
    let pilots: Set<UInt64>?
    let members: Set<UInt64>
    /// Trunk group or single trunk: its trunks.
    let trunks: Set<UInt64>
    /// Site: its sources.
    let sources: Set<UInt64>
    /// Index into the builder's callback indexes.
    let callbackIndex: Int

    init(entity: KPIEntity, kind: KPIEntity.Kind, name: UInt64, parameters: KPIParameters, pilots: Set<UInt64>?,
         members: Set<UInt64>, trunks: Set<UInt64>, sources: Set<UInt64>, callbackIndex: Int) {
        self.entity = entity
        self.kind = kind
        self.name = name
        self.parameters = parameters
        self.pilots = pilots
        self.members = members
        self.trunks = trunks
        self.sources = sources
        self.callbackIndex = callbackIndex
    }

    /// As ``EntityMatcher/isOffered(_:)``.
    @inline(__always)
    func isOffered(_ leg: RollupLeg) -> Bool {
        switch kind {
        case .group:
            guard leg.direction != .outgoing else { return false }
            if leg.group == name { return true }
            guard let pilots, leg.group == 0 else { return false }
            if pilots.contains(leg.called) || pilots.contains(leg.originalCalled) { return true }
            guard leg.flags.contains(.huntGroup), leg.group == 0, let destination = leg.destinationExtension else { return false }
            return members.contains(destination)
        case .trunk: return leg.direction == .incoming && trunks.contains(leg.trunk)
        case .site: return leg.direction != .outgoing && sources.contains(leg.source)
        case .enterprise: return leg.direction != .outgoing
        case .extension, .org: return false
        }
    }

    /// As ``EntityMatcher/touches(_:)``.
    @inline(__always)
    func touches(_ leg: RollupLeg) -> Bool {
        switch kind {
        case .group: return isOffered(leg)
        case .trunk: return trunks.contains(leg.trunk)
        case .site: return sources.contains(leg.source)
        case .enterprise: return true
        case .extension, .org: return false
        }
    }
}

/// Callback and repeat matching (as ``CallbackIndex``) on number keys, for one set of parameters
/// (a class: the builder consults it per call without copying its tables).
final class RollupCallbackIndex {
    let answeredMinTalkMs: Int64
    let callbackWindowMs: Int64
    let repeatWindowMs: Int64
    let transferGapMs: Int64
    /// Answered outgoing calls' starts by number key, sorted.
    private var outgoing: [Int64: [Int64]] = [:]
    /// Incoming calls by number key: (start, answered), sorted by start.
    private var incoming: [Int64: [(startMs: Int64, answered: Bool)]] = [:]

    init(parameters p: KPIParameters) {
        answeredMinTalkMs = p.answeredMinTalkMs
        callbackWindowMs = p.callbackWindowMs
        repeatWindowMs = p.repeatWindowMs
        transferGapMs = p.transferGapMs
    }

    func sameParameters(_ p: KPIParameters) -> Bool {
        answeredMinTalkMs == p.answeredMinTalkMs && callbackWindowMs == p.callbackWindowMs
            && repeatWindowMs == p.repeatWindowMs && transferGapMs == p.transferGapMs
    }

    /// Adds a call by its first leg's direction and start.
    func add(key: Int64, direction: Direction, startMs: Int64, answered: Bool) {
        switch direction {
        case .outgoing: if answered { outgoing[key, default: []].append(startMs) }
        case .incoming: incoming[key, default: []].append((startMs, answered))
        default: break
        }
    }

    /// Sorts the lists once all calls are in.
    func sort() {
        for key in outgoing.keys { outgoing[key]?.sort() }
        for key in incoming.keys { incoming[key]?.sort { $0.startMs < $1.startMs } }
    }

    /// Resolution of a missed call: `nil` when unresolved; else the time to the answered outgoing
    /// callback (`-1` when an answered incoming retry resolved it).
    func resolution(key: Int64, startMs: Int64, endMs: Int64) -> Int64? {
        let limit = endMs + callbackWindowMs
        if let starts = outgoing[key], let callback = starts.first(where: { $0 >= endMs && $0 <= limit }) {
            return callback - endMs
        }
        if let calls = incoming[key],
           calls.contains(where: { $0.startMs > startMs && $0.startMs >= endMs && $0.startMs <= limit && $0.answered }) {
            return -1
        }
        return nil
    }

    /// As ``CallbackIndex/isRepeated(_:)`` for an incoming call with `key` ending at `endMs`.
    func isRepeated(key: Int64, endMs: Int64) -> Bool {
        incoming[key]?.contains { $0.startMs - endMs > transferGapMs && $0.startMs - endMs <= repeatWindowMs } ?? false
    }
}
