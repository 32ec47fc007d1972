import Alarms
import Foundation
import Store
import TollbookConfiguration
import XCTest

/// Every rule at its boundary, on hand-made legs of site berlin (Europe/Berlin, UTC+1 in March 2025;
/// business hours 08:00–18:00 Monday to Friday by default).
final class AlarmRuleBoundaryTests: XCTestCase {
    /// 2025-03-03 00:00:00 UTC, a Monday (01:00 in Berlin).
    static let monday: Int64 = 1_740_960_000
    /// Seconds after `monday` 00:00 UTC of a local Berlin time on that Monday.
    static func berlin(_ hour: Int64, _ minute: Int64, dayOffset: Int64 = 0) -> Int64 {
        (monday + dayOffset * 86_400 + (hour - 1) * 3600 + minute * 60) * 1000
    }

    private func leg(_ id: Int64, at startMs: Int64, talk: Int64 = 60, category: String = "international",
                     e164: String = "+442079460001", cost: Int64? = 10, extensionKey: String = "berlin/2001",
                     destination: String = "Welt") -> AlarmCall {
        AlarmCall(id: id, site: "berlin", extensionKey: extensionKey, trunk: "GW1", startMs: startMs, endMs: startMs + talk * 1000,
                  talkMs: talk * 1000, category: category, remoteE164: e164, zone: "WORLD", destination: destination, costMinor: cost)
    }

    /// Settings with only the rule under test able to fire (others out of reach).
    private func quiet(_ change: (inout AlarmSettings) -> Void) -> AlarmSettings {
        var settings = AlarmSettings()
        settings.afterHoursCategories = []
        settings.highRiskPrefixes = []
        settings.maxCallSeconds = 864_000
        settings.maxCallCostMinor = 1_000_000_000
        settings.maxConcurrentInternational = 1000
        settings.spikeMinimumBaselineDays = 28
        settings.unknownExtensions = false
        change(&settings)
        return settings
    }

    private func evaluate(_ calls: [AlarmCall], _ settings: AlarmSettings, from: Int64 = 0, to: Int64 = .max / 2,
                          assignments: ExtensionAssignments? = nil) -> [AlarmRecord] {
        let evaluator = AlarmEvaluator(site: "berlin", settings: settings, timeZone: TimeZone(identifier: "Europe/Berlin")!)
        return evaluator.evaluate(calls, fromMs: from, toMs: to, raisedMs: 42, assignments: assignments)
    }

    func testAfterHoursBeginsAtTheEndOfBusinessHoursAndCoversWeekends() {
        let calls = [
            leg(1, at: Self.berlin(17, 59)), leg(2, at: Self.berlin(18, 0)), leg(3, at: Self.berlin(7, 59)),
            leg(4, at: Self.berlin(8, 0)), leg(5, at: Self.berlin(10, 0, dayOffset: 5)),
            leg(6, at: Self.berlin(18, 0), category: "national"), leg(7, at: Self.berlin(18, 0), category: "premium"),
        ]
        let alarms = evaluate(calls, quiet { $0.afterHoursCategories = ["international", "premium"] })
        XCTAssertEqual(alarms.map(\.callIDs), [[3], [2], [7], [5]], "ordered by start, then id")
        XCTAssertEqual(alarms.map(\.message), [
            "International call outside business hours (Mon 07:59 local time) to Welt",
            "International call outside business hours (Mon 18:00 local time) to Welt",
            "Premium call outside business hours (Mon 18:00 local time) to Welt",
            "International call outside business hours (Sat 10:00 local time) to Welt",
        ])
        XCTAssertEqual(alarms.first, AlarmRecord(
            dedupeKey: "after_hours:3", rule: "after_hours", severity: "high", site: "berlin", entityKind: "extension",
            entity: "berlin/2001", callIDs: [3], atMs: Self.berlin(7, 59), raisedMs: 42,
            message: "International call outside business hours (Mon 07:59 local time) to Welt"))
    }

    func testBusinessHoursAndDaysAreConfigurable() {
        var settings = quiet { $0.afterHoursCategories = ["international"] }
        settings.businessStartMinute = 7 * 60
        settings.businessEndMinute = 20 * 60
        settings.businessDays = [1, 2, 3, 4, 5, 6]
        let calls = [leg(1, at: Self.berlin(19, 59)), leg(2, at: Self.berlin(20, 0)), leg(3, at: Self.berlin(10, 0, dayOffset: 5)),
                     leg(4, at: Self.berlin(10, 0, dayOffset: 6))]
        XCTAssertEqual(evaluate(calls, settings).map(\.callIDs), [[2], [4]], "20:00 is after hours, Saturday a business day, Sunday not")
    }

