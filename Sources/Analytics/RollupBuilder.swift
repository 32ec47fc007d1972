/// Builds roll-up rows (``RollupRow``) from call legs: the same per-call facts as ``KPIEngine``,
/// summed per quarter hour and entity instead of per requested bucket.
public enum RollupBuilder {
    /// A quarter hour, ms.
    public static let quarterMs: Int64 = 900_000
    /// The entity kinds that are rolled up. Extensions (person-level figures, under privacy
    /// packages and erasure) and org nodes (allocation follows the org chart at read time) are
    /// always computed from the detail.
    public static let kinds: Set<KPIEntity.Kind> = [.group, .trunk, .site, .enterprise]

    /// How far before a range the detail the rows depend on starts (calls begun earlier that
    /// still occupy it; legs of one call).
    public static let lookBehindMs: Int64 = KPIEngine.lookBackMs

    /// How far after a range the detail the rows depend on reaches: callbacks within W, repeats
    /// within the repeat window, plus a day for the calls' other legs.
    public static func lookAheadMs(_ settings: RollupSettings) -> Int64 {
        let all = [settings.defaults] + Array(settings.own.values)
        return all.map { max($0.callbackWindowMs, $0.repeatWindowMs) }.max().map { $0 + KPIEngine.lookBackMs }
            ?? KPIEngine.lookBackMs
    }

    /// The start of the quarter hour containing `ms` (UTC).
    public static func quarter(containing ms: Int64) -> Int64 {
        KPIBuckets.floorDiv(ms, quarterMs) * quarterMs
    }

    /// The rows of every rolled-up entity with something booked in the quarters of
    /// `[fromMs, toMs)` (both multiples of ``quarterMs``), from `legs`, which must hold every leg
    /// starting in `[fromMs − lookBehindMs, toMs + lookAheadMs)` (other legs are ignored). Legs'
    /// `remoteKey`s must be stable keys of the real number (they end up in ``RollupCaller/key``).
    /// Rows come sorted by quarter, then entity.
    public static func rows(legs: [KPILeg], fromMs: Int64, toMs: Int64, settings: RollupSettings) -> [RollupRow] {
        guard toMs > fromMs else { return [] }
        var accumulator = RollupAccumulator(fromMs: fromMs, toMs: toMs, settings: settings)
        let calls = KPICall.group(legs)
        let callbacks = CallbackIndexes(calls: calls, settings: settings)
        for call in calls {
            accumulator.add(call, callbacks: callbacks)
        }
        return accumulator.rows()
    }
}

/// The callback and repeat matching of ``KPIEngine`` (``CallbackIndex``) for each distinct set of
/// the parameters it depends on (a hunt group may require more talk for an answer).
struct CallbackIndexes {
    private var indexes: [CallbackKey: CallbackIndex] = [:]
    private let calls: [KPICall]

    /// The parameters a ``CallbackIndex`` depends on.
    struct CallbackKey: Hashable {
        let answeredMinTalkMs: Int64, callbackWindowMs: Int64, repeatWindowMs: Int64, transferGapMs: Int64

        init(_ p: KPIParameters) {
            answeredMinTalkMs = p.answeredMinTalkMs
            callbackWindowMs = p.callbackWindowMs
            repeatWindowMs = p.repeatWindowMs
            transferGapMs = p.transferGapMs
        }
    }

    init(calls: [KPICall], settings: RollupSettings) {
        self.calls = calls
        for parameters in [settings.defaults] + Array(settings.own.values) {
            let key = CallbackKey(parameters)
            if indexes[key] == nil {
                // Resolution does not depend on the clock: open vs unreturned is decided when reading.
                indexes[key] = CallbackIndex(calls: calls, parameters: parameters, nowMs: Int64.max)
            }
        }
    }

    func index(for parameters: KPIParameters) -> CallbackIndex {
        indexes[CallbackKey(parameters)] ?? CallbackIndex(calls: calls, parameters: parameters, nowMs: Int64.max)
    }
}

/// Which rolled-up entities a leg can belong to, from the configured hunt groups, trunk groups
/// and sites, so that each call is matched against a handful of entities instead of all.
struct RollupEntityIndex {
    private var groupsByPilot: [String: [String]] = [:]
    private var groupsByMember: [String: [String]] = [:]
    private var trunkGroupsByTrunk: [String: [String]] = [:]
    private var trunkGroupNames: Set<String> = []
    private var sitesBySource: [String: [String]] = [:]

