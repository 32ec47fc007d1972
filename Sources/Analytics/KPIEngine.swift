import Org
import Query
import TollbookCore

/// One caller with missed calls still unreturned when the callback window closed (K14).
public struct UnreturnedCaller: Sendable, Equatable, Codable {
    /// The caller's number as the principal's privacy package shows it.
    public var caller: String
    /// Missed calls from that number at the entity in the period.
    public var attempts: Int
    /// First missed call, ISO 8601 UTC.
    public var firstAttempt: String
    /// Last missed call, ISO 8601 UTC.
    public var lastAttempt: String

    /// Creates a row.
    public init(caller: String, attempts: Int, firstAttempt: String, lastAttempt: String) {
        self.caller = caller
        self.attempts = attempts
        self.firstAttempt = firstAttempt
        self.lastAttempt = lastAttempt
    }

    /// The JSON field names.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case caller, attempts, firstAttempt = "first_attempt", lastAttempt = "last_attempt"
    }
}

/// The KPI engine: K1–K20 of `analytics-kpis.md` §5 from call legs (`docs/kpis.md`).
public enum KPIEngine {
    /// How far before the period legs are read (calls that started earlier but still occupy it).
    public static let lookBackMs: Int64 = 86_400_000

    /// The buckets of `entity` for `[fromMs, toMs)`, from the legs `query`'s principal may see
    /// (scope, privacy: everything goes through the query layer).
    /// - Parameter nowMs: callback windows not closed by then are still open (not unreturned).
    /// - Throws: ``AnalyticsError`` for a bad period, an unknown site or org node; the query layer's errors.
    /// - Parameter minimumGroupSize: when a co-determination profile governs, its minimum group
    ///   size: the KPIs of an org node with fewer persons placed in it (or below it) during the
    ///   period are withheld (``AnalyticsError/belowMinimumGroupSize(entity:minimum:)``).
    /// - Parameter rollups: the roll-ups' settings when roll-ups are enabled (`rollups.enabled`): the
    ///   figures come from the stored roll-ups when they may answer (identical output; see
    ///   `docs/rollups.md`), else from the detail.
    public static func compute(query: CallQuery, entity: KPIEntity, fromMs: Int64, toMs: Int64, bucket: BucketSize,
                               parameters: KPIParameters, minimumGroupSize: Int? = nil,
                               nowMs: Int64 = MillisecondClock.system.now(), rollups: RollupSettings? = nil) throws -> [KPIBucket] {
        try checkGroupSize(query: query, entity: entity, fromMs: fromMs, toMs: toMs, minimum: minimumGroupSize)
        guard toMs > fromMs else { throw AnalyticsError.badPeriod(fromMs: fromMs, toMs: toMs) }
        if let rollups, let buckets = try computeFromRollups(query: query, entity: entity, fromMs: fromMs, toMs: toMs, bucket: bucket,
                                                             parameters: parameters, settings: rollups, nowMs: nowMs) {
            return buckets
        }
        let legs = try readLegs(query: query, entity: entity, fromMs: fromMs, toMs: toMs, parameters: parameters)
        return try compute(legs: legs, entity: entity, fromMs: fromMs, toMs: toMs, bucket: bucket, parameters: parameters,
                           nowMs: nowMs)
    }

    /// The unreturned callers (K14) of `entity` for `[fromMs, toMs)`, most attempts first.
    public static func unreturned(query: CallQuery, entity: KPIEntity, fromMs: Int64, toMs: Int64,
                                  parameters: KPIParameters, minimumGroupSize: Int? = nil,
                                  nowMs: Int64 = MillisecondClock.system.now()) throws -> [UnreturnedCaller] {
        try checkGroupSize(query: query, entity: entity, fromMs: fromMs, toMs: toMs, minimum: minimumGroupSize)
        let legs = try readLegs(query: query, entity: entity, fromMs: fromMs, toMs: toMs, parameters: parameters)
        return try unreturned(legs: legs, entity: entity, fromMs: fromMs, toMs: toMs, parameters: parameters, nowMs: nowMs)
    }

