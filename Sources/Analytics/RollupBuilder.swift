import TollbookCore

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
    /// Rows come sorted by quarter (entities within a quarter in a fixed order).
    public static func rows(legs: [KPILeg], fromMs: Int64, toMs: Int64, settings: RollupSettings) -> [RollupRow] {
        var names: [UInt64: String] = [:]
        let compact = legs.map { leg -> RollupLeg in
            let made = RollupLeg(leg)
            if made.group != 0, names[made.group] == nil { names[made.group] = leg.huntGroup }
            if made.trunk != 0, names[made.trunk] == nil { names[made.trunk] = leg.trunk }
            return made
        }
        return rows(compact: compact, names: names, fromMs: fromMs, toMs: toMs, settings: settings)
    }

    /// ``rows(legs:fromMs:toMs:settings:)`` on legs whose text is hashed; `names` gives the
    /// hunt group and trunk names behind the hashes (entities the PBX names).
    public static func rows(compact legs: [RollupLeg], names: [UInt64: String], fromMs: Int64, toMs: Int64,
                            settings: RollupSettings) -> [RollupRow] {
        guard toMs > fromMs, !legs.isEmpty else { return [] }
        var builder = RollupCompactBuilder(fromMs: fromMs, toMs: toMs, settings: settings, names: names)
        return builder.rows(legs)
    }
}

/// One row's counts and sums while building (its lists are kept aside, see ``RollupCompactBuilder``).
struct RollupAccumulator {
    var quarterMs: Int64
    var spec: Int32
    var offered: Int32 = 0, answered: Int32 = 0, abandoned: Int32 = 0, shortAbandoned: Int32 = 0
    var lostBusy: Int32 = 0, overflowed: Int32 = 0, ringLegs: Int32 = 0
    var seizures: Int32 = 0, seizuresAnswered: Int32 = 0, seizuresEffective: Int32 = 0
    var levelAtStart: Int32 = 0, peakConcurrency: Int32 = 0
    var missedCallbackable: Int32 = 0, missedResolved: Int32 = 0, repeated: Int32 = 0
    var answeredWaitMs: Int64 = 0, answeredCallerWaitMs: Int64 = 0, ringMs: Int64 = 0, talkMs: Int64 = 0, carriedMs: Int64 = 0

    init(quarterMs: Int64, spec: Int32) {
        self.quarterMs = quarterMs
        self.spec = spec
    }
}

/// The builder on hashed legs: calls grouped by sorting, entity matchers made once, rows summed in
/// place in a flat array, lists (waits, callbacks, callers) kept aside and attached at the end,
/// occupancy swept once per entity.
struct RollupCompactBuilder {
    let fromMs: Int64
    let toMs: Int64
    let settings: RollupSettings
    private let names: [UInt64: String]
    private var specs: [RollupEntitySpec] = []
    private var groupSpecByName: [UInt64: Int] = [:]
    private var trunkSpecByName: [UInt64: Int] = [:]
    private var groupsByPilot: [UInt64: [Int]] = [:]
    private var groupsByMember: [UInt64: [Int]] = [:]
    private var trunkGroupsByTrunk: [UInt64: [Int]] = [:]
    private var trunkGroupNames: Set<UInt64> = []
    private var sitesBySource: [UInt64: [Int]] = [:]
    private var callbackIndexes: [RollupCallbackIndex] = []
    private var occupancy: [[(start: Int64, end: Int64)]] = []
    private var rowIndex: [Int64: Int32] = [:]
    private var lastRow: [(quarterMs: Int64, row: Int32)] = []
    private var accumulators: [RollupAccumulator] = []
    /// (row, bin, abandoned) per answered or abandoned call.
    private var waits: [(row: Int32, bin: Int32, abandoned: Bool)] = []
    private var callbackTimes: [(row: Int32, ms: Int64)] = []
    private var unresolved: [(row: Int32, limitMs: Int64)] = []
    private var callers: [(row: Int32, caller: RollupCaller)] = []