    init(_ parameters: KPIParameters) {
        for group in parameters.huntGroups {
            for pilot in group.pilots { groupsByPilot[pilot, default: []].append(group.name) }
            for member in group.members { groupsByMember[member, default: []].append(group.name) }
        }
        for group in parameters.trunkGroups {
            trunkGroupNames.insert(group.name)
            for trunk in group.trunks.isEmpty ? [group.name] : group.trunks {
                trunkGroupsByTrunk[trunk, default: []].append(group.name)
            }
        }
        for (site, sources) in parameters.sites {
            for source in sources { sitesBySource[source, default: []].append(site) }
        }
    }

    /// Candidate entities of `leg` (the entity's matcher decides).
    func candidates(of leg: KPILeg, into set: inout Set<KPIEntity>) {
        if !leg.huntGroup.isEmpty { set.insert(KPIEntity(kind: .group, id: leg.huntGroup)) }
        for name in groupsByPilot[leg.called] ?? [] { set.insert(KPIEntity(kind: .group, id: name)) }
        for name in groupsByPilot[leg.originalCalled] ?? [] { set.insert(KPIEntity(kind: .group, id: name)) }
        if let destination = leg.destinationExtension {
            for name in groupsByMember[destination] ?? [] { set.insert(KPIEntity(kind: .group, id: name)) }
        }
        if !leg.trunk.isEmpty {
            for name in trunkGroupsByTrunk[leg.trunk] ?? [] { set.insert(KPIEntity(kind: .trunk, id: name)) }
            // A single trunk is an entity of its own unless a trunk group has its name.
            if !trunkGroupNames.contains(leg.trunk) { set.insert(KPIEntity(kind: .trunk, id: leg.trunk)) }
        }
        for name in sitesBySource[leg.source] ?? [] { set.insert(KPIEntity(kind: .site, id: name)) }
    }
}

/// Sums per-call facts into rows per quarter and entity.
struct RollupAccumulator {
    let fromMs: Int64
    let toMs: Int64
    let settings: RollupSettings
    private let index: RollupEntityIndex
    private var matchers: [KPIEntity: EntityMatcher] = [:]
    private var rowsByKey: [RowKey: RollupRow] = [:]
    /// Occupancy intervals per entity, booked after all calls are in.
    private var occupancy: [KPIEntity: [(start: Int64, end: Int64)]] = [:]

    struct RowKey: Hashable {
        let quarterMs: Int64
        let entity: KPIEntity
    }

    init(fromMs: Int64, toMs: Int64, settings: RollupSettings) {
        self.fromMs = fromMs
        self.toMs = toMs
        self.settings = settings
        index = RollupEntityIndex(settings.defaults)
    }

    private mutating func matcher(for entity: KPIEntity) -> EntityMatcher? {
        if let known = matchers[entity] { return known }
        guard let made = try? EntityMatcher(entity: entity, parameters: settings.parameters(for: entity)) else { return nil }
        matchers[entity] = made
        return made
    }

    private func inRange(_ ms: Int64) -> Bool { ms >= fromMs && ms < toMs }

    private mutating func withRow(_ entity: KPIEntity, at ms: Int64, _ body: (inout RollupRow) -> Void) {
        let key = RowKey(quarterMs: RollupBuilder.quarter(containing: ms), entity: entity)
        var row = rowsByKey[key] ?? RollupRow(quarterMs: key.quarterMs, entity: entity)
        body(&row)
        rowsByKey[key] = row
    }

    /// Books `call` at every rolled-up entity it touches.
    mutating func add(_ call: KPICall, callbacks: CallbackIndexes) {
        var entities: Set<KPIEntity> = [KPIEntity(kind: .enterprise, id: "")]
        for leg in call.legs { index.candidates(of: leg, into: &entities) }
        for entity in entities {
            guard let matcher = matcher(for: entity) else { continue }
            let touching = call.legs.filter(matcher.touches)
            guard !touching.isEmpty else { continue }
            let parameters = matcher.parameters
            // K1–K10, K12–K14, K20 at the first alert at the entity.
            if let facts = matcher.facts(of: call), inRange(facts.startMs) {
                book(facts, at: entity, parameters: parameters, callbacks: callbacks.index(for: parameters))
            }
            // K11 at the first leg touching the entity.
            if inRange(touching[0].startMs) {
                let talk = touching.reduce(Int64(0)) { $0 + $1.talkMs }
                withRow(entity, at: touching[0].startMs) { $0.talkMs += talk }
            }
            // K19: outgoing legs (seizures) at their start.
            for leg in touching where leg.direction == .outgoing && inRange(leg.startMs) {
                withRow(entity, at: leg.startMs) { row in
                    row.seizures += 1
                    if leg.connectMs != nil { row.seizuresAnswered += 1 }
                    if leg.connectMs != nil || [.busy, .noAnswer, .rejected].contains(leg.disposition) {
                        row.seizuresEffective += 1
                    }
                }
            }
            // K15–K18: per leg on a trunk group, per call elsewhere.
            if entity.kind == .trunk {
                occupancy[entity, default: []] += touching.map(\.occupancy)
            } else {
                let spans = touching.map(\.occupancy)
                occupancy[entity, default: []].append((spans.map(\.start).min() ?? 0, spans.map(\.end).max() ?? 0))
            }
        }
    }

