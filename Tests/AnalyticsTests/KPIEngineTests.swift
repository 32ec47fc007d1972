import Analytics
import TollbookConfiguration
import TollbookCore
import XCTest

/// K1–K11 and K20 from hand-built legs, with hand-computed expectations for every edge case the
/// specification names (analytics-kpis.md §5): SL variants, short abandons, calls vs legs,
/// overflow A → B, lost busy, null for empty denominators.
final class KPIEngineTests: XCTestCase {
    /// 2025-03-03T08:00:00Z.
    static let t0: Int64 = 1_740_988_800_000
    static let second: Int64 = 1000
    /// Far after every callback window: all windows are closed.
    static let later: Int64 = t0 + 365 * 86_400_000

    /// An incoming leg at hunt group `group`, seconds relative to `t0`.
    static func leg(_ id: Int64, call: String, group: String = "", start: Int64, answer: Int64? = nil, end: Int64,
                    disposition: Disposition? = nil, direction: Direction = .incoming, key: Int? = nil,
                    display: String = "", trunk: String = "", ext: String = "", flags: CallFlags = []) -> KPILeg {
        let s = second
        let answerMs = answer.map { t0 + $0 * s }
        return KPILeg(id: id, correlationID: call, startMs: t0 + start * s, answerMs: answerMs, endMs: t0 + end * s,
                      talkMs: answer.map { (end - $0) * s } ?? 0, direction: direction,
                      disposition: disposition ?? (answer == nil ? .noAnswer : .answered), flags: flags,
                      huntGroup: group, localExtension: ext, trunk: trunk, remoteKey: key, remoteDisplay: display)
    }

    private func hour(_ legs: [KPILeg], _ entity: String, variant: SLVariant = .ignoreShort,
                      parameters: KPIParameters = KPIParameters()) throws -> KPIBucket {
        var p = parameters
        p.slVariant = variant
        let buckets = try KPIEngine.compute(legs: legs, entity: try KPIEntity(parsing: entity), fromMs: Self.t0,
                                            toMs: Self.t0 + 3_600_000, bucket: .all, parameters: p, nowMs: Self.later)
        XCTAssertEqual(buckets.count, 1)
        return try XCTUnwrap(buckets.first)
    }

    /// Cisco's example (§1.3): 70 answered within T, 10 abandoned within T, 100 calls → 70/90, 70/100, 80/100.
    private var ciscoExample: [KPILeg] {
        (0..<100).map { i -> KPILeg in
            let start = Int64(i) * 30
            switch i {
            case 0..<70: return Self.leg(Int64(i), call: "c\(i)", group: "Q", start: start, answer: start + 10, end: start + 70)
            case 70..<80: return Self.leg(Int64(i), call: "c\(i)", group: "Q", start: start, end: start + 8)
            default: return Self.leg(Int64(i), call: "c\(i)", group: "Q", start: start, answer: start + 30, end: start + 90)
            }
        }
    }

    func testServiceLevelVariantsOnCiscosExample() throws {
        let expected: [SLVariant: Double] = [.ignoreWithinT: 77.78, .negative: 70, .positive: 80, .ignoreShort: 70,
                                             .answeredOnly: 77.78, .answerRate: 90]
        for (variant, value) in expected {
            let bucket = try hour(ciscoExample, "group:Q", variant: variant)
            XCTAssertEqual(bucket.serviceLevel, value, "\(variant)")
            XCTAssertEqual(bucket.serviceLevelVariant, variant)
        }
        let bucket = try hour(ciscoExample, "group:Q")
        XCTAssertEqual([bucket.offered, bucket.answered, bucket.abandoned, bucket.shortAbandoned, bucket.lostBusy, bucket.overflowed],
                       [100, 90, 10, 0, 0, 0])
        XCTAssertEqual(bucket.answerRate, 90)
        XCTAssertEqual(bucket.abandonRate, 10)
        XCTAssertEqual(bucket.abandonRateRaw, 10)
        // (70 · 10 + 20 · 30) / 90 = 14.444…
        XCTAssertEqual(bucket.asaSeconds, 14.44)
        XCTAssertEqual(bucket.asaSecondsCallerView, 14.44)
        // (70 · 10 + 10 · 8 + 20 · 30) / 100 legs.
        XCTAssertEqual(bucket.avgRingSeconds, 13.8)
        XCTAssertEqual(bucket.talkSeconds, 5400)
        XCTAssertEqual(bucket.avgTalkSeconds, 60)
        // Answered exactly at T counts as within T ("within T" means wait ≤ T).
        var p = KPIParameters()
        p.slThresholdMs = 10_000
        XCTAssertEqual(try hour(ciscoExample, "group:Q", variant: .negative, parameters: p).serviceLevel, 70)
        p.slThresholdMs = 9_999
        XCTAssertEqual(try hour(ciscoExample, "group:Q", variant: .negative, parameters: p).serviceLevel, 0)
    }

