import TollbookCore

/// Strings replaced by small integers (0 is the empty string), so that the roll-up builder
/// compares and hashes integers instead of text.
struct RollupInterner {
    private(set) var ids: [String: Int32] = ["": 0]
    private(set) var names: [String] = [""]

    /// The id of `text`, made on first use.
    mutating func id(_ text: String) -> Int32 {
        if let known = ids[text] { return known }
        let id = Int32(names.count)
        ids[text] = id
        names.append(text)
        return id
    }

    /// The id of `text` if it was seen.
    func existing(_ text: String) -> Int32? { ids[text] }
}

/// A leg with its text interned: what the roll-up builder works on.
struct RollupLeg {
    var id: Int64
    /// Interned correlation id; 0: a call of its own.
    var correlation: Int32
    var startMs: Int64
    /// `Int64.min`: never connected.
    var answerMs: Int64
    var endMs: Int64
    var ringMs: Int64
    var talkMs: Int64
    var direction: Direction
    var disposition: Disposition
    var flags: CallFlags
    var group: Int32
    var localExtension: Int32
    var called: Int32
    var originalCalled: Int32
    var trunk: Int32
    var source: Int32
    /// `Int64.min`: no external number.
    var remoteKey: Int64

    init(_ leg: KPILeg, _ interner: inout RollupInterner) {
        id = leg.id
        correlation = leg.correlationID.isEmpty ? 0 : interner.id(leg.correlationID)
        startMs = leg.startMs
        answerMs = leg.answerMs ?? Int64.min
        endMs = leg.endMs
        ringMs = leg.ringMs
        talkMs = leg.talkMs
        direction = leg.direction
        disposition = leg.disposition
        flags = leg.flags
        group = interner.id(leg.huntGroup)
        localExtension = interner.id(leg.localExtension)
        called = interner.id(leg.called)
        originalCalled = interner.id(leg.originalCalled)
        trunk = interner.id(leg.trunk)
        source = interner.id(leg.source)
        remoteKey = leg.remoteKey.map(Int64.init) ?? Int64.min
    }

    /// As ``KPILeg/destinationExtension``; -1 for outgoing legs.
    var destinationExtension: Int32 {
        switch direction {
        case .incoming: return localExtension
        case .internal, .unknown: return called
        case .outgoing: return -1
        }
    }

    /// As ``KPILeg/effectiveRingMs``.
    var effectiveRingMs: Int64 {
        if ringMs > 0 { return ringMs }
        return max(0, (answerMs != Int64.min ? answerMs : endMs) - startMs)
    }

    /// As ``KPILeg/connectMs``; `Int64.min` when never connected.
    var connectMs: Int64 {
        if answerMs != Int64.min { return answerMs }
        return disposition == .answered ? startMs + ringMs : Int64.min
    }

    /// As ``KPILeg/occupancy``.
    var occupancy: (start: Int64, end: Int64) {
        if endMs > startMs { return (startMs, endMs) }
        let connect = connectMs
        if connect != Int64.min, talkMs > 0 { return (connect, connect + talkMs) }
        return (startMs, startMs)
    }
}

/// A rolled-up entity with what its matcher needs, in interned form.
struct RollupEntitySpec {
    let entity: KPIEntity
    let name: Int32
    let parameters: KPIParameters
    /// Configured hunt group: pilots and members (nil: only the PBX's group name matches).
    let pilots: Set<Int32>?
    let members: Set<Int32>
    /// Trunk group or single trunk: its trunks.
    let trunks: Set<Int32>
    /// Site: its sources.
    let sources: Set<Int32>
    /// Index into the builder's callback indexes.
    let callbackIndex: Int

    /// As ``EntityMatcher/isOffered(_:)``.
    @inline(__always)
    func isOffered(_ leg: RollupLeg) -> Bool {
        switch entity.kind {
        case .group:
            guard leg.direction != .outgoing else { return false }
            if leg.group == name { return true }
            guard let pilots else { return false }
            if pilots.contains(leg.called) || pilots.contains(leg.originalCalled) { return true }
            return leg.flags.contains(.huntGroup) && leg.group == 0 && members.contains(leg.destinationExtension)
        case .trunk: return leg.direction == .incoming && trunks.contains(leg.trunk)
        case .site: return leg.direction != .outgoing && sources.contains(leg.source)
        case .enterprise: return leg.direction != .outgoing
        case .extension, .org: return false
        }
    }

    /// As ``EntityMatcher/touches(_:)``.
    @inline(__always)
    func touches(_ leg: RollupLeg) -> Bool {
        switch entity.kind {
        case .group: return isOffered(leg)
        case .trunk: return trunks.contains(leg.trunk)
        case .site: return sources.contains(leg.source)
        case .enterprise: return true
        case .extension, .org: return false
        }
    }
}

/// Callback and repeat matching (as ``CallbackIndex``) on interned legs, for one set of parameters.
struct RollupCallbackIndex {
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

    /// Adds a call (its legs `legs[range]` via `order`).
    mutating func add(key: Int64, direction: Direction, startMs: Int64, answered: Bool) {
        switch direction {
        case .outgoing: if answered { outgoing[key, default: []].append(startMs) }
        case .incoming: incoming[key, default: []].append((startMs, answered))
        default: break
        }
    }

    mutating func sort() {
        for key in outgoing.keys { outgoing[key]?.sort() }
        for key in incoming.keys { incoming[key]?.sort { $0.startMs < $1.startMs } }
    }

    /// Resolution of a missed call: `nil` when unresolved; else the time to the answered outgoing
    /// callback (`-1` when resolved by an answered incoming retry).
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