    private mutating func book(_ facts: CallFacts, at entity: KPIEntity, parameters: KPIParameters, callbacks: CallbackIndex) {
        let key = RowKey(quarterMs: RollupBuilder.quarter(containing: facts.startMs), entity: entity)
        var row = rowsByKey[key] ?? RollupRow(quarterMs: key.quarterMs, entity: entity)
        row.offered += 1
        let bin = Int((facts.waitMs + 999) / 1000)
        switch facts.outcome {
        case .answered:
            row.answered += 1
            row.answeredWaitMs += facts.waitMs
            row.answeredCallerWaitMs += facts.callerWaitMs
            row.answeredWaitHistogram[bin, default: 0] += 1
            if callbacks.isRepeated(facts.call) { row.repeated += 1 }
        case .abandoned:
            row.abandoned += 1
            if facts.isShortAbandon { row.shortAbandoned += 1 }
            row.abandonedWaitHistogram[bin, default: 0] += 1
        case .lostBusy: row.lostBusy += 1
        case .overflowed: row.overflowed += 1
        }
        row.ringMs += facts.ringMs.reduce(0, +)
        row.ringLegs += facts.ringMs.count
        if !facts.answeredAnywhere, facts.call.direction == .incoming, let caller = facts.call.remoteKey {
            row.missedCallbackable += 1
            let state = callbacks.state(of: facts.call)
            let limit = facts.call.endMs + parameters.callbackWindowMs
            var resolved = false
            if case let .resolved(callbackMs) = state {
                resolved = true
                row.missedResolved += 1
                if let callbackMs { row.callbackMs.append(callbackMs) }
            } else {
                row.unresolvedLimitsMs.append(limit)
            }
            // The caller's last missed call in the quarter (on a tie the later call, as the engine).
            let entry = RollupCaller(key: Int64(caller), lastStartMs: facts.call.startMs, resolved: resolved, limitMs: limit)
            if let existing = row.callers.firstIndex(where: { $0.key == entry.key }) {
                if row.callers[existing].lastStartMs <= entry.lastStartMs { row.callers[existing] = entry }
            } else {
                row.callers.append(entry)
            }
        }
        rowsByKey[key] = row
    }

    /// The rows with something booked, by quarter and entity; carried seconds, carry-in and peak
    /// from the occupancy intervals clipped to each quarter.
    mutating func rows() -> [RollupRow] {
        let quarter = RollupBuilder.quarterMs
        for (entity, intervals) in occupancy {
            var clippedByQuarter: [Int64: [(start: Int64, end: Int64)]] = [:]
            var carryIn: [Int64: Int] = [:]
            for interval in intervals where interval.end > interval.start {
                let first = max(RollupBuilder.quarter(containing: interval.start), fromMs)
                var q = first
                while q < toMs, q < interval.end {
                    let start = max(interval.start, q), end = min(interval.end, q + quarter)
                    if end > start {
                        clippedByQuarter[q, default: []].append((start, end))
                        if interval.start < q { carryIn[q, default: 0] += 1 }
                    }
                    q += quarter
                }
            }
            for (q, clipped) in clippedByQuarter {
                withRow(entity, at: q) { row in
                    row.carriedMs += clipped.reduce(Int64(0)) { $0 + ($1.end - $1.start) }
                    row.peakConcurrency = KPIMath.peakConcurrency(clipped)
                    row.levelAtStart = carryIn[q] ?? 0
                }
            }
        }
        for key in Array(rowsByKey.keys) {
            rowsByKey[key]?.callers.sort { $0.key < $1.key }
        }
        return rowsByKey.values.filter { !$0.isEmpty }
            .sorted { ($0.quarterMs, $0.entity.description) < ($1.quarterMs, $1.entity.description) }
    }
}