    /// The entities of `kind` the legs mention, sorted: hunt groups the PBX named or the
    /// configuration defines, extensions legs ended at, trunk groups (configured, else single
    /// trunks), sites of the configuration. `org` and `enterprise` give none.
    public static func entities(_ kind: KPIEntity.Kind, in legs: [KPILeg], parameters: KPIParameters) -> [KPIEntity] {
        var ids = Set<String>()
        switch kind {
        case .group:
            ids.formUnion(legs.map(\.huntGroup).filter { !$0.isEmpty })
            ids.formUnion(parameters.huntGroups.map(\.name))
        case .extension:
            ids.formUnion(legs.compactMap(\.destinationExtension).filter { !$0.isEmpty })
        case .trunk:
            let grouped = Set(parameters.trunkGroups.flatMap(\.trunks))
            ids.formUnion(parameters.trunkGroups.map(\.name))
            ids.formUnion(legs.map(\.trunk).filter { !$0.isEmpty && !grouped.contains($0) })
        case .site:
            ids.formUnion(parameters.sites.keys)
        case .org, .enterprise:
            return []
        }
        return ids.sorted().map { KPIEntity(kind: kind, id: $0) }
    }

    /// Distinct persons placed in the org node at `path` or a node below it at some time in `[fromMs, toMs)`.
    public static func persons(inOrgNode path: String, chart: OrgChart, fromMs: Int64, toMs: Int64) throws -> Int {
        let components = path.split(separator: "/").map(String.init)
        guard let node = try chart.node(at: OrgPath(components: components)) else { throw AnalyticsError.unknownOrgNode(path) }
        let nodes = try chart.nodes(includingRemoved: true)
        var subtree: Set<Int64> = [node.id]
        var grew = true
        while grew {
            grew = false
            for candidate in nodes where !subtree.contains(candidate.id) {
                if let parent = candidate.parentID, subtree.contains(parent) {
                    subtree.insert(candidate.id)
                    grew = true
                }
            }
        }
        let persons = try chart.placements().filter { period in
            subtree.contains(period.targetID) && period.fromMs < toMs && (period.toMs ?? Int64.max) > fromMs
        }
        return Set(persons.map(\.participantID)).count
    }

    /// Throws when an org node's KPIs fall under the minimum group size.
    static func checkGroupSize(query: CallQuery, entity: KPIEntity, fromMs: Int64, toMs: Int64, minimum: Int?) throws {
        guard let minimum, entity.kind == .org else { return }
        if try persons(inOrgNode: entity.id, chart: query.chart, fromMs: fromMs, toMs: toMs) < minimum {
            throw AnalyticsError.belowMinimumGroupSize(entity: entity.description, minimum: minimum)
        }
    }

    /// The legs of `[from − 1 day, to + max(W, repeat window) + 1 day)` the principal may see —
    /// read once, then ``compute(legs:entity:fromMs:toMs:bucket:parameters:nowMs:)`` for several
    /// entities (a report over every hunt group). For an `org` entity the legs say whether they
    /// belong to it; for other kinds any entity may be computed from them.
    /// - Throws: ``AnalyticsError/badPeriod(fromMs:toMs:)``, ``AnalyticsError/unknownOrgNode(_:)``, the query layer's errors.
    public static func readLegs(query: CallQuery, entity: KPIEntity, fromMs: Int64, toMs: Int64,
                         parameters: KPIParameters) throws -> [KPILeg] {
        guard toMs > fromMs else { throw AnalyticsError.badPeriod(fromMs: fromMs, toMs: toMs) }
        var nodeID: Int64?
        if entity.kind == .org {
            let path = OrgPath(components: entity.id.split(separator: "/").map(String.init))
            guard let node = try query.chart.node(at: path) else { throw AnalyticsError.unknownOrgNode(entity.id) }
            nodeID = node.id
        }
        let ahead = max(parameters.callbackWindowMs, parameters.repeatWindowMs) + lookBackMs
        var legs: [KPILeg] = []
        try query.analyticsLegs(fromMs: fromMs - lookBackMs, toMs: toMs + ahead, nodeID: nodeID) { legs.append(KPILeg($0)) }
        return legs
    }