    init(fromMs: Int64, toMs: Int64, settings: RollupSettings, names: [UInt64: String]) {
        self.fromMs = fromMs
        self.toMs = toMs
        self.settings = settings
        self.names = names
        for parameters in [settings.defaults] + settings.own.sorted(by: { $0.key.description < $1.key.description }).map(\.value)
        where !callbackIndexes.contains(where: { $0.sameParameters(parameters) }) {
            callbackIndexes.append(RollupCallbackIndex(parameters: parameters))
        }
        _ = addSpec(KPIEntity(kind: .enterprise, id: ""))
        let p = settings.defaults
        for group in p.huntGroups {
            let spec = groupSpec(RollupHash.of(group.name), name: group.name)
            for pilot in group.pilots { groupsByPilot[RollupHash.of(pilot), default: []].append(spec) }
            for member in group.members { groupsByMember[RollupHash.of(member), default: []].append(spec) }
        }
        for group in p.trunkGroups {
            let name = RollupHash.of(group.name)
            trunkGroupNames.insert(name)
            let spec = trunkSpec(name, name: group.name)
            for trunk in group.trunks.isEmpty ? [group.name] : group.trunks {
                trunkGroupsByTrunk[RollupHash.of(trunk), default: []].append(spec)
            }
        }
        for (site, sources) in p.sites.sorted(by: { $0.key < $1.key }) {
            let spec = addSpec(KPIEntity(kind: .site, id: site))
            for source in sources { sitesBySource[RollupHash.of(source), default: []].append(spec) }
        }
    }

    private mutating func addSpec(_ entity: KPIEntity) -> Int {
        let parameters = settings.parameters(for: entity)
        var pilots: Set<UInt64>?
        var members: Set<UInt64> = []
        var trunks: Set<UInt64> = []
        var sources: Set<UInt64> = []
        switch entity.kind {
        case .group:
            if let group = parameters.huntGroups.first(where: { $0.name == entity.id }) {
                pilots = Set(group.pilots.map(RollupHash.of))
                members = Set(group.members.map(RollupHash.of))
            }
        case .trunk:
            let group = parameters.trunkGroups.first { $0.name == entity.id }
            trunks = Set((group.map { $0.trunks.isEmpty ? [$0.name] : $0.trunks } ?? [entity.id]).map(RollupHash.of))
        case .site:
            sources = Set((parameters.sites[entity.id] ?? []).map(RollupHash.of))
        case .enterprise, .extension, .org:
            break
        }
        let callback = callbackIndexes.firstIndex { $0.sameParameters(parameters) } ?? {
            callbackIndexes.append(RollupCallbackIndex(parameters: parameters))
            return callbackIndexes.count - 1
        }()
        specs.append(RollupEntitySpec(entity: entity, kind: entity.kind, name: RollupHash.of(entity.id), parameters: parameters,
                                      pilots: pilots, members: members, trunks: trunks, sources: sources,
                                      callbackIndex: callback))
        occupancy.append([])
        lastRow.append((Int64.min, -1))
        return specs.count - 1
    }

    private mutating func groupSpec(_ hash: UInt64, name: String? = nil) -> Int {
        if let known = groupSpecByName[hash] { return known }
        let spec = addSpec(KPIEntity(kind: .group, id: name ?? names[hash] ?? String(hash, radix: 16)))
        groupSpecByName[hash] = spec
        return spec
    }

    private mutating func trunkSpec(_ hash: UInt64, name: String? = nil) -> Int {
        if let known = trunkSpecByName[hash] { return known }
        let spec = addSpec(KPIEntity(kind: .trunk, id: name ?? names[hash] ?? String(hash, radix: 16)))
        trunkSpecByName[hash] = spec
        return spec
    }

    /// The entities a leg may belong to (each spec's matcher decides).
    private mutating func candidates(of leg: RollupLeg, into list: inout [Int]) {
        @inline(__always) func add(_ spec: Int, _ list: inout [Int]) { if !list.contains(spec) { list.append(spec) } }
        if leg.group != 0 { add(groupSpec(leg.group), &list) }
        if !groupsByPilot.isEmpty {
            for spec in groupsByPilot[leg.called] ?? [] { add(spec, &list) }
            for spec in groupsByPilot[leg.originalCalled] ?? [] { add(spec, &list) }
        }
        if !groupsByMember.isEmpty, let destination = leg.destinationExtension {
            for spec in groupsByMember[destination] ?? [] { add(spec, &list) }
        }
        if leg.trunk != 0 {
            if let grouped = trunkGroupsByTrunk[leg.trunk] {
                for spec in grouped { add(spec, &list) }
            } else if !trunkGroupNames.contains(leg.trunk) {
                add(trunkSpec(leg.trunk), &list)
            }
        }
        if let sites = sitesBySource[leg.source] { for spec in sites { add(spec, &list) } }
    }

    @inline(__always)
    private func inRange(_ ms: Int64) -> Bool { ms >= fromMs && ms < toMs }

