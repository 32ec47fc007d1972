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
        var interner = RollupInterner()
        let compact = legs.map { RollupLeg($0, &interner) }
        var builder = RollupCompactBuilder(fromMs: fromMs, toMs: toMs, settings: settings, interner: interner)
        return builder.rows(compact)
    }
}

/// The builder on interned legs: calls grouped by sorting, entities and their matchers made once,
/// rows accumulated in place in an array.
struct RollupCompactBuilder {
    let fromMs: Int64
    let toMs: Int64
    let settings: RollupSettings
    private var interner: RollupInterner
    private var specs: [RollupEntitySpec] = []
    private var groupSpecByName: [Int32: Int] = [:]
    private var trunkSpecByName: [Int32: Int] = [:]
    private var groupsByPilot: [Int32: [Int]] = [:]
    private var groupsByMember: [Int32: [Int]] = [:]
    private var trunkGroupsByTrunk: [Int32: [Int]] = [:]
    private var trunkGroupNames: Set<Int32> = []
    private var sitesBySource: [Int32: [Int]] = [:]
    private var callbackIndexes: [RollupCallbackIndex] = []
    private var occupancy: [[(start: Int64, end: Int64)]] = []
    private var rowIndex: [Int64: Int] = [:]
    private var rows: [RollupRow] = []

    init(fromMs: Int64, toMs: Int64, settings: RollupSettings, interner: RollupInterner) {
        self.fromMs = fromMs
        self.toMs = toMs
        self.settings = settings
        self.interner = interner
        for parameters in [settings.defaults] + settings.own.sorted(by: { $0.key.description < $1.key.description }).map(\.value)
        where !callbackIndexes.contains(where: { $0.sameParameters(parameters) }) {
            callbackIndexes.append(RollupCallbackIndex(parameters: parameters))
        }
        _ = addSpec(KPIEntity(kind: .enterprise, id: ""))
        let p = settings.defaults
        for group in p.huntGroups {
            let spec = groupSpec(self.interner.id(group.name))
            for pilot in group.pilots { groupsByPilot[self.interner.id(pilot), default: []].append(spec) }
            for member in group.members { groupsByMember[self.interner.id(member), default: []].append(spec) }
        }
        for group in p.trunkGroups {
            let name = self.interner.id(group.name)
            trunkGroupNames.insert(name)
            let spec = trunkSpec(name)
            for trunk in group.trunks.isEmpty ? [group.name] : group.trunks {
                trunkGroupsByTrunk[self.interner.id(trunk), default: []].append(spec)
            }
        }
        for (site, sources) in p.sites.sorted(by: { $0.key < $1.key }) {
            let spec = addSpec(KPIEntity(kind: .site, id: site))
            for source in sources { sitesBySource[self.interner.id(source), default: []].append(spec) }
        }
    }

    private mutating func addSpec(_ entity: KPIEntity) -> Int {
        let parameters = settings.parameters(for: entity)
        var pilots: Set<Int32>?
        var members: Set<Int32> = []
        var trunks: Set<Int32> = []
        var sources: Set<Int32> = []
        switch entity.kind {
        case .group:
            if let group = parameters.huntGroups.first(where: { $0.name == entity.id }) {
                pilots = Set(group.pilots.map { interner.id($0) })
                members = Set(group.members.map { interner.id($0) })
            }
        case .trunk:
            let group = parameters.trunkGroups.first { $0.name == entity.id }
            let names = group.map { $0.trunks.isEmpty ? [$0.name] : $0.trunks } ?? [entity.id]
            trunks = Set(names.map { interner.id($0) })
        case .site:
            sources = Set((parameters.sites[entity.id] ?? []).map { interner.id($0) })
        case .enterprise, .extension, .org:
            break
        }
        let callback = callbackIndexes.firstIndex { $0.sameParameters(parameters) } ?? {
            callbackIndexes.append(RollupCallbackIndex(parameters: parameters))
            return callbackIndexes.count - 1
        }()
        specs.append(RollupEntitySpec(entity: entity, name: interner.id(entity.id), parameters: parameters, pilots: pilots,
                                      members: members, trunks: trunks, sources: sources, callbackIndex: callback))
        occupancy.append([])
        return specs.count - 1
    }