    /// c1: three legs at A, the third answers after 12 s (one call); c2: 20 s at A, then answered
    /// at B after 5 s there (counts at both); c3: hung up after 3 s (short); c4: busy; c5: hung up after 40 s.
    private var groups: [KPILeg] {
        [
            Self.leg(1, call: "c1", group: "A", start: 0, end: 15),
            Self.leg(2, call: "c1", group: "A", start: 0, end: 15),
            Self.leg(3, call: "c1", group: "A", start: 0, answer: 12, end: 100),
            Self.leg(4, call: "c2", group: "A", start: 300, end: 320),
            Self.leg(5, call: "c2", group: "B", start: 320, answer: 325, end: 385),
            Self.leg(6, call: "c3", group: "A", start: 600, end: 603),
            KPILeg(id: 7, correlationID: "c4", startMs: Self.t0 + 900_000, endMs: Self.t0 + 900_500, disposition: .busy, huntGroup: "A"),
            Self.leg(8, call: "c5", group: "A", start: 1200, end: 1240),
        ]
    }

    func testCallsNotLegsShortAbandonsLostBusyAndOverflowCountingForBothGroups() throws {
        let a = try hour(groups, "group:A")
        XCTAssertEqual([a.offered, a.answered, a.abandoned, a.shortAbandoned, a.lostBusy, a.overflowed], [5, 1, 2, 1, 1, 1])
        XCTAssertEqual(a.serviceLevel, 25)          // 1 / (5 − 1)
        XCTAssertEqual(a.answerRate, 25)            // 1 / (5 − 1)
        XCTAssertEqual(a.abandonRate, 25)           // (2 − 1) / (5 − 1)
        XCTAssertEqual(a.abandonRateRaw, 40)        // 2 / 5
        XCTAssertEqual(a.asaSeconds, 12)
        XCTAssertEqual(a.asaSecondsCallerView, 12)
        XCTAssertEqual(a.avgRingSeconds, 15.07)     // (15 + 15 + 12 + 20 + 3 + 0.5 + 40) / 7 legs
        XCTAssertEqual(a.talkSeconds, 88)
        XCTAssertEqual(a.avgTalkSeconds, 88)
        let b = try hour(groups, "group:B")
        XCTAssertEqual([b.offered, b.answered, b.abandoned, b.shortAbandoned, b.lostBusy, b.overflowed], [1, 1, 0, 0, 0, 0])
        XCTAssertEqual(b.serviceLevel, 100)
        XCTAssertEqual(b.asaSeconds, 5)             // from the first alert at B
        XCTAssertEqual(b.asaSecondsCallerView, 25)  // from the seizure of the call
        XCTAssertEqual(b.avgRingSeconds, 5)
        XCTAssertEqual(b.talkSeconds, 60)
        // The enterprise sees five calls, not eight legs; c2 is answered (at B), not overflowed.
        let all = try hour(groups, "enterprise")
        XCTAssertEqual([all.offered, all.answered, all.abandoned, all.shortAbandoned, all.lostBusy, all.overflowed], [5, 2, 2, 1, 1, 0])
        XCTAssertEqual(all.entity, "enterprise")
        // An answer needs talk ≥ answered_min_talk_s (aurenz: more than 1 s): with 61 s, c2's 60 s is not one.
        var p = KPIParameters()
        p.answeredMinTalkMs = 61_000
        let strict = try hour(groups, "group:B", parameters: p)
        XCTAssertEqual([strict.offered, strict.answered, strict.abandoned], [1, 0, 1])
    }