    /// The buckets of `entity` for `[fromMs, toMs)` from `legs` (which should reach a day before
    /// the period and the callback / repeat window plus a day after it).
    public static func compute(legs: [KPILeg], entity: KPIEntity, fromMs: Int64, toMs: Int64, bucket: BucketSize,
                               parameters: KPIParameters,
                               nowMs: Int64 = MillisecondClock.system.now()) throws -> [KPIBucket] {
        guard toMs > fromMs else { throw AnalyticsError.badPeriod(fromMs: fromMs, toMs: toMs) }
        let matcher = try EntityMatcher(entity: entity, parameters: parameters)
        let calls = KPICall.group(legs)
        let facts = calls.compactMap(matcher.facts(of:))
        let callbacks = CallbackIndex(calls: calls, parameters: parameters, nowMs: nowMs)
        let occupancy = occupancyIntervals(calls: calls, matcher: matcher)
        let seizures = calls.flatMap(\.legs).filter { $0.direction == .outgoing && matcher.touches($0) }
        // Talk counts for every call touching the entity (outgoing ones too), at its first leg there.
        let talks = calls.compactMap { call -> (startMs: Int64, talkMs: Int64)? in
            let legs = call.legs.filter(matcher.touches)
            guard let first = legs.first else { return nil }
            return (first.startMs, legs.reduce(Int64(0)) { $0 + $1.talkMs })
        }
        let allBounds = KPIBuckets.bounds(fromMs: fromMs, toMs: toMs, size: bucket)
        let factsByBucket = KPIBuckets.partition(facts, bounds: allBounds, at: \.startMs)
        let talksByBucket = KPIBuckets.partition(talks, bounds: allBounds, at: \.startMs)
        let seizuresByBucket = KPIBuckets.partition(seizures, bounds: allBounds, at: \.startMs)
        let traffic = IntervalIndex(occupancy)
        return allBounds.indices.map { index in
            let bounds = allBounds[index]
            var result = KPIBucket(entity: entity.description, bucketStart: KPIMath.iso(bounds.start),
                                   bucketEnd: KPIMath.iso(bounds.end))
            let inBucket = factsByBucket[index]
            fillCallKPIs(&result, inBucket, parameters)
            let talk = talksByBucket[index].reduce(Int64(0)) { $0 + $1.talkMs }
            result.talkSeconds = KPIMath.round(Double(talk) / 1000, 2)
            result.avgTalkSeconds = KPIMath.averageSeconds(talk, result.answered)
            fillCallbacks(&result, inBucket, callbacks)
            fillTraffic(&result, traffic.overlapping(bounds.start, bounds.end), bounds, channels: matcher.channels)
            let legsInBucket = seizuresByBucket[index]
            let answeredSeizures = legsInBucket.filter { $0.connectMs != nil }.count
            let effective = legsInBucket.filter {
                $0.connectMs != nil || [.busy, .noAnswer, .rejected].contains($0.disposition)
            }.count
            result.asr = KPIMath.percent(answeredSeizures, legsInBucket.count)
            result.ner = KPIMath.percent(effective, legsInBucket.count)
            return result
        }
    }

    /// K1–K10 (K11 is summed over every call touching the entity, in ``compute(legs:entity:fromMs:toMs:bucket:parameters:nowMs:)``).
    static func fillCallKPIs(_ r: inout KPIBucket, _ facts: [CallFacts], _ p: KPIParameters) {
        let answered = facts.filter { $0.outcome == .answered }
        let abandoned = facts.filter { $0.outcome == .abandoned }
        let short = abandoned.filter(\.isShortAbandon).count
        r.offered = facts.count
        r.answered = answered.count
        r.abandoned = abandoned.count
        r.shortAbandoned = short
        r.lostBusy = facts.filter { $0.outcome == .lostBusy }.count
        r.overflowed = facts.filter { $0.outcome == .overflowed }.count
        let answeredWithinT = answered.filter { $0.waitMs <= p.slThresholdMs }.count
        let abandonedWithinT = abandoned.filter { $0.waitMs <= p.slThresholdMs }.count
        r.serviceLevelVariant = p.slVariant
        r.serviceLevel = serviceLevel(variant: p.slVariant, answeredWithinT: answeredWithinT,
                                      abandonedWithinT: abandonedWithinT, shortAbandoned: short,
                                      offered: facts.count, answered: answered.count)
        r.answerRate = KPIMath.percent(answered.count, facts.count - short)
        r.abandonRate = KPIMath.percent(abandoned.count - short, facts.count - short)
        r.abandonRateRaw = KPIMath.percent(abandoned.count, facts.count)
        r.asaSeconds = KPIMath.averageSeconds(answered.reduce(0) { $0 + $1.waitMs }, answered.count)
        r.asaSecondsCallerView = KPIMath.averageSeconds(answered.reduce(0) { $0 + $1.callerWaitMs }, answered.count)
        let rings = facts.flatMap(\.ringMs)
        r.avgRingSeconds = KPIMath.averageSeconds(rings.reduce(0, +), rings.count)
    }