    private mutating func groupSpec(_ name: Int32) -> Int {
        if let known = groupSpecByName[name] { return known }
        let spec = addSpec(KPIEntity(kind: .group, id: interner.names[Int(name)]))
        groupSpecByName[name] = spec
        return spec
    }

    private mutating func trunkSpec(_ name: Int32) -> Int {
        if let known = trunkSpecByName[name] { return known }
        let spec = addSpec(KPIEntity(kind: .trunk, id: interner.names[Int(name)]))
        trunkSpecByName[name] = spec
        return spec
    }

    /// The entities a leg may belong to (each spec's matcher decides).
    private mutating func candidates(of leg: RollupLeg, into list: inout [Int]) {
        func add(_ spec: Int, _ list: inout [Int]) { if !list.contains(spec) { list.append(spec) } }
        if leg.group != 0 { add(groupSpec(leg.group), &list) }
        for spec in groupsByPilot[leg.called] ?? [] { add(spec, &list) }
        for spec in groupsByPilot[leg.originalCalled] ?? [] { add(spec, &list) }
        let destination = leg.destinationExtension
        if destination >= 0 { for spec in groupsByMember[destination] ?? [] { add(spec, &list) } }
        if leg.trunk != 0 {
            if let grouped = trunkGroupsByTrunk[leg.trunk] {
                for spec in grouped { add(spec, &list) }
            } else if !trunkGroupNames.contains(leg.trunk) {
                add(trunkSpec(leg.trunk), &list)
            }
        }
        for spec in sitesBySource[leg.source] ?? [] { add(spec, &list) }
    }

    private func inRange(_ ms: Int64) -> Bool { ms >= fromMs && ms < toMs }

    /// The row of `spec` in the quarter of `ms`, made on first use.
    private mutating func row(_ spec: Int, _ ms: Int64) -> Int {
        let quarter = RollupBuilder.quarter(containing: ms)
        let key = ((quarter - fromMs) / RollupBuilder.quarterMs) << 24 | Int64(spec)
        if let known = rowIndex[key] { return known }
        rows.append(RollupRow(quarterMs: quarter, entity: specs[spec].entity))
        rowIndex[key] = rows.count - 1
        return rows.count - 1
    }

    mutating func rows(_ legs: [RollupLeg]) -> [RollupRow] {
        guard !legs.isEmpty else { return [] }
        // Calls: legs sorted by call, then start and id; a call is a run of that order.
        var order = Array(0..<legs.count)
        order.sort { a, b in
            let x = legs[a], y = legs[b]
            let cx = x.correlation != 0 ? Int64(x.correlation) : -Int64(a) - 1
            let cy = y.correlation != 0 ? Int64(y.correlation) : -Int64(b) - 1
            if cx != cy { return cx < cy }
            return (x.startMs, x.id) < (y.startMs, y.id)
        }
        var calls: [Range<Int>] = []
        var runStart = 0
        for position in 1...max(1, order.count) where position == order.count
            || legs[order[position]].correlation == 0 || legs[order[position]].correlation != legs[order[position - 1]].correlation {
            if position <= order.count, runStart < position { calls.append(runStart..<position) }
            runStart = position
        }
        calls.sort { a, b in
            let x = legs[order[a.lowerBound]], y = legs[order[b.lowerBound]]
            return (x.startMs, x.id) < (y.startMs, y.id)
        }
        // Callback and repeat matching over every call given.
        for call in calls {
            var key = Int64.min
            for position in call where legs[order[position]].remoteKey != Int64.min {
                key = legs[order[position]].remoteKey
                break
            }
            guard key != Int64.min else { continue }
            let first = legs[order[call.lowerBound]]
            for index in callbackIndexes.indices {
                let minTalk = callbackIndexes[index].answeredMinTalkMs
                let answered = call.contains { position in
                    let leg = legs[order[position]]
                    return leg.connectMs != Int64.min && leg.talkMs >= minTalk && !leg.flags.contains(.voicemail)
                }
                callbackIndexes[index].add(key: key, direction: first.direction, startMs: first.startMs, answered: answered)
            }
        }
        for index in callbackIndexes.indices { callbackIndexes[index].sort() }
        // Only calls begun in the range or the look-behind before it can book anything in it.
        let earliest = fromMs - RollupBuilder.lookBehindMs
        var entities: [Int] = []
        for call in calls {
            let first = legs[order[call.lowerBound]]
            guard first.startMs >= earliest, first.startMs < toMs else { continue }
            entities.removeAll(keepingCapacity: true)
            entities.append(0)
            for position in call { candidates(of: legs[order[position]], into: &entities) }
            for spec in entities { add(call: call, order: order, legs: legs, spec: spec) }
        }
        return finish()
    }