    func testHighRiskListMatchesPrefixesAndCountriesAndNeverShowsTheNumber() {
        let settings = quiet {
            $0.highRiskPrefixes = AlarmSettings.nanpHighRisk
            $0.highRiskCountries = ["882"]
        }
        let calls = [
            leg(1, at: Self.berlin(10, 0), e164: "+18765550100", destination: "Jamaika"),
            leg(2, at: Self.berlin(10, 1), e164: "+18775550100", destination: "USA"),
            leg(3, at: Self.berlin(10, 2), e164: "+882123456789", destination: "Satellit"),
            leg(4, at: Self.berlin(10, 3), e164: "+12425550100", destination: ""),
            leg(5, at: Self.berlin(10, 4), e164: "+88112345", destination: "Satellit"),
        ]
        let alarms = evaluate(calls, settings)
        XCTAssertEqual(alarms.map(\.callIDs), [[1], [3], [4]])
        XCTAssertEqual(alarms.map(\.message), [
            "Call to a destination on the high-risk list: Jamaika",
            "Call to a destination on the high-risk list: Satellit",
            "Call to a destination on the high-risk list: zone WORLD",
        ])
        XCTAssertEqual(alarms.map(\.severity), ["high", "high", "high"])
        for alarm in alarms { XCTAssertNil(alarm.message.rangeOfCharacter(from: .decimalDigits), alarm.message) }
    }

    func testLongCallsAndCostlyCallsAlarmOnlyAboveTheThreshold() {
        let settings = quiet {
            $0.maxCallSeconds = 7200
            $0.maxCallCostMinor = 5000
        }
        let calls = [
            leg(1, at: Self.berlin(9, 0), talk: 7200, cost: 5000), leg(2, at: Self.berlin(9, 1), talk: 7201, cost: 4999),
            leg(3, at: Self.berlin(9, 2), talk: 60, cost: 5001), leg(4, at: Self.berlin(9, 3), talk: 60, cost: nil),
        ]
        let alarms = evaluate(calls, settings)
        XCTAssertEqual(alarms.map(\.rule), ["long_call", "call_cost"])
        XCTAssertEqual(alarms.map(\.callIDs), [[2], [3]])
        XCTAssertEqual(alarms.map(\.message), [
            "Call of 7201 s talk time (limit 7200 s) to Welt",
            "Call costing 50.01 EUR (limit 50.00) to Welt",
        ])
        XCTAssertEqual(alarms.map(\.severity), ["low", "medium"])
    }

    func testConcurrentInternationalCallsAreFoundBySweepLineWithEndsBeforeStarts() {
        let base = Self.berlin(9, 0)
        func span(_ id: Int64, _ from: Int64, _ to: Int64, category: String = "international") -> AlarmCall {
            var call = leg(id, at: base + from * 1000, category: category)
            call.endMs = base + to * 1000
            return call
        }
        let calls = [
            span(1, 0, 100), span(2, 10, 100), span(3, 50, 60), span(4, 100, 200), span(5, 100, 150),
            span(6, 120, 130, category: "national"), span(7, 149, 160),
        ]
        let settings = quiet { $0.maxConcurrentInternational = 2 }
        let alarms = evaluate(calls, settings)
        // At 50 s three run (1, 2, 3). At 100 s two end as two start: ends first, so 2 run, not 4. At 149 s 4, 5 and 7 run.
        XCTAssertEqual(alarms, [
            AlarmRecord(dedupeKey: "concurrent_international:berlin:\(base + 50_000)", rule: "concurrent_international",
                        severity: "critical", site: "berlin", entityKind: "site", entity: "berlin", callIDs: [1, 2, 3],
                        atMs: base + 50_000, raisedMs: 42, message: "3 international calls at the same time (limit 2)"),
            AlarmRecord(dedupeKey: "concurrent_international:berlin:\(base + 149_000)", rule: "concurrent_international",
                        severity: "critical", site: "berlin", entityKind: "site", entity: "berlin", callIDs: [4, 5, 7],
                        atMs: base + 149_000, raisedMs: 42, message: "3 international calls at the same time (limit 2)"),
        ])
        XCTAssertEqual(evaluate(calls, quiet { $0.maxConcurrentInternational = 3 }), [], "three at once is not over a limit of three")
        XCTAssertEqual(evaluate(calls, settings, from: base + 51_000).map(\.atMs), [base + 149_000],
                       "an episode that began before the window was raised by the window before")
    }

    func testUnknownAndEndedExtensionsAlarmWhenTheChartKnowsExtensions() {
        let t0 = Self.berlin(9, 0)
        let t1 = Self.berlin(12, 0)
        let assignments = ExtensionAssignments(periods: ["berlin/2001": [(t0, t1)], "berlin/2002": [(t0, nil)]])
        let calls = [
            leg(1, at: t0, extensionKey: "berlin/2001"), leg(2, at: t1, extensionKey: "berlin/2001"),
            leg(3, at: t1, extensionKey: "berlin/2002"), leg(4, at: t1 + 1, extensionKey: "berlin/2009"),
            leg(5, at: t0 - 1, extensionKey: "berlin/2002"),
        ]
        let settings = quiet { $0.unknownExtensions = true }
        let alarms = evaluate(calls, settings, assignments: assignments)
        XCTAssertEqual(alarms.map(\.callIDs), [[5], [2], [4]])
        XCTAssertEqual(alarms.map(\.message), [
            "Call from an extension nobody was assigned to at the time (assignment ended or not begun)",
            "Call from an extension nobody was assigned to at the time (assignment ended or not begun)",
            "Call from an extension that is not in the org chart",
        ])
        XCTAssertEqual(evaluate(calls, settings, assignments: ExtensionAssignments(periods: [:])), [], "an empty chart says nothing")
        XCTAssertEqual(evaluate(calls, quiet { _ in }, assignments: assignments), [], "unknown_extensions: false")
    }