    /// K6 by variant (`analytics-kpis.md` §1.3), percent.
    public static func serviceLevel(variant: SLVariant, answeredWithinT: Int, abandonedWithinT: Int, shortAbandoned: Int,
                                    offered: Int, answered: Int) -> Double? {
        switch variant {
        case .ignoreShort: return KPIMath.percent(answeredWithinT, offered - shortAbandoned)
        case .negative: return KPIMath.percent(answeredWithinT, offered)
        case .ignoreWithinT: return KPIMath.percent(answeredWithinT, offered - abandonedWithinT)
        case .positive: return KPIMath.percent(answeredWithinT + abandonedWithinT, offered)
        case .answeredOnly: return KPIMath.percent(answeredWithinT, answered)
        case .answerRate: return KPIMath.percent(answered, offered)
        }
    }

    /// K12–K14 and K20.
    static func fillCallbacks(_ r: inout KPIBucket, _ facts: [CallFacts], _ index: CallbackIndex) {
        let missed = facts.filter { !$0.answeredAnywhere && $0.call.direction == .incoming && $0.call.remoteKey != nil }
        var resolved = 0, closed = 0
        var times: [Int64] = []
        var lastByCaller: [Int: (startMs: Int64, state: CallbackIndex.State)] = [:]
        for fact in missed {
            let state = index.state(of: fact.call)
            switch state {
            case let .resolved(callbackMs):
                resolved += 1
                closed += 1
                if let callbackMs { times.append(callbackMs) }
            case .unreturned: closed += 1
            case .open: break
            }
            if let key = fact.call.remoteKey, (lastByCaller[key]?.startMs ?? Int64.min) <= fact.call.startMs {
                lastByCaller[key] = (fact.call.startMs, state)
            }
        }
        r.missedCallbackable = missed.count
        r.missedResolved = resolved
        r.missedResolutionRate = KPIMath.percent(resolved, closed)
        let callerStates = lastByCaller.values.map(\.state)
        let callersResolved = callerStates.filter { if case .resolved = $0 { return true } else { return false } }.count
        let callersUnreturned = callerStates.filter { $0 == .unreturned }.count
        r.missedResolutionRateCallers = KPIMath.percent(callersResolved, callersResolved + callersUnreturned)
        r.unreturned = callersUnreturned
        r.callbackMedianSeconds = KPIMath.median(times).map { KPIMath.round($0 / 1000, 2) }
        r.callbackP90Seconds = KPIMath.percentile(times, 90).map { KPIMath.round($0 / 1000, 2) }
        let answered = facts.filter { $0.outcome == .answered }
        let repeated = answered.filter { index.isRepeated($0.call) }.count
        r.repeatCallRate = KPIMath.percent(repeated, answered.count)
    }

    /// Occupancy intervals at the entity: per leg on a trunk group (each leg holds a channel),
    /// per call elsewhere (first seizure → last release of the legs at the entity).
    static func occupancyIntervals(calls: [KPICall], matcher: EntityMatcher) -> [(start: Int64, end: Int64)] {
        var intervals: [(start: Int64, end: Int64)] = []
        for call in calls {
            let legs = call.legs.filter(matcher.touches)
            guard !legs.isEmpty else { continue }
            if matcher.entity.kind == .trunk {
                intervals += legs.map(\.occupancy)
            } else {
                let spans = legs.map(\.occupancy)
                intervals.append((spans.map(\.start).min() ?? 0, spans.map(\.end).max() ?? 0))
            }
        }
        return intervals
    }

    /// K15–K18.
    static func fillTraffic(_ r: inout KPIBucket, _ intervals: [(start: Int64, end: Int64)],
                            _ bounds: (start: Int64, end: Int64), channels: Int?) {
        let bucketMs = bounds.end - bounds.start
        let carried = KPIMath.clippedMs(intervals, from: bounds.start, to: bounds.end)
        let erlang = Double(carried) / Double(bucketMs)
        r.carriedErlang = KPIMath.round(erlang, 4)
        let clipped = intervals.compactMap { interval -> (start: Int64, end: Int64)? in
            let start = max(interval.start, bounds.start), end = min(interval.end, bounds.end)
            return end > start ? (start, end) : nil
        }
        r.peakConcurrency = KPIMath.peakConcurrency(clipped)
        if let channels {
            r.utilisation = KPIMath.round(100 * Double(carried) / (Double(bucketMs) * Double(channels)), 2)
            r.blocking = KPIMath.round(100 * KPIMath.erlangB(traffic: erlang, channels: channels), 2)
        }
        r.fillBusyHours(bounds) { KPIMath.clippedMs(clipped, from: $0, to: $0 + 900_000) }
    }