    /// Books one call at one entity: K1–K10, K12–K14, K20 at its first alert there, talk at the
    /// first leg touching it, seizures at their start, occupancy for the quarters it spans.
    private mutating func add(call: Range<Int>, order: [Int], legs: [RollupLeg], spec specIndex: Int) {
        let spec = specs[specIndex]
        let p = spec.parameters
        let callFirst = legs[order[call.lowerBound]]
        var firstOffered = -1, answer = -1
        var ringMs: Int64 = 0, ringLegs = 0, hangUp = Int64.min
        var allLostBusy = true, answeredAnywhere = false
        var firstTouching = -1, talk: Int64 = 0
        var callEnd = Int64.min, callKey = Int64.min
        var spanStart = Int64.max, spanEnd = Int64.min
        for position in call {
            let leg = legs[order[position]]
            callEnd = max(callEnd, leg.endMs)
            if callKey == Int64.min { callKey = leg.remoteKey }
            let connect = leg.connectMs
            let isAnswer = connect != Int64.min && leg.talkMs >= p.answeredMinTalkMs
            let voicemail = leg.flags.contains(.voicemail)
            if isAnswer && !voicemail { answeredAnywhere = true }
            if spec.isOffered(leg) {
                if firstOffered < 0 { firstOffered = position }
                ringMs += leg.effectiveRingMs
                ringLegs += 1
                hangUp = max(hangUp, leg.endMs)
                if answer < 0, isAnswer, !voicemail { answer = position }
                let lostBusy = leg.disposition == .busy || leg.disposition == .rejected
                    || (leg.disposition != .noAnswer && leg.effectiveRingMs < 1000 && leg.talkMs == 0)
                if !lostBusy { allLostBusy = false }
            }
            if spec.touches(leg) {
                if firstTouching < 0 { firstTouching = position }
                talk += leg.talkMs
                if leg.direction == .outgoing, inRange(leg.startMs) {
                    let r = row(specIndex, leg.startMs)
                    rows[r].seizures += 1
                    if connect != Int64.min { rows[r].seizuresAnswered += 1 }
                    if connect != Int64.min || leg.disposition == .busy || leg.disposition == .noAnswer
                        || leg.disposition == .rejected {
                        rows[r].seizuresEffective += 1
                    }
                }
                let span = leg.occupancy
                if spec.entity.kind == .trunk {
                    occupancy[specIndex].append(span)
                } else {
                    spanStart = min(spanStart, span.start)
                    spanEnd = max(spanEnd, span.end)
                }
            }
        }
        guard firstTouching >= 0 else { return }
        if spec.entity.kind != .trunk { occupancy[specIndex].append((spanStart, spanEnd)) }
        let touchStart = legs[order[firstTouching]].startMs
        if inRange(touchStart) { rows[row(specIndex, touchStart)].talkMs += talk }
        guard firstOffered >= 0 else { return }
        let firstStart = legs[order[firstOffered]].startMs
        guard inRange(firstStart) else { return }
        let r = row(specIndex, firstStart)
        rows[r].offered += 1
        rows[r].ringMs += ringMs
        rows[r].ringLegs += ringLegs
        let index = callbackIndexes[spec.callbackIndex]
        let incomingWithKey = callFirst.direction == .incoming && callKey != Int64.min
        if answer >= 0 {
            let connect = legs[order[answer]].connectMs
            let wait = max(0, connect - firstStart)
            rows[r].answered += 1
            rows[r].answeredWaitMs += wait
            rows[r].answeredCallerWaitMs += max(0, connect - callFirst.startMs)
            rows[r].answeredWaitHistogram[Int((wait + 999) / 1000), default: 0] += 1
            if incomingWithKey, index.isRepeated(key: callKey, endMs: callEnd) { rows[r].repeated += 1 }
        } else {
            var movedOn = false
            for position in call {
                let leg = legs[order[position]]
                if spec.isOffered(leg) ? leg.flags.contains(.voicemail) : leg.startMs >= firstStart {
                    movedOn = true
                    break
                }
            }
            if movedOn {
                rows[r].overflowed += 1
            } else if allLostBusy {
                rows[r].lostBusy += 1
            } else {
                let wait = max(0, hangUp - firstStart)
                rows[r].abandoned += 1
                if wait < p.shortAbandonMs { rows[r].shortAbandoned += 1 }
                rows[r].abandonedWaitHistogram[Int((wait + 999) / 1000), default: 0] += 1
            }
        }
        if !answeredAnywhere, incomingWithKey {
            rows[r].missedCallbackable += 1
            let limit = callEnd + p.callbackWindowMs
            let resolution = index.resolution(key: callKey, startMs: callFirst.startMs, endMs: callEnd)
            if let resolution {
                rows[r].missedResolved += 1
                if resolution >= 0 { rows[r].callbackMs.append(resolution) }
            } else {
                rows[r].unresolvedLimitsMs.append(limit)
            }
            // The caller's last missed call in the quarter (on a tie the later call, as the engine).
            let entry = RollupCaller(key: callKey, lastStartMs: callFirst.startMs, resolved: resolution != nil, limitMs: limit)
            if let existing = rows[r].callers.firstIndex(where: { $0.key == callKey }) {
                if rows[r].callers[existing].lastStartMs <= entry.lastStartMs { rows[r].callers[existing] = entry }
            } else {
                rows[r].callers.append(entry)
            }
        }
    }