    func testUndefinedFiguresAreNullAndEveryFieldIsPresent() throws {
        let empty = try hour(groups, "group:nobody")
        XCTAssertEqual(empty.offered, 0)
        XCTAssertNil(empty.serviceLevel)
        XCTAssertNil(empty.answerRate)
        XCTAssertNil(empty.abandonRate)
        XCTAssertNil(empty.abandonRateRaw)
        XCTAssertNil(empty.asaSeconds)
        XCTAssertNil(empty.avgRingSeconds)
        XCTAssertNil(empty.avgTalkSeconds)
        XCTAssertNil(empty.missedResolutionRate)
        XCTAssertNil(empty.callbackMedianSeconds)
        XCTAssertNil(empty.asr)
        XCTAssertNil(empty.repeatCallRate)
        XCTAssertNil(empty.utilisation, "no channels configured")
        XCTAssertNil(empty.busyHourStart, "no traffic, no busy hour")
        XCTAssertEqual(empty.busyHourErlang, 0)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: JSONEncoder().encode(empty)) as? [String: Any])
        XCTAssertEqual(Set(object.keys), Set(KPIBucket.CodingKeys.allCases.map(\.rawValue)))
        XCTAssertEqual(object.count, 37)
        XCTAssertTrue(object["service_level"] is NSNull)
        XCTAssertTrue(object["blocking"] is NSNull)
        XCTAssertEqual(object["offered"] as? Int, 0)
        XCTAssertEqual(object["service_level_variant"] as? String, "ignore_short")
    }

    func testRepeatCallsWithinTheWindowButNotWithinTheTransferGap() throws {
        let legs = [
            // Caller 7: answered 08:00–08:05, again 08:15 (10 min later: a transfer) and 08:40.
            Self.leg(1, call: "r1", start: 0, answer: 0, end: 300, key: 7),
            Self.leg(2, call: "r2", start: 900, answer: 900, end: 1200, key: 7),
            Self.leg(3, call: "r3", start: 2400, answer: 2400, end: 2700, key: 7),
            // Caller 8: answered 08:50, again 8 days later (outside the 7-day window).
            Self.leg(4, call: "r4", start: 3000, answer: 3000, end: 3060, key: 8),
            Self.leg(5, call: "r5", start: 8 * 86_400, answer: 8 * 86_400, end: 8 * 86_400 + 60, key: 8),
        ]
        // r1 (by r3, 35 min after its end) and r2 (by r3, 20 min) repeat; r3 and r4 do not: 2 / 4.
        XCTAssertEqual(try hour(legs, "enterprise").repeatCallRate, 50)
        var p = KPIParameters()
        p.transferGapMs = 25 * 60_000
        XCTAssertEqual(try hour(legs, "enterprise", parameters: p).repeatCallRate, 25)
    }

    func testExtensionsCountTheirOwnLegsAndTalkInBothDirections() throws {
        let legs = [
            Self.leg(1, call: "e1", start: 0, answer: 10, end: 70, ext: "2001"),
            Self.leg(2, call: "e2", start: 100, answer: 104, end: 204, direction: .outgoing, ext: "2001"),
            Self.leg(3, call: "e3", start: 300, end: 320, ext: "2001"),
            Self.leg(4, call: "e3", start: 320, answer: 330, end: 400, ext: "2002"),
        ]
        let e = try hour(legs, "extension:2001")
        // e1 answered, e3 went on to 2002 (overflowed); e2 is outgoing: talk only.
        XCTAssertEqual([e.offered, e.answered, e.abandoned, e.overflowed], [2, 1, 0, 1])
        XCTAssertEqual(e.talkSeconds, 160)
        XCTAssertEqual(e.avgTalkSeconds, 160)
        XCTAssertEqual(e.avgRingSeconds, 15)        // (10 + 20) / 2
        XCTAssertEqual(e.asr, 100)                  // its one outgoing seizure was answered
    }

    func testConfiguredHuntGroupsForPBXsThatDoNotNameThem() throws {
        var p = KPIParameters()
        p.huntGroups = [HuntGroupSettings(name: "sales", pilots: ["2300"], members: ["2301", "2302"])]
        var dialled = Self.leg(1, call: "h1", start: 0, answer: 5, end: 60, ext: "2301")
        dialled.originalCalled = "2300"
        // Unify SMDR: an unanswered hunt-group call carries the last member and no group name.
        let lastMember = Self.leg(2, call: "h2", start: 100, end: 130, ext: "2302", flags: .huntGroup)
        // A direct call to a member is not a group call.
        let direct = Self.leg(3, call: "h3", start: 200, answer: 202, end: 260, ext: "2301")
        let bucket = try hour([dialled, lastMember, direct], "group:sales", parameters: p)
        XCTAssertEqual([bucket.offered, bucket.answered, bucket.abandoned], [2, 1, 1])
    }

    func testSitesCountTheLegsOfTheirSources() throws {
        var p = KPIParameters()
        p.sites = ["berlin": ["berlin-cucm"], "hamburg": ["hamburg-osbiz"]]
        var legs = groups
        for index in legs.indices { legs[index].source = index < 3 ? "berlin-cucm" : "hamburg-osbiz" }
        XCTAssertEqual(try hour(legs, "site:berlin", parameters: p).offered, 1)
        XCTAssertEqual(try hour(legs, "site:hamburg", parameters: p).offered, 4)
        XCTAssertThrowsError(try hour(legs, "site:paris", parameters: p)) { error in
            XCTAssertEqual(error as? AnalyticsError, .unknownSite("paris"))
        }
    }

    func testEntitiesAndBucketsAreParsedStrictly() {
        XCTAssertEqual(try KPIEntity(parsing: "org:Berlin/Sales"), KPIEntity(kind: .org, id: "Berlin/Sales"))
        XCTAssertEqual(try KPIEntity(parsing: "enterprise").description, "enterprise")
        XCTAssertEqual(try KPIEntity(parsing: "group:2300").description, "group:2300")
        XCTAssertThrowsError(try KPIEntity(parsing: "group:")) { XCTAssertEqual($0 as? AnalyticsError, .badEntity("group:")) }
        XCTAssertThrowsError(try KPIEntity(parsing: "queue:1"))
        XCTAssertThrowsError(try BucketSize(parsing: "year")) { XCTAssertEqual($0 as? AnalyticsError, .badBucket("year")) }
        XCTAssertEqual(try SLVariant(parsing: "ignore_within_T"), .ignoreWithinT)
        XCTAssertThrowsError(try KPIEngine.compute(legs: [], entity: KPIEntity(kind: .enterprise, id: ""), fromMs: Self.t0,
                                                   toMs: Self.t0, bucket: .day, parameters: KPIParameters()))
    }

    func testTheEntitiesTheLegsMention() {
        var p = KPIParameters()
        p.trunkGroups = [TrunkGroupSettings(name: "pstn", channels: 30, trunks: ["GW1"])]
        let legs = groups + [Self.leg(9, call: "x", start: 0, end: 1, direction: .outgoing, trunk: "GW1"),
                             Self.leg(10, call: "y", start: 0, end: 1, trunk: "SIP2", ext: "2001")]
        XCTAssertEqual(KPIEngine.entities(.group, in: legs, parameters: p).map(\.description), ["group:A", "group:B"])
        XCTAssertEqual(KPIEngine.entities(.trunk, in: legs, parameters: p).map(\.description), ["trunk:SIP2", "trunk:pstn"])
        XCTAssertEqual(KPIEngine.entities(.extension, in: legs, parameters: p).map(\.description), ["extension:2001"])
        XCTAssertEqual(KPIEngine.entities(.enterprise, in: legs, parameters: p), [])
    }
}
