@testable import Analytics
import TollbookConfiguration
import TollbookCore
import XCTest

/// Roll-ups read back give exactly what the KPI engine computes from the detail: thousands of
/// generated calls (hunt groups named by the PBX and configured by pilot and members, overflow
/// from one group to another, voicemail, trunk groups and single trunks, two sites, callbacks and
/// repeats from a small pool of callers, calls spanning quarter hours), every rolled-up entity,
/// every bucket size, each service-level variant, a clock in the middle of the data.
final class RollupEquivalenceTests: XCTestCase {
    /// SplitMix64: the same legs on every run.
    private struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
        }
        mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }
    }

    private static let day: Int64 = 86_400_000
    /// 2025-03-03T00:00:00Z, a Monday.
    private static let monday: Int64 = 1_740_960_000_000

    private var parameters: KPIParameters {
        var p = KPIParameters()
        p.trunkGroups = [TrunkGroupSettings(name: "carrier", channels: 4, trunks: ["sip-a", "sip-b"])]
        p.huntGroups = [HuntGroupSettings(name: "hotline", pilots: ["800"], members: ["801", "802", "803"])]
        p.sites = ["berlin": ["pbx-b"], "munich": ["pbx-m"]]
        return p
    }

    /// Legs from a day before the period to two days after it.
    private func legs(seed: UInt64, calls: Int) -> [KPILeg] {
        var g = Generator(state: seed)
        var legs: [KPILeg] = []
        var id: Int64 = 0
        let start = Self.monday - Self.day, span = 5 * Self.day
        for n in 0..<calls {
            let t0 = start + Int64(g.int(0...Int(span / 1000))) * 1000 + Int64(g.int(0...999))
            let source = g.chance(70) ? "pbx-b" : "pbx-m"
            let caller = g.int(1...60)
            let remoteKey = g.chance(8) ? nil : caller
            let trunk = ["sip-a", "sip-b", "isdn-1"][g.int(0...2)]
            let correlation = g.chance(10) ? "" : "c\(n)"
            func leg(_ s: Int64, ring: Int64, talk: Int64, direction: Direction, disposition: Disposition,
                     flags: CallFlags = [], group: String = "", ext: String = "", called: String = "",
                     original: String = "", answered: Bool) -> KPILeg {
                id += 1
                let answer: Int64? = answered ? s + ring : nil
                let end = s + ring + talk + (g.chance(10) ? 0 : Int64(g.int(0...3000)))
                return KPILeg(id: id, correlationID: correlation, startMs: s, answerMs: g.chance(5) ? nil : answer,
                              endMs: g.chance(3) ? s : end, ringMs: g.chance(30) ? 0 : ring, talkMs: talk,
                              direction: direction, disposition: disposition, flags: flags, huntGroup: group,
                              localExtension: ext, called: called, originalCalled: original, trunk: trunk, source: source,
                              remoteKey: remoteKey, remoteDisplay: remoteKey.map { "+49301234\($0)" } ?? "")
            }
            switch g.int(0...9) {
            case 0...4:
                // Incoming to a group: by the PBX's name, or by the configured pilot / members.
                let named = g.chance(50)
                let group = named ? ["sales", "support"][g.int(0...1)] : ""
                let member = "80\(g.int(1...4))"
                let ring = Int64(g.int(0...60_000))
                let outcome = g.int(0...9)
                let answered = outcome < 6
                let talk: Int64 = answered ? Int64(g.int(0...400_000)) : 0
                let disposition: Disposition = answered ? .answered : (outcome == 6 ? .busy : (outcome == 7 ? .rejected : .noAnswer))
                legs.append(leg(t0, ring: ring, talk: talk, direction: .incoming, disposition: disposition,
                                flags: named || g.chance(50) ? .huntGroup : [], group: group, ext: member,
                                called: named ? member : (g.chance(50) ? "800" : member), original: named ? "" : "800",
                                answered: answered))
                if !answered, correlation != "", g.chance(50) {
                    // Overflow to another group or to voicemail.
                    let next = t0 + ring + Int64(g.int(0...2000))
                    let toVoicemail = g.chance(40)
                    let talk2: Int64 = g.chance(60) ? Int64(g.int(1000...200_000)) : 0
                    legs.append(leg(next, ring: Int64(g.int(0...20_000)), talk: talk2, direction: .incoming,
                                    disposition: talk2 > 0 ? .answered : .noAnswer,
                                    flags: toVoicemail ? .voicemail : .huntGroup, group: toVoicemail ? "" : "support",
                                    ext: "810", called: "810", answered: talk2 > 0))
                }
            case 5...7:
                // Outgoing (callbacks to the pool of callers), sometimes busy or unanswered.
                let answered = g.chance(65)
                let disposition: Disposition = answered ? .answered : [.busy, .noAnswer, .rejected, .unknown][g.int(0...3)]
                legs.append(leg(t0, ring: Int64(g.int(1000...30_000)), talk: answered ? Int64(g.int(1000...900_000)) : 0,
                                direction: .outgoing, disposition: disposition, ext: "80\(g.int(1...4))",
                                answered: answered))
            default:
                // Internal, incoming to an extension without a group.
                let answered = g.chance(70)
                legs.append(leg(t0, ring: Int64(g.int(0...15_000)), talk: answered ? Int64(g.int(0...100_000)) : 0,
                                direction: g.chance(50) ? .internal : .incoming, disposition: answered ? .answered : .noAnswer,
                                ext: "70\(g.int(1...9))", called: "70\(g.int(1...9))", answered: answered))
            }
        }
        return legs
    }

    func testRollUpsReadBackAsTheEngineComputesFromTheDetail() throws {
        var parameters = self.parameters
        parameters.callbackWindowMs = 6 * 3_600_000
        parameters.repeatWindowMs = Self.day
        let settings = RollupSettings(defaults: parameters)
        let legs = self.legs(seed: 19, calls: 6000)
        let from = Self.monday, to = Self.monday + 2 * Self.day
        let rows = RollupBuilder.rows(legs: legs, fromMs: from, toMs: to, settings: settings)
        XCTAssertGreaterThan(rows.count, 500)
        let entities = [KPIEntity(kind: .enterprise, id: ""), KPIEntity(kind: .group, id: "sales"),
                        KPIEntity(kind: .group, id: "support"), KPIEntity(kind: .group, id: "hotline"),
                        KPIEntity(kind: .trunk, id: "carrier"), KPIEntity(kind: .trunk, id: "isdn-1"),
                        KPIEntity(kind: .site, id: "berlin"),
                        KPIEntity(kind: .site, id: "munich")]
        let now = Self.monday + 2 * Self.day - 3 * 3_600_000
        var compared = 0
        for entity in entities {
            for (bucket, variant) in [(BucketSize.quarterHour, SLVariant.ignoreShort), (.hour, .negative), (.day, .positive),
                                      (.all, .ignoreWithinT), (.day, .answeredOnly), (.hour, .answerRate)] {
                var p = parameters
                p.slVariant = variant
                p.slThresholdMs = variant == .negative ? 10_000 : 20_000
                XCTAssertTrue(RollupKPIs.canServe(entity: entity, fromMs: from, toMs: to, parameters: p, settings: settings))
                let expected = try KPIEngine.compute(legs: legs, entity: entity, fromMs: from, toMs: to, bucket: bucket,
                                                     parameters: p, nowMs: now)
                let actual = try RollupKPIs.buckets(rows: rows, entity: entity, fromMs: from, toMs: to, bucket: bucket,
                                                    parameters: p, nowMs: now)
                XCTAssertEqual(actual.count, expected.count)
                for (a, e) in zip(actual, expected) where a != e {
                    XCTFail("\(entity) \(bucket) \(variant) \(e.bucketStart): roll-up \(a) vs detail \(e)")
                    break
                }
                compared += expected.count
            }
        }
        XCTAssertEqual(compared, 8 * 293)
        // The data exercise what is compared: every outcome, callbacks, repeats, traffic.
        let all = try RollupKPIs.buckets(rows: rows, entity: KPIEntity(kind: .enterprise, id: ""), fromMs: from, toMs: to,
                                         bucket: .all, parameters: parameters, nowMs: now)[0]
        XCTAssertGreaterThan(all.abandoned, 0)
        XCTAssertGreaterThan(all.shortAbandoned, 0)
        XCTAssertGreaterThan(all.lostBusy, 0)
        XCTAssertGreaterThan(all.overflowed, 0)
        XCTAssertGreaterThan(all.missedResolved, 0)
        XCTAssertGreaterThan(all.unreturned, 0)
        XCTAssertGreaterThan(all.repeatCallRate ?? 0, 0)
        XCTAssertGreaterThan(all.peakConcurrency, 3)
    }

    /// Occupancy ending or starting exactly on a quarter boundary, a call over three quarters,
    /// simultaneous ends and starts: carried seconds, carry-in and peaks as the engine's sweep.
    func testSweepAtQuarterBoundaries() throws {
        let q = Self.monday + 9 * 3_600_000
        let quarter: Int64 = 900_000
        func leg(_ id: Int64, _ start: Int64, _ end: Int64) -> KPILeg {
            KPILeg(id: id, correlationID: "b\(id)", startMs: start, answerMs: start + 1000, endMs: end, ringMs: 1000,
                   talkMs: end - start - 1000, direction: .incoming, disposition: .answered, trunk: "isdn-1", source: "pbx-b")
        }
        let legs = [leg(1, q - 60_000, q), leg(2, q - 60_000, q + 60_000), leg(3, q, q + 3 * quarter),
                    leg(4, q + 60_000, q + 120_000), leg(5, q + 120_000, q + quarter), leg(6, q + quarter, q + quarter + 1)]
        let settings = RollupSettings(defaults: parameters)
        let rows = RollupBuilder.rows(legs: legs, fromMs: q - quarter, toMs: q + 4 * quarter, settings: settings)
        let trunk = rows.filter { $0.entity == KPIEntity(kind: .trunk, id: "isdn-1") }
        XCTAssertEqual(trunk.map(\.quarterMs), [q - quarter, q, q + quarter, q + 2 * quarter])
        XCTAssertEqual(trunk.map(\.levelAtStart), [0, 1, 1, 1])
        XCTAssertEqual(trunk.map(\.peakConcurrency), [2, 2, 2, 1])
        XCTAssertEqual(trunk.map(\.carriedMs), [120_000, 60_000 + quarter + 60_000 + (quarter - 120_000), quarter + 1, quarter])
        for bucket in [BucketSize.quarterHour, .hour, .all] {
            let entity = KPIEntity(kind: .trunk, id: "isdn-1")
            XCTAssertEqual(try RollupKPIs.buckets(rows: rows, entity: entity, fromMs: q - quarter, toMs: q + 4 * quarter,
                                                  bucket: bucket, parameters: parameters, nowMs: q),
                           try KPIEngine.compute(legs: legs, entity: entity, fromMs: q - quarter, toMs: q + 4 * quarter,
                                                 bucket: bucket, parameters: parameters, nowMs: q))
        }
    }

    /// An overflow from group A to B whose leg at B still carries A's pilot as the number first
    /// dialled (CUCM's originalCalledPartyNumber): overflowed at A, answered at B — not answered at
    /// A as well — in the engine and in the roll-ups.
    func testAnOverflowCarryingTheFirstPilotIsAnsweredOnlyAtTheSecondGroup() throws {
        var p = KPIParameters()
        p.huntGroups = [HuntGroupSettings(name: "A", pilots: ["800"], members: ["801"]),
                        HuntGroupSettings(name: "B", pilots: ["900"], members: ["901"])]
        let t = Self.monday + 10 * 3_600_000
        let legs = [
            KPILeg(id: 1, correlationID: "c1", startMs: t, endMs: t + 30_000, ringMs: 30_000, direction: .incoming,
                   disposition: .noAnswer, flags: .huntGroup, huntGroup: "A", localExtension: "801", called: "801",
                   originalCalled: "800", remoteKey: 7),
            KPILeg(id: 2, correlationID: "c1", startMs: t + 30_000, answerMs: t + 35_000, endMs: t + 95_000, ringMs: 5_000,
                   talkMs: 60_000, direction: .incoming, disposition: .answered, flags: .huntGroup, huntGroup: "B",
                   localExtension: "901", called: "901", originalCalled: "800", remoteKey: 7),
        ]
        let rows = RollupBuilder.rows(legs: legs, fromMs: Self.monday, toMs: Self.monday + Self.day,
                                      settings: RollupSettings(defaults: p))
        for (group, answered, overflowed, talk) in [("A", 0, 1, 0.0), ("B", 1, 0, 60.0)] {
            let entity = KPIEntity(kind: .group, id: group)
            let detail = try KPIEngine.compute(legs: legs, entity: entity, fromMs: Self.monday, toMs: Self.monday + Self.day,
                                               bucket: .all, parameters: p, nowMs: t)[0]
            XCTAssertEqual([detail.offered, detail.answered, detail.overflowed], [1, answered, overflowed], group)
            XCTAssertEqual(detail.talkSeconds, talk, group)
            XCTAssertEqual(try RollupKPIs.buckets(rows: rows, entity: entity, fromMs: Self.monday, toMs: Self.monday + Self.day,
                                                  bucket: .all, parameters: p, nowMs: t)[0], detail, group)
        }
    }

    func testFiguresSurviveTheirBinaryForm() throws {
        let settings = RollupSettings(defaults: parameters)
        let rows = RollupBuilder.rows(legs: legs(seed: 7, calls: 1500), fromMs: Self.monday, toMs: Self.monday + Self.day,
                                      settings: settings)
        XCTAssertFalse(rows.isEmpty)
        for row in rows {
            let decoded = try RollupRow(quarterMs: row.quarterMs, entity: row.entity, figures: row.encodedFigures())
            XCTAssertEqual(decoded, row)
        }
        var bytes = rows[0].encodedFigures()
        bytes.removeLast()
        XCTAssertThrowsError(try RollupRow(quarterMs: 0, entity: rows[0].entity, figures: bytes)) {
            XCTAssertEqual($0 as? RollupCodecError, .truncated)
        }
        XCTAssertThrowsError(try RollupRow(quarterMs: 0, entity: rows[0].entity, figures: [9])) {
            XCTAssertEqual($0 as? RollupCodecError, .unknownVersion(9))
        }
    }

    func testWhatRollUpsCannotAnswer() {
        let settings = RollupSettings(defaults: parameters)
        let group = KPIEntity(kind: .group, id: "sales")
        XCTAssertFalse(RollupKPIs.canServe(entity: KPIEntity(kind: .extension, id: "801"), fromMs: Self.monday,
                                           toMs: Self.monday + Self.day, parameters: parameters, settings: settings))
        XCTAssertFalse(RollupKPIs.canServe(entity: KPIEntity(kind: .trunk, id: "sip-a"), fromMs: Self.monday,
                                           toMs: Self.monday + Self.day, parameters: parameters, settings: settings))
        XCTAssertTrue(RollupKPIs.canServe(entity: KPIEntity(kind: .trunk, id: "isdn-1"), fromMs: Self.monday,
                                          toMs: Self.monday + Self.day, parameters: parameters, settings: settings))
        XCTAssertFalse(RollupKPIs.canServe(entity: group, fromMs: Self.monday + 60_000, toMs: Self.monday + Self.day,
                                           parameters: parameters, settings: settings))
        var halfSecond = parameters
        halfSecond.slThresholdMs = 20_500
        XCTAssertFalse(RollupKPIs.canServe(entity: group, fromMs: Self.monday, toMs: Self.monday + Self.day,
                                           parameters: halfSecond, settings: settings))
        var otherShort = parameters
        otherShort.shortAbandonMs = 3_000
        XCTAssertFalse(RollupKPIs.canServe(entity: group, fromMs: Self.monday, toMs: Self.monday + Self.day,
                                           parameters: otherShort, settings: settings))
        XCTAssertFalse(RollupKPIs.canServe(entity: KPIEntity(kind: .site, id: "hamburg"), fromMs: Self.monday,
                                           toMs: Self.monday + Self.day, parameters: parameters, settings: settings))
        XCTAssertNotEqual(settings.fingerprint, RollupSettings(defaults: otherShort).fingerprint)
        XCTAssertEqual(settings.fingerprint, RollupSettings(defaults: parameters).fingerprint)
    }
}