    /// Carried seconds, carry-in and peak per quarter from the occupancy intervals; the rows with
    /// something booked, by quarter, kind and id.
    private mutating func finish() -> [RollupRow] {
        let quarter = RollupBuilder.quarterMs
        var clipped: [(start: Int64, end: Int64)] = []
        for specIndex in specs.indices where !occupancy[specIndex].isEmpty {
            var intervals = occupancy[specIndex]
            intervals.sort { $0.start < $1.start }
            // Sweep quarter by quarter over the intervals sorted by start.
            var active: [(start: Int64, end: Int64)] = []
            var next = 0
            let firstQuarter = max(RollupBuilder.quarter(containing: intervals[0].start), fromMs)
            var q = firstQuarter
            while q < toMs, next < intervals.count || !active.isEmpty {
                let qEnd = q + quarter
                active.removeAll { $0.end <= q }
                while next < intervals.count, intervals[next].start < qEnd {
                    if intervals[next].end > q, intervals[next].end > intervals[next].start { active.append(intervals[next]) }
                    next += 1
                }
                if active.isEmpty {
                    // Jump to the quarter of the next interval.
                    guard next < intervals.count else { break }
                    q = max(q + quarter, RollupBuilder.quarter(containing: intervals[next].start))
                    continue
                }
                clipped.removeAll(keepingCapacity: true)
                var carried: Int64 = 0, carryIn = 0
                for interval in active {
                    let start = max(interval.start, q), end = min(interval.end, qEnd)
                    guard end > start else { continue }
                    clipped.append((start, end))
                    carried += end - start
                    if interval.start < q { carryIn += 1 }
                }
                if !clipped.isEmpty {
                    let r = row(specIndex, q)
                    rows[r].carriedMs += carried
                    rows[r].peakConcurrency = KPIMath.peakConcurrency(clipped)
                    rows[r].levelAtStart = carryIn
                }
                q = qEnd
            }
        }
        // Sorted by precomputed keys (comparing rows themselves would copy them).
        let keys = rows.indices.map { index in
            (quarter: rows[index].quarterMs, kind: rows[index].entity.kind.rawValue, id: rows[index].entity.id, index: index)
        }.filter { !rows[$0.index].isEmpty }.sorted { ($0.quarter, $0.kind, $0.id) < ($1.quarter, $1.kind, $1.id) }
        var result: [RollupRow] = []
        result.reserveCapacity(keys.count)
        for key in keys {
            result.append(rows[key.index])
            if result[result.count - 1].callers.count > 1 { result[result.count - 1].callers.sort { $0.key < $1.key } }
        }
        return result
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
        // A trunk of a trunk group is rolled up with its group only.
        if entity.kind == .trunk, !settings.defaults.trunkGroups.contains(where: { $0.name == entity.id }),
           settings.defaults.trunkGroups.contains(where: { $0.trunks.contains(entity.id) }) { return false }
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
