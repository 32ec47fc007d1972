import Analytics
import Foundation
import TollbookConfiguration
import TollbookCore

// Roll-up builder throughput (legs per second, one thread) and reading a group's 30 days of
// daily KPIs from roll-ups against computing them from the legs. Usage: RollupBench [calls].

/// SplitMix64.
struct Generator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

let calls = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 1_000_000 : 1_000_000
let day: Int64 = 86_400_000
let start: Int64 = 1_735_689_600_000 // 2025-01-01
let days = 60
var g = Generator(state: 42)
var parameters = KPIParameters()
parameters.trunkGroups = (0..<50).map { TrunkGroupSettings(name: "tg\($0)", channels: 30, trunks: ["tg\($0)-a", "tg\($0)-b"]) }
parameters.sites = ["site0": ["pbx0"], "site1": ["pbx1"]]
var legs: [KPILeg] = []
legs.reserveCapacity(calls * 3 / 2)
var id: Int64 = 0
for n in 0..<calls {
    let t0 = start + Int64(g.int(days * 86_400)) * 1000
    let trunk = "tg\(g.int(50))-\(g.int(2) == 0 ? "a" : "b")"
    let source = "pbx\(g.int(2))"
    let remote = g.int(200_000)
    let kind = g.int(10)
    id += 1
    if kind < 5 {
        let group = "hg\(g.int(500))"
        let answered = g.int(10) < 7
        let ring = Int64(g.int(40_000))
        let talk: Int64 = answered ? Int64(g.int(300_000)) : 0
        legs.append(KPILeg(id: id, correlationID: "c\(n)", startMs: t0, answerMs: answered ? t0 + ring : nil,
                           endMs: t0 + ring + talk, ringMs: ring, talkMs: talk, direction: .incoming,
                           disposition: answered ? .answered : .noAnswer, flags: .huntGroup, huntGroup: group,
                           localExtension: "\(1000 + g.int(5000))", called: "", trunk: trunk, source: source,
                           remoteKey: remote))
        if !answered, g.int(2) == 0 {
            id += 1
            let t1 = t0 + ring
            legs.append(KPILeg(id: id, correlationID: "c\(n)", startMs: t1, answerMs: t1 + 5000, endMs: t1 + 65_000,
                               ringMs: 5000, talkMs: 60_000, direction: .incoming, disposition: .answered, flags: .huntGroup,
                               huntGroup: "hg\(g.int(500))", localExtension: "\(1000 + g.int(5000))", trunk: trunk,
                               source: source, remoteKey: remote))
        }
    } else if kind < 8 {
        let answered = g.int(10) < 6
        let talk: Int64 = answered ? Int64(g.int(600_000)) : 0
        legs.append(KPILeg(id: id, correlationID: "c\(n)", startMs: t0, answerMs: answered ? t0 + 8000 : nil,
                           endMs: t0 + 8000 + talk, ringMs: 8000, talkMs: talk, direction: .outgoing,
                           disposition: answered ? .answered : .busy, localExtension: "\(1000 + g.int(5000))",
                           trunk: trunk, source: source, remoteKey: remote))
    } else {
        legs.append(KPILeg(id: id, correlationID: "c\(n)", startMs: t0, answerMs: t0 + 3000, endMs: t0 + 63_000, ringMs: 3000,
                           talkMs: 60_000, direction: .internal, disposition: .answered, localExtension: "\(1000 + g.int(5000))",
                           called: "\(1000 + g.int(5000))", source: source))
    }
}
legs.sort { ($0.startMs, $0.id) < ($1.startMs, $1.id) }
let settings = RollupSettings(defaults: parameters)
let clock = ContinuousClock()

if ProcessInfo.processInfo.environment["ROLLUP_BENCH_WHOLE_ONLY"] == nil {
// Build per week, as a refresh would: each week's legs with a day before and the look-ahead after.
var rows: [RollupRow] = []
let ahead = RollupBuilder.lookAheadMs(settings)
let built = clock.measure {
    var lo = 0
    for d in stride(from: 0, to: days, by: 7) {
        let from = start + Int64(d) * day, to = from + 7 * day
        while lo < legs.count, legs[lo].startMs < from - RollupBuilder.lookBehindMs { lo += 1 }
        var hi = lo
        while hi < legs.count, legs[hi].startMs < to + ahead { hi += 1 }
        rows += RollupBuilder.rows(legs: Array(legs[lo..<hi]), fromMs: from, toMs: to, settings: settings)
    }
}
let seconds = Double(built.components.seconds) + Double(built.components.attoseconds) / 1e18
print("legs \(legs.count), rows \(rows.count), build \(String(format: "%.2f", seconds)) s, "
      + "\(String(format: "%.2f", seconds * 1e6 / Double(legs.count))) µs per leg")

// One group, 30 days, daily buckets: from the rows vs from the legs.
let group = KPIEntity(kind: .group, id: "hg7")
let from = start + 15 * day, to = from + 30 * day
let groupRows = rows.filter { $0.entity == group }
var fromRows: [KPIBucket] = []
var fromLegs: [KPIBucket] = []
let readRows = clock.measure {
    fromRows = (try? RollupKPIs.buckets(rows: groupRows, entity: group, fromMs: from, toMs: to, bucket: .day,
                                        parameters: parameters, nowMs: Int64.max)) ?? []
}
let window = legs.filter { $0.startMs >= from - day && $0.startMs < to + ahead }
let readLegs = clock.measure {
    fromLegs = (try? KPIEngine.compute(legs: window, entity: group, fromMs: from, toMs: to, bucket: .day,
                                       parameters: parameters, nowMs: Int64.max)) ?? []
}
print("group 30 days by day: from \(groupRows.count) rows \(readRows), from \(window.count) legs \(readLegs), equal: \(fromRows == fromLegs)")

}
// The whole period in one build (no chunk overlap), on legs already hashed (as the store's
// reads and the ingest stage hand them over).
func buildWhole(_ legs: [KPILeg]) -> (rows: Int, seconds: Double) {
    var names: [UInt64: String] = [:]
    for leg in legs {
        names[RollupHash.of(leg.huntGroup)] = leg.huntGroup
        names[RollupHash.of(leg.trunk)] = leg.trunk
    }
    let compact = legs.map(RollupLeg.init)
    let clock = ContinuousClock()
    var count = 0
    let time = clock.measure {
        count = RollupBuilder.rows(compact: compact, names: names, fromMs: start, toMs: start + Int64(days) * day,
                                   settings: settings).count
    }
    return (count, Double(time.components.seconds) + Double(time.components.attoseconds) / 1e18)
}
let whole = buildWhole(legs)
print("one build over \(days) days: \(whole.rows) rows, \(String(format: "%.2f", whole.seconds)) s, "
      + "\(String(format: "%.2f", whole.seconds * 1e6 / Double(legs.count))) µs per leg")