    /// The row of `spec` in the quarter starting at `quarter`, made on first use.
    private mutating func row(_ spec: Int, quarter: Int64) -> Int {
        if lastRow[spec].quarterMs == quarter { return Int(lastRow[spec].row) }
        let key = ((quarter - fromMs) / RollupBuilder.quarterMs) << 24 | Int64(spec)
        let index: Int32
        if let known = rowIndex[key] {
            index = known
        } else {
            index = Int32(accumulators.count)
            accumulators.append(RollupAccumulator(quarterMs: quarter, spec: Int32(spec)))
            rowIndex[key] = index
        }
        lastRow[spec] = (quarter, index)
        return Int(index)
    }

    @inline(__always)
    private mutating func row(_ spec: Int, at ms: Int64) -> Int {
        row(spec, quarter: RollupBuilder.quarter(containing: ms))
    }

    mutating func rows(_ legs: [RollupLeg]) -> [RollupRow] {
        // Legs by start and id (the store reads them in start order: usually nothing to sort).
        var sorted = Array(0..<legs.count)
        var inOrder = true
        for index in 1..<max(1, legs.count) where (legs[index].startMs, legs[index].id) < (legs[index - 1].startMs, legs[index - 1].id) {
            inOrder = false
            break
        }
        if !inOrder {
            let keys = legs.map { ($0.startMs, $0.id) }
            sorted.sort { keys[$0] < keys[$1] }
        }
        // Calls in the order of their first leg; each call's legs in start order.
        var callOfLeg = [Int32](repeating: 0, count: legs.count)
        var callSize: [Int32] = []
        callSize.reserveCapacity(legs.count)
        var callByCorrelation: [UInt64: Int32] = [:]
        callByCorrelation.reserveCapacity(legs.count)
        for index in sorted {
            let correlation = legs[index].correlation
            var call = Int32(callSize.count)
            if correlation != 0 {
                if let known = callByCorrelation[correlation] {
                    call = known
                } else {
                    callByCorrelation[correlation] = call
                }
            }
            if call == Int32(callSize.count) { callSize.append(0) }
            callSize[Int(call)] += 1
            callOfLeg[index] = call
        }
        var calls: [Range<Int>] = []
        calls.reserveCapacity(callSize.count)
        var filled = [Int](repeating: 0, count: callSize.count)
        var offset = 0
        for size in callSize {
            calls.append(offset..<offset + Int(size))
            offset += Int(size)
        }
        var order = [Int](repeating: 0, count: legs.count)
        for index in sorted {
            let call = Int(callOfLeg[index])
            order[calls[call].lowerBound + filled[call]] = index
            filled[call] += 1
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
                var answered = false
                for position in call {
                    let leg = legs[order[position]]
                    if leg.connectMs != Int64.min, leg.talkMs >= minTalk, !leg.flags.contains(.voicemail) {
                        answered = true
                        break
                    }
                }
                callbackIndexes[index].add(key: key, direction: first.direction, startMs: first.startMs, answered: answered)
            }
        }
        for index in callbackIndexes.indices { callbackIndexes[index].sort() }
        // Only calls begun in the range or the look-behind before it can book anything in it.
        let earliest = fromMs - RollupBuilder.lookBehindMs
        var entities: [Int] = []
        entities.reserveCapacity(8)
        for call in calls {
            let first = legs[order[call.lowerBound]]
            guard first.startMs >= earliest, first.startMs < toMs else { continue }
            entities.removeAll(keepingCapacity: true)
            entities.append(0)
            for position in call { candidates(of: legs[order[position]], into: &entities) }
            for spec in entities { add(call: call, order: order, legs: legs, spec: spec) }
        }
        sweepOccupancy()
        return finish()
    }

    /// Books one call at one entity: K1–K10, K12–K14, K20 at its first alert there, talk at the
    /// first leg touching it, seizures at their start; notes its occupancy.
    private mutating func add(call: Range<Int>, order: [Int], legs: [RollupLeg], spec specIndex: Int) {
        let spec = specs[specIndex]
        let minTalk = spec.parameters.answeredMinTalkMs
        let callFirst = legs[order[call.lowerBound]]
        var firstOffered = -1, answer = -1
        var ringMs: Int64 = 0, ringLegs: Int32 = 0, hangUp = Int64.min
        var allLostBusy = true, answeredAnywhere = false
        var firstTouching = -1, talk: Int64 = 0
        var callEnd = Int64.min, callKey = Int64.min
        var spanStart = Int64.max, spanEnd = Int64.min
        for position in call {
            let leg = legs[order[position]]
            callEnd = max(callEnd, leg.endMs)
            if callKey == Int64.min { callKey = leg.remoteKey }
            let connect = leg.connectMs
            let isAnswer = connect != Int64.min && leg.talkMs >= minTalk
            let voicemail = leg.flags.contains(.voicemail)
            if isAnswer && !voicemail { answeredAnywhere = true }
            if spec.isOffered(leg) {
                if firstOffered < 0 { firstOffered = position }
                let ring = leg.effectiveRingMs
                ringMs += ring
                ringLegs += 1
                hangUp = max(hangUp, leg.endMs)
                if answer < 0, isAnswer, !voicemail { answer = position }
                let lostBusy = leg.disposition == .busy || leg.disposition == .rejected
                    || (leg.disposition != .noAnswer && ring < 1000 && leg.talkMs == 0)
                if !lostBusy { allLostBusy = false }
            }
            if spec.touches(leg) {
                if firstTouching < 0 { firstTouching = position }
                talk += leg.talkMs
                if leg.direction == .outgoing, inRange(leg.startMs) {
                    let r = row(specIndex, at: leg.startMs)
                    accumulators[r].seizures += 1
                    if connect != Int64.min { accumulators[r].seizuresAnswered += 1 }
                    if connect != Int64.min || leg.disposition == .busy || leg.disposition == .noAnswer
                        || leg.disposition == .rejected {
                        accumulators[r].seizuresEffective += 1
                    }
                }
                let span = leg.occupancy
                if spec.kind == .trunk {
                    if span.end > span.start { occupancy[specIndex].append(span) }
                } else {
                    spanStart = min(spanStart, span.start)
                    spanEnd = max(spanEnd, span.end)
                }
            }
        }
        guard firstTouching >= 0 else { return }
        if spec.kind != .trunk, spanEnd > spanStart { occupancy[specIndex].append((spanStart, spanEnd)) }
        let touchStart = legs[order[firstTouching]].startMs
        if inRange(touchStart) { accumulators[row(specIndex, at: touchStart)].talkMs += talk }
        guard firstOffered >= 0 else { return }
        let firstStart = legs[order[firstOffered]].startMs
        guard inRange(firstStart) else { return }
        let r = row(specIndex, at: firstStart)
        let r32 = Int32(r)
        accumulators[r].offered += 1
        accumulators[r].ringMs += ringMs
        accumulators[r].ringLegs += ringLegs
        let incomingWithKey = callFirst.direction == .incoming && callKey != Int64.min
        if answer >= 0 {
            let connect = legs[order[answer]].connectMs
            let wait = max(0, connect - firstStart)
            accumulators[r].answered += 1
            accumulators[r].answeredWaitMs += wait
            accumulators[r].answeredCallerWaitMs += max(0, connect - callFirst.startMs)
            waits.append((r32, Int32(clamping: (wait + 999) / 1000), false))
            if incomingWithKey, callbackIndexes[spec.callbackIndex].isRepeated(key: callKey, endMs: callEnd) {
                accumulators[r].repeated += 1
            }
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
                accumulators[r].overflowed += 1
            } else if allLostBusy {
                accumulators[r].lostBusy += 1
            } else {
                let wait = max(0, hangUp - firstStart)
                accumulators[r].abandoned += 1
                if wait < spec.parameters.shortAbandonMs { accumulators[r].shortAbandoned += 1 }
                waits.append((r32, Int32(clamping: (wait + 999) / 1000), true))
            }
        }
        if !answeredAnywhere, incomingWithKey {
            accumulators[r].missedCallbackable += 1
            let limit = callEnd + spec.parameters.callbackWindowMs
            let resolution = callbackIndexes[spec.callbackIndex].resolution(key: callKey, startMs: callFirst.startMs,
                                                                            endMs: callEnd)
            if let resolution {
                accumulators[r].missedResolved += 1
                if resolution >= 0 { callbackTimes.append((r32, resolution)) }
            } else {
                unresolved.append((r32, limit))
            }
            callers.append((r32, RollupCaller(key: callKey, lastStartMs: callFirst.startMs, resolved: resolution != nil,
                                              limitMs: limit)))
        }
    }

    /// Carried ms, carry-in and peak per quarter: one sweep over each entity's intervals (ends
    /// before starts at the same instant, as ``KPIMath/peakConcurrency(_:)``).
    private mutating func sweepOccupancy() {
        let quarter = RollupBuilder.quarterMs
        var events: [(at: Int64, delta: Int)] = []
        for specIndex in specs.indices where !occupancy[specIndex].isEmpty {
            events.removeAll(keepingCapacity: true)
            for interval in occupancy[specIndex] {
                events.append((interval.start, 1))
                events.append((interval.end, -1))
            }
            events.sort { $0.at != $1.at ? $0.at < $1.at : $0.delta < $1.delta }
            var level = 0
            var index = 0
            // The quarter being filled and what it holds so far.
            var q = RollupBuilder.quarter(containing: events[0].at)
            var carried: Int64 = 0, peak = 0, carryIn = 0, last = q
            func close(_ builder: inout RollupCompactBuilder) {
                if carried > 0, q >= builder.fromMs, q < builder.toMs {
                    let r = builder.row(specIndex, quarter: q)
                    builder.accumulators[r].carriedMs += carried
                    builder.accumulators[r].peakConcurrency = Int32(peak)
                    builder.accumulators[r].levelAtStart = Int32(carryIn)
                }
            }
            while index < events.count {
                let at = events[index].at
                // Advance through the quarters before `at`, carrying the level.
                while at >= q + quarter {
                    carried += Int64(level) * (q + quarter - last)
                    close(&self)
                    q += quarter
                    last = q
                    carried = 0
                    carryIn = level
                    peak = level
                    if level == 0, at >= q + quarter {
                        q = RollupBuilder.quarter(containing: at)
                        last = q
                    }
                }
                carried += Int64(level) * (at - last)
                last = at
                // Ends first, then starts; the peak is taken after each start.
                while index < events.count, events[index].at == at, events[index].delta < 0 {
                    level -= 1
                    index += 1
                }
                if at == q {
                    // What ended right at the quarter's start is not in it.
                    carryIn = level
                    peak = level
                }
                while index < events.count, events[index].at == at {
                    level += 1
                    peak = max(peak, level)
                    index += 1
                }
            }
            close(&self)
        }
    }

    /// The rows with something booked, by quarter and entity (in the order entities were met),
    /// with their lists attached.
    private mutating func finish() -> [RollupRow] {
        var made: [RollupRow] = accumulators.map { acc in
            var row = RollupRow(quarterMs: acc.quarterMs, entity: specs[Int(acc.spec)].entity)
            row.offered = Int(acc.offered)
            row.answered = Int(acc.answered)
            row.abandoned = Int(acc.abandoned)
            row.shortAbandoned = Int(acc.shortAbandoned)
            row.lostBusy = Int(acc.lostBusy)
            row.overflowed = Int(acc.overflowed)
            row.answeredWaitMs = acc.answeredWaitMs
            row.answeredCallerWaitMs = acc.answeredCallerWaitMs
            row.ringMs = acc.ringMs
            row.ringLegs = Int(acc.ringLegs)
            row.talkMs = acc.talkMs
            row.seizures = Int(acc.seizures)
            row.seizuresAnswered = Int(acc.seizuresAnswered)
            row.seizuresEffective = Int(acc.seizuresEffective)
            row.carriedMs = acc.carriedMs
            row.levelAtStart = Int(acc.levelAtStart)
            row.peakConcurrency = Int(acc.peakConcurrency)
            row.missedCallbackable = Int(acc.missedCallbackable)
            row.missedResolved = Int(acc.missedResolved)
            row.repeated = Int(acc.repeated)
            return row
        }
        for wait in waits {
            if wait.abandoned {
                made[Int(wait.row)].abandonedWaitHistogram[Int(wait.bin), default: 0] += 1
            } else {
                made[Int(wait.row)].answeredWaitHistogram[Int(wait.bin), default: 0] += 1
            }
        }
        for callback in callbackTimes { made[Int(callback.row)].callbackMs.append(callback.ms) }
        for limit in unresolved { made[Int(limit.row)].unresolvedLimitsMs.append(limit.limitMs) }
        // Each caller's last missed call per row (on a tie the later call, as the engine).
        for entry in callers {
            let r = Int(entry.row)
            if let existing = made[r].callers.firstIndex(where: { $0.key == entry.caller.key }) {
                if made[r].callers[existing].lastStartMs <= entry.caller.lastStartMs { made[r].callers[existing] = entry.caller }
            } else {
                made[r].callers.append(entry.caller)
            }
        }
        let keys = accumulators.indices.filter { !made[$0].isEmpty }.map { index in
            (quarter: accumulators[index].quarterMs, spec: accumulators[index].spec, index: index)
        }.sorted { ($0.quarter, $0.spec) < ($1.quarter, $1.spec) }
        var result: [RollupRow] = []
        result.reserveCapacity(keys.count)
        for key in keys {
            result.append(made[key.index])
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
        r.fillBusyHours(bounds) { carriedByQuarter[$0] ?? 0 }
        r.asr = KPIMath.percent(seizuresAnswered, seizures)
        r.ner = KPIMath.percent(seizuresEffective, seizures)
    }
}
