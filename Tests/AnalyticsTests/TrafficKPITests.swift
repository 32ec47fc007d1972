import Analytics
import TollbookConfiguration
import TollbookCore
import XCTest

/// K15–K19 on a trunk group of two channels: occupancy clipped to buckets, the sweep line with
/// ends before starts, CAR utilisation, Erlang B, ASR/NER, and the busy hour (sliding and clock).
final class TrafficKPITests: XCTestCase {
    typealias E = KPIEngineTests

    private var trunkLegs: [KPILeg] {
        [
            // 07:50–08:10 incoming, started before the period: 10 minutes count in 08:00–08:15.
            E.leg(1, call: "t1", start: -600, answer: -590, end: 600, trunk: "GW1"),
            // 08:10–08:20 outgoing, answered.
            E.leg(2, call: "t2", start: 600, answer: 610, end: 1200, direction: .outgoing, trunk: "GW1"),
            // 08:20–08:40 outgoing on the group's second trunk, answered; it starts when t2 ends.
            E.leg(3, call: "t3", start: 1200, answer: 1210, end: 2400, direction: .outgoing, trunk: "GW2"),
            // 08:20–08:30 outgoing, not answered (counts for NER, not ASR).
            E.leg(4, call: "t4", start: 1200, end: 1800, direction: .outgoing, trunk: "GW1"),
            // 08:40:00–08:40:05 outgoing, failed (neither).
            E.leg(5, call: "t5", start: 2400, end: 2405, disposition: .failed, direction: .outgoing, trunk: "GW1"),
            // Another trunk: not in the group.
            E.leg(6, call: "t6", start: 0, answer: 1, end: 3600, direction: .outgoing, trunk: "OTHER"),
        ]
    }

    private var parameters: KPIParameters {
        var p = KPIParameters()
        p.trunkGroups = [TrunkGroupSettings(name: "GW", channels: 2, trunks: ["GW1", "GW2"])]
        return p
    }

    func testQuarterHoursOfATrunkGroup() throws {
        let buckets = try KPIEngine.compute(legs: trunkLegs, entity: KPIEntity(kind: .trunk, id: "GW"), fromMs: E.t0,
                                            toMs: E.t0 + 3_600_000, bucket: .quarterHour, parameters: parameters, nowMs: E.later)
        XCTAssertEqual(buckets.map(\.bucketStart), ["2025-03-03T08:00:00Z", "2025-03-03T08:15:00Z", "2025-03-03T08:30:00Z",
                                                    "2025-03-03T08:45:00Z"])
        XCTAssertEqual(buckets.map(\.bucketEnd).last, "2025-03-03T09:00:00Z")
        // 600 + 300 s; 300 + 600 + 600 s; 600 + 5 s; nothing.
        XCTAssertEqual(buckets.map(\.carriedErlang), [1, 1.6667, 0.6722, 0])
        // t1 ends at 08:10 when t2 starts; t2 ends at 08:20 when t3 and t4 start; t3 ends when t5 starts.
        XCTAssertEqual(buckets.map(\.peakConcurrency), [1, 2, 1, 0])
        XCTAssertEqual(buckets.map(\.utilisation), [50, 83.33, 33.61, 0])
        // B(2, 1) = 0.2; B(2, 5/3) = 25/73; B(2, 0.6722) = 0.11903.
        XCTAssertEqual(buckets.map(\.blocking), [20, 34.25, 11.9, 0])
        XCTAssertEqual(buckets.map(\.asr), [100, 50, 0, nil])
        XCTAssertEqual(buckets.map(\.ner), [100, 100, 0, nil])
        // The incoming t1 started before the period: it is not offered in it.
        XCTAssertEqual(buckets.map(\.offered), [0, 0, 0, 0])
        XCTAssertNil(buckets[0].busyHourStart, "a quarter hour has no busy hour")
        XCTAssertNil(buckets[0].busyHourErlang)
    }

    func testBusyHourSlidesOverQuarterHoursAndTheClockHourDoesNot() throws {
        let legs = [
            E.leg(1, call: "b1", start: 1800, answer: 1800, end: 5400),   // 08:30–09:30
            E.leg(2, call: "b2", start: 2700, answer: 2700, end: 3600),   // 08:45–09:00
        ]
        let buckets = try KPIEngine.compute(legs: legs, entity: KPIEntity(kind: .enterprise, id: ""), fromMs: E.t0,
                                            toMs: E.t0 + 7_200_000, bucket: .all, parameters: KPIParameters(), nowMs: E.later)
        let bucket = try XCTUnwrap(buckets.first)
        // Quarter hours 0, 0, 900, 1800, 900, 900, 0, 0 s: the best four start at 08:30 (4500 s).
        XCTAssertEqual(bucket.busyHourStart, "2025-03-03T08:30:00Z")
        XCTAssertEqual(bucket.busyHourErlang, 1.25)
        XCTAssertEqual(bucket.clockBusyHourStart, "2025-03-03T08:00:00Z")
        XCTAssertEqual(bucket.clockBusyHourErlang, 0.75)
        XCTAssertEqual(bucket.carriedErlang, 0.625)
        XCTAssertEqual(bucket.peakConcurrency, 2)
        XCTAssertNil(bucket.utilisation, "not a trunk group")
        // Hour buckets: b1 is clipped into both.
        let hours = try KPIEngine.compute(legs: legs, entity: KPIEntity(kind: .enterprise, id: ""), fromMs: E.t0,
                                          toMs: E.t0 + 7_200_000, bucket: .hour, parameters: KPIParameters(), nowMs: E.later)
        XCTAssertEqual(hours.map(\.carriedErlang), [0.75, 0.5])
        XCTAssertEqual(hours.map(\.offered), [2, 0])
        XCTAssertEqual(hours.map(\.busyHourStart), ["2025-03-03T08:00:00Z", "2025-03-03T09:00:00Z"])
    }
}