/// Reads KPIs (``KPIBucket``) back from roll-up rows: identical to ``KPIEngine`` on the detail
/// when ``canServe(entity:fromMs:toMs:parameters:settings:)`` holds.
public enum RollupKPIs {
    /// Whether roll-ups built with `settings` can answer `entity` for `[fromMs, toMs)` with
    /// `parameters`: a rolled-up kind, quarter-aligned bounds, a whole-second threshold, and the
    /// baked parameters (short abandon, minimum talk, windows) equal to `parameters`'.
    public static func canServe(entity: KPIEntity, fromMs: Int64, toMs: Int64, parameters: KPIParameters,
                                settings: RollupSettings) -> Bool {
        let quarter = RollupBuilder.quarterMs
        guard RollupBuilder.kinds.contains(entity.kind), toMs > fromMs, fromMs % quarter == 0, toMs % quarter == 0,
              parameters.slThresholdMs >= 0, parameters.slThresholdMs % 1000 == 0 else { return false }
        if entity.kind == .site, settings.defaults.sites[entity.id] == nil { return false }
        let baked = settings.parameters(for: entity)
        return baked.shortAbandonMs == parameters.shortAbandonMs && baked.answeredMinTalkMs == parameters.answeredMinTalkMs
            && baked.callbackWindowMs == parameters.callbackWindowMs && baked.repeatWindowMs == parameters.repeatWindowMs
            && baked.transferGapMs == parameters.transferGapMs && baked.trunkGroups == parameters.trunkGroups
            && baked.huntGroups == parameters.huntGroups && baked.sites == parameters.sites
    }

    /// The buckets of `entity` for `[fromMs, toMs)` from its rows (other entities' rows and rows
    /// outside the period are ignored); `nowMs` decides whether an unresolved missed call's
    /// window is closed (unreturned) or still open. Same output as ``KPIEngine/compute(legs:entity:fromMs:toMs:bucket:parameters:nowMs:)``.
    /// - Throws: ``AnalyticsError/badPeriod(fromMs:toMs:)``.
    public static func buckets(rows: [RollupRow], entity: KPIEntity, fromMs: Int64, toMs: Int64, bucket: BucketSize,
                               parameters: KPIParameters, nowMs: Int64) throws -> [KPIBucket] {
        guard toMs > fromMs else { throw AnalyticsError.badPeriod(fromMs: fromMs, toMs: toMs) }
        let mine = rows.filter { $0.entity == entity && $0.quarterMs >= fromMs && $0.quarterMs < toMs }
            .sorted { $0.quarterMs < $1.quarterMs }
        let channels = entity.kind == .trunk ? parameters.trunkGroups.first { $0.name == entity.id }?.channels : nil
        let allBounds = KPIBuckets.bounds(fromMs: fromMs, toMs: toMs, size: bucket)
        let byBucket = KPIBuckets.partition(mine, bounds: allBounds, at: \.quarterMs)
        return allBounds.indices.map { index in
            let bounds = allBounds[index]
            var result = KPIBucket(entity: entity.description, bucketStart: KPIMath.iso(bounds.start),
                                   bucketEnd: KPIMath.iso(bounds.end))
            fill(&result, byBucket[index], bounds: bounds, parameters: parameters, channels: channels, nowMs: nowMs)
            return result
        }
    }