    /// Baseline days D−7…D−1 of extension berlin/2001 with one call each costing `costs`, then `today` on D = Monday 2025-03-10.
    private func spikeCalls(baseline costs: [Int64?], today: [Int64]) -> [AlarmCall] {
        var calls: [AlarmCall] = []
        for (index, cost) in costs.enumerated() {
            guard let cost else { continue }
            calls.append(leg(Int64(index + 1), at: Self.berlin(10, 0, dayOffset: Int64(index)), category: "national", cost: cost))
        }
        for (index, cost) in today.enumerated() {
            calls.append(leg(Int64(100 + index), at: Self.berlin(10, Int64(index), dayOffset: 7), category: "national", cost: cost))
        }
        return calls
    }

    func testCostSpikeAboveMeanPlusThreeSigmaOfTheBaselineDays() {
        // Baseline 100, 200, 100, 200, 100, 200, 100 ct: mean 142.857, σ 49.487, limit 142.857 + 3 · 49.487 = 291.319 ct.
        let settings = quiet {
            $0.spikeBaselineDays = 7
            $0.spikeMinimumBaselineDays = 7
            $0.spikeSigma = 3
            $0.spikeMinimumCostMinor = 0
            $0.spikeMinimumCalls = 1000
        }
        let baseline: [Int64?] = [100, 200, 100, 200, 100, 200, 100]
        let monday10 = Self.berlin(0, 0, dayOffset: 7)
        let over = evaluate(spikeCalls(baseline: baseline, today: [292]), settings, from: monday10, to: monday10 + 86_400_000)
        XCTAssertEqual(over, [AlarmRecord(
            dedupeKey: "cost_spike:berlin/2001:2025-03-10", rule: "cost_spike", severity: "medium", site: "berlin",
            entityKind: "extension", entity: "berlin/2001", callIDs: [100], atMs: monday10, raisedMs: 42,
            message: "Cost on 2025-03-10 of 2.92 EUR above the baseline of 7 days (mean 1.43, limit 2.91)")])
        XCTAssertEqual(evaluate(spikeCalls(baseline: baseline, today: [291]), settings, from: monday10, to: monday10 + 86_400_000), [])
        XCTAssertEqual(evaluate(spikeCalls(baseline: [100, 200, nil, 200, 100, 200, 100], today: [100_000]), settings,
                                from: monday10, to: monday10 + 86_400_000), [], "six baseline days of the seven required")
        var floor = settings
        floor.spikeMinimumCostMinor = 292
        XCTAssertEqual(evaluate(spikeCalls(baseline: baseline, today: [292]), floor, from: monday10, to: monday10 + 86_400_000), [],
                       "the floor: equal is not above")
    }

    func testVolumeSpikeAboveTheBaselineAndTheFloor() {
        let settings = quiet {
            $0.spikeBaselineDays = 7
            $0.spikeMinimumBaselineDays = 7
            $0.spikeMinimumCostMinor = 1_000_000
            $0.spikeMinimumCalls = 1
        }
        let baseline: [Int64?] = Array(repeating: 10, count: 7)
        let monday10 = Self.berlin(0, 0, dayOffset: 7)
        let alarms = evaluate(spikeCalls(baseline: baseline, today: [10, 10]), settings, from: monday10, to: monday10 + 86_400_000)
        XCTAssertEqual(alarms.map(\.rule), ["volume_spike"])
        XCTAssertEqual(alarms.first?.message, "2 calls on 2025-03-10 above the baseline of 7 days (mean 1.00, limit 1.00)")
        XCTAssertEqual(alarms.first?.callIDs, [100, 101])
        XCTAssertEqual(evaluate(spikeCalls(baseline: baseline, today: [10]), settings, from: monday10, to: monday10 + 86_400_000), [])
    }

    func testUnansweredAndIncomingLegsAreNotJudged() {
        var unanswered = leg(1, at: Self.berlin(20, 0), cost: 1_000_000)
        unanswered.answered = false
        var incoming = leg(2, at: Self.berlin(20, 0), cost: 1_000_000)
        incoming.outgoing = false
        XCTAssertEqual(evaluate([unanswered, incoming], AlarmSettings()), [])
    }

    func testMeanAndPopulationDeviation() {
        let result = AlarmEvaluator.meanAndDeviation([100, 200, 100, 200, 100, 200, 100])
        XCTAssertEqual(result.mean, 142.857142857, accuracy: 1e-6)
        XCTAssertEqual(result.deviation, 49.487165930, accuracy: 1e-6)
    }
}