/// K12–K14: missed calls resolved by a callback or an answered retry within W, at the window's
/// boundary and while it is still open; the unreturned list, one row per caller.
final class CallbackKPITests: XCTestCase {
    typealias E = KPIEngineTests
    static let w: Int64 = 86_400

    private var legs: [KPILeg] {
        let w = Self.w
        return [
            // Caller 1: missed 08:00–08:00:30, called back (answered) 10 minutes later.
            E.leg(1, call: "m1", start: 0, end: 30, key: 1, display: "+49176***11"),
            E.leg(2, call: "o1", start: 630, answer: 635, end: 700, direction: .outgoing, key: 1),
            // Caller 2: missed 08:05–08:05:20, called back exactly W after: still within W.
            E.leg(3, call: "m2", start: 300, end: 320, key: 2, display: "+49176***22"),
            E.leg(4, call: "o2", start: 320 + w, answer: 325 + w, end: 400 + w, direction: .outgoing, key: 2),
            // Caller 3: missed twice, never called back.
            E.leg(5, call: "m3a", start: 1200, end: 1210, key: 3, display: "+49176***33"),
            E.leg(6, call: "m3b", start: 1500, end: 1510, key: 3, display: "+49176***33"),
            // Caller 4: missed 08:30–08:30:10, called back one second after W: too late.
            E.leg(7, call: "m4", start: 1800, end: 1810, key: 4, display: "+49176***44"),
            E.leg(8, call: "o4", start: 1811 + w, answer: 1815 + w, end: 1900 + w, direction: .outgoing, key: 4),
            // Caller 5: missed 08:40, called again at 09:00 and answered (a retry resolves it).
            E.leg(9, call: "m5", start: 2400, end: 2410, key: 5, display: "+49176***55"),
            E.leg(10, call: "r5", start: 3600, answer: 3605, end: 3700, key: 5),
            // No caller number: not callbackable.
            E.leg(11, call: "m6", start: 3000, end: 3010),
            // An unanswered callback attempt does not resolve anything.
            E.leg(12, call: "o3", start: 1600, end: 1620, direction: .outgoing, key: 3),
        ]
    }

    private func bucket(nowMs: Int64) throws -> KPIBucket {
        let buckets = try KPIEngine.compute(legs: legs, entity: KPIEntity(kind: .enterprise, id: ""), fromMs: E.t0,
                                            toMs: E.t0 + 3_600_000, bucket: .all, parameters: KPIParameters(), nowMs: nowMs)
        return try XCTUnwrap(buckets.first)
    }

    func testResolutionWithinTheWindowAndAtItsBoundary() throws {
        let b = try bucket(nowMs: E.later)
        XCTAssertEqual(b.offered, 7)
        XCTAssertEqual(b.missedCallbackable, 6)
        XCTAssertEqual(b.missedResolved, 3)                 // m1, m2 (at W), m5 (retry)
        XCTAssertEqual(b.missedResolutionRate, 50)          // 3 / 6
        XCTAssertEqual(b.missedResolutionRateCallers, 60)   // callers 1, 2, 5 of 1–5
        XCTAssertEqual(b.unreturned, 2)                     // callers 3 and 4
        XCTAssertEqual(b.callbackMedianSeconds, 43_500)     // (600 + 86 400) / 2
        XCTAssertEqual(b.callbackP90Seconds, 86_400)        // rank ⌈0.9 · 2⌉ = 2
    }

    func testOpenWindowsAreNeitherResolvedNorUnreturned() throws {
        // One hour after the period: only the resolved calls are decided.
        let b = try bucket(nowMs: E.t0 + 2 * 3_600_000)
        XCTAssertEqual(b.missedCallbackable, 6)
        XCTAssertEqual(b.missedResolved, 3)
        XCTAssertEqual(b.missedResolutionRate, 100)
        XCTAssertEqual(b.missedResolutionRateCallers, 100)
        XCTAssertEqual(b.unreturned, 0)
    }

    func testTheUnreturnedListHasOneRowPerCallerWithTheAttempts() throws {
        let rows = try KPIEngine.unreturned(legs: legs, entity: KPIEntity(kind: .enterprise, id: ""), fromMs: E.t0,
                                            toMs: E.t0 + 3_600_000, parameters: KPIParameters(), nowMs: E.later)
        XCTAssertEqual(rows, [
            UnreturnedCaller(caller: "+49176***33", attempts: 2, firstAttempt: "2025-03-03T08:20:00Z", lastAttempt: "2025-03-03T08:25:00Z"),
            UnreturnedCaller(caller: "+49176***44", attempts: 1, firstAttempt: "2025-03-03T08:30:00Z", lastAttempt: "2025-03-03T08:30:00Z"),
        ])
    }
}