    /// One bucket's figures from its quarters' rows, with the engine's formulas and rounding.
    static func fill(_ r: inout KPIBucket, _ rows: [RollupRow], bounds: (start: Int64, end: Int64), parameters p: KPIParameters,
                     channels: Int?, nowMs: Int64) {
        var answeredWaitMs: Int64 = 0, callerWaitMs: Int64 = 0, ringMs: Int64 = 0, talkMs: Int64 = 0, carriedMs: Int64 = 0
        var ringLegs = 0, seizures = 0, seizuresAnswered = 0, seizuresEffective = 0, repeated = 0
        var answeredWithinT = 0, abandonedWithinT = 0, peak = 0, closed = 0
        var callbackMs: [Int64] = []
        var callers: [Int64: (quarterMs: Int64, caller: RollupCaller)] = [:]
        var carriedByQuarter: [Int64: Int64] = [:]
        let thresholdBin = Int(p.slThresholdMs / 1000)
        for row in rows {
            r.offered += row.offered
            r.answered += row.answered
            r.abandoned += row.abandoned
            r.shortAbandoned += row.shortAbandoned
            r.lostBusy += row.lostBusy
            r.overflowed += row.overflowed
            answeredWaitMs += row.answeredWaitMs
            callerWaitMs += row.answeredCallerWaitMs
            for (bin, count) in row.answeredWaitHistogram where bin <= thresholdBin { answeredWithinT += count }
            for (bin, count) in row.abandonedWaitHistogram where bin <= thresholdBin { abandonedWithinT += count }
            ringMs += row.ringMs
            ringLegs += row.ringLegs
            talkMs += row.talkMs
            seizures += row.seizures
            seizuresAnswered += row.seizuresAnswered
            seizuresEffective += row.seizuresEffective
            carriedMs += row.carriedMs
            carriedByQuarter[row.quarterMs, default: 0] += row.carriedMs
            peak = max(peak, row.peakConcurrency)
            r.missedCallbackable += row.missedCallbackable
            r.missedResolved += row.missedResolved
            closed += row.missedResolved + row.unresolvedLimitsMs.filter { $0 <= nowMs }.count
            callbackMs += row.callbackMs
            repeated += row.repeated
            for caller in row.callers {
                if let known = callers[caller.key],
                   (known.caller.lastStartMs, known.quarterMs) > (caller.lastStartMs, row.quarterMs) { continue }
                callers[caller.key] = (row.quarterMs, caller)
            }
        }
        let short = r.shortAbandoned
        r.serviceLevelVariant = p.slVariant
        r.serviceLevel = KPIEngine.serviceLevel(variant: p.slVariant, answeredWithinT: answeredWithinT,
                                                abandonedWithinT: abandonedWithinT, shortAbandoned: short,
                                                offered: r.offered, answered: r.answered)
        r.answerRate = KPIMath.percent(r.answered, r.offered - short)
        r.abandonRate = KPIMath.percent(r.abandoned - short, r.offered - short)
        r.abandonRateRaw = KPIMath.percent(r.abandoned, r.offered)
        r.asaSeconds = KPIMath.averageSeconds(answeredWaitMs, r.answered)
        r.asaSecondsCallerView = KPIMath.averageSeconds(callerWaitMs, r.answered)
        r.avgRingSeconds = KPIMath.averageSeconds(ringMs, ringLegs)
        r.talkSeconds = KPIMath.round(Double(talkMs) / 1000, 2)
        r.avgTalkSeconds = KPIMath.averageSeconds(talkMs, r.answered)
        // K12–K14, K20.
        r.missedResolutionRate = KPIMath.percent(r.missedResolved, closed)
        let lastStates = callers.values.map(\.caller)
        let callersResolved = lastStates.filter(\.resolved).count
        let callersUnreturned = lastStates.filter { !$0.resolved && $0.limitMs <= nowMs }.count
        r.missedResolutionRateCallers = KPIMath.percent(callersResolved, callersResolved + callersUnreturned)
        r.unreturned = callersUnreturned
        r.callbackMedianSeconds = KPIMath.median(callbackMs).map { KPIMath.round($0 / 1000, 2) }
        r.callbackP90Seconds = KPIMath.percentile(callbackMs, 90).map { KPIMath.round($0 / 1000, 2) }
        r.repeatCallRate = KPIMath.percent(repeated, r.answered)
        // K15–K18 from carried seconds per quarter and the quarters' peaks.
        let bucketMs = bounds.end - bounds.start
        let erlang = Double(carriedMs) / Double(bucketMs)
        r.carriedErlang = KPIMath.round(erlang, 4)
        r.peakConcurrency = peak
        if let channels {
            r.utilisation = KPIMath.round(100 * Double(carriedMs) / (Double(bucketMs) * Double(channels)), 2)
            r.blocking = KPIMath.round(100 * KPIMath.erlangB(traffic: erlang, channels: channels), 2)
        }
        let quarter = RollupBuilder.quarterMs, hour: Int64 = 3_600_000
        if bucketMs >= hour {
            var slots: [Int64] = []
            var slotStart = bounds.start
            while slotStart + quarter <= bounds.end {
                slots.append(carriedByQuarter[slotStart] ?? 0)
                slotStart += quarter
            }
            var best: (start: Int64, ms: Int64)?, bestClock: (start: Int64, ms: Int64)?
            var index = 0
            while index + 4 <= slots.count {
                let start = bounds.start + Int64(index) * quarter
                let ms = slots[index..<index + 4].reduce(0, +)
                if ms > (best?.ms ?? -1) { best = (start, ms) }
                if start % hour == 0, ms > (bestClock?.ms ?? -1) { bestClock = (start, ms) }
                index += 1
            }
            if let best {
                r.busyHourErlang = KPIMath.round(Double(best.ms) / Double(hour), 4)
                r.busyHourStart = best.ms > 0 ? KPIMath.iso(best.start) : nil
            }
            if let bestClock {
                r.clockBusyHourErlang = KPIMath.round(Double(bestClock.ms) / Double(hour), 4)
                r.clockBusyHourStart = bestClock.ms > 0 ? KPIMath.iso(bestClock.start) : nil
            }
        }
        r.asr = KPIMath.percent(seizuresAnswered, seizures)
        r.ner = KPIMath.percent(seizuresEffective, seizures)
    }
}