    /// The unreturned callers of `entity` in `[fromMs, toMs)` from `legs` (see ``unreturned(query:entity:fromMs:toMs:parameters:nowMs:)``).
    public static func unreturned(legs: [KPILeg], entity: KPIEntity, fromMs: Int64, toMs: Int64, parameters: KPIParameters,
                                  nowMs: Int64 = MillisecondClock.system.now()) throws -> [UnreturnedCaller] {
        guard toMs > fromMs else { throw AnalyticsError.badPeriod(fromMs: fromMs, toMs: toMs) }
        let matcher = try EntityMatcher(entity: entity, parameters: parameters)
        let calls = KPICall.group(legs)
        let index = CallbackIndex(calls: calls, parameters: parameters, nowMs: nowMs)
        let missed = calls.compactMap(matcher.facts(of:)).filter {
            $0.startMs >= fromMs && $0.startMs < toMs && !$0.answeredAnywhere && $0.call.direction == .incoming
                && $0.call.remoteKey != nil
        }
        var byCaller: [Int: [CallFacts]] = [:]
        for fact in missed { byCaller[fact.call.remoteKey ?? 0, default: []].append(fact) }
        var rows: [UnreturnedCaller] = []
        for attempts in byCaller.values {
            let sorted = attempts.sorted { $0.startMs < $1.startMs }
            guard let last = sorted.last, index.state(of: last.call) == .unreturned else { continue }
            rows.append(UnreturnedCaller(caller: last.call.remoteDisplay, attempts: sorted.count,
                                         firstAttempt: KPIMath.iso(sorted[0].startMs), lastAttempt: KPIMath.iso(last.startMs)))
        }
        return rows.sorted { ($1.attempts, $0.firstAttempt) < ($0.attempts, $1.firstAttempt) }
    }
}

/// Callback and repeat matching on the opaque number keys of the query layer.
struct CallbackIndex {
    /// What became of a missed call.
    enum State: Equatable {
        /// Resolved within W; with the time to the answered outgoing callback when there was one.
        case resolved(callbackMs: Int64?)
        /// Not resolved and the window has closed.
        case unreturned
        /// Not resolved yet, but the window is still open.
        case open
    }

    let parameters: KPIParameters
    let nowMs: Int64
    /// Answered outgoing calls by number key: their starts, sorted.
    private var outgoing: [Int: [Int64]] = [:]
    /// Incoming calls by number key: (start, answered), sorted by start.
    private var incoming: [Int: [(startMs: Int64, answered: Bool)]] = [:]

    init(calls: [KPICall], parameters: KPIParameters, nowMs: Int64) {
        self.parameters = parameters
        self.nowMs = nowMs
        for call in calls {
            guard let key = call.remoteKey else { continue }
            let answered = call.legs.contains { $0.connectMs != nil && $0.talkMs >= parameters.answeredMinTalkMs
                && !$0.flags.contains(.voicemail) }
            switch call.direction {
            case .outgoing: if answered { outgoing[key, default: []].append(call.startMs) }
            case .incoming: incoming[key, default: []].append((call.startMs, answered))
            default: break
            }
        }
        for key in outgoing.keys { outgoing[key]?.sort() }
        for key in incoming.keys { incoming[key]?.sort { $0.startMs < $1.startMs } }
    }

    /// Whether the missed `call` was resolved within W (after its end, ≤ W later): by an answered
    /// outgoing call to the number or an answered incoming call from it.
    func state(of call: KPICall) -> State {
        guard let key = call.remoteKey else { return .unreturned }
        let end = call.endMs, limit = end + parameters.callbackWindowMs
        let callback = outgoing[key]?.first { $0 >= end && $0 <= limit }
        let retry = incoming[key]?.first { $0.startMs > call.startMs && $0.startMs >= end && $0.startMs <= limit && $0.answered }
        if let callback { return .resolved(callbackMs: callback - end) }
        if retry != nil { return .resolved(callbackMs: nil) }
        return limit <= nowMs ? .unreturned : .open
    }

    /// Whether another incoming call from the same number followed the answered `call` more than
    /// the transfer gap and at most the repeat window after its end.
    func isRepeated(_ call: KPICall) -> Bool {
        guard call.direction == .incoming, let key = call.remoteKey else { return false }
        let end = call.endMs
        return incoming[key]?.contains {
            $0.startMs - end > parameters.transferGapMs && $0.startMs - end <= parameters.repeatWindowMs
        } ?? false
    }
}
