import Analytics
import Foundation
import Privacy
import Query
import Rollups
@testable import Store
import TestSupport
import TollbookCore
import XCTest

/// The roll-ups built beside an import (``RollupFollower``) and their lean read, on a real store:
/// 40 days of hunt-group, callback, outgoing and internal calls (some private, one protected)
/// inserted through the store's API.
final class RollupFollowerTests: XCTestCase {
    private var directory: URL!
    private var path: String { directory.appendingPathComponent("tollbook.db").path }
    /// 2025-03-03T00:00Z.
    private let t0: Int64 = 1_740_960_000_000
    private let dayMs: Int64 = 86_400_000
    private let settings = RollupSettings(defaults: KPIParameters())

    override func setUpWithError() throws {
        directory = try TestEnvironment.makeTemporaryDirectory("tollbook-rollup-follower")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Inserts `days` days of calls: 24 a day, every 7th private, the first one protected. The
    /// numbers come from a pool of 13, so that missed calls are called back (outgoing) or retried.
    private func insertCalls(days: Int, store: CallStore) throws {
        let source = try store.sourceID(named: "pbx", connector: "cisco.cucm", timeZone: "UTC", nowMs: 0)
        var legs = 0
        for day in 0..<days {
            for index in 0..<24 {
                let start = t0 + Int64(day) * dayMs + 28_800_000 + Int64(index) * 1_500_000 + Int64((day * 7 + index * 13) % 600) * 1000
                let number = "+49176555\(String(format: "%05d", (day + index * 5) % 13))"
                let id = "d\(day)-\(index)"
                var call = CallRecord(vendorRecordID: id, correlationID: id, startMs: start, answerMs: nil, endMs: start + 20_000)
                switch index % 6 {
                case 0, 1, 2:
                    // Into hunt group 7000 over GW-A: answered after 8 s, missed after 20 s, or abandoned after 3 s.
                    call.direction = .incoming
                    call.huntGroup = "7000"
                    call.trunk = "GW-A"
                    call.flags = .huntGroup
                    call.parties.extension = "20\(index % 4)"
                    call.parties.calling = number
                    call.parties.called = "7000"
                    call.parties.remote = number
                    if index % 3 == 0 {
                        call.answerMs = start + 8_000
                        call.endMs = start + 98_000
                        call.talkMs = 90_000
                        call.disposition = .answered
                    } else {
                        call.endMs = start + (index % 3 == 1 ? 20_000 : 3_000)
                        call.disposition = .noAnswer
                    }
                case 3, 4:
                    // Out over GW-B to the pool: a callback when it answers.
                    call.direction = .outgoing
                    call.trunk = "GW-B"
                    call.parties.extension = "20\(index % 4)"
                    call.parties.calling = "20\(index % 4)"
                    call.parties.called = number
                    call.parties.remote = number
                    call.answerMs = start + 5_000
                    call.endMs = start + 65_000 + Int64(index) * 60_000
                    call.talkMs = call.endMs - start - 5_000
                    call.disposition = .answered
                default:
                    call.direction = .internal
                    call.parties.extension = "201"
                    call.parties.calling = "201"
                    call.parties.called = "202"
                    call.answerMs = start + 4_000
                    call.endMs = start + 34_000
                    call.talkMs = 30_000
                    call.disposition = .answered
                }
                XCTAssertTrue(try store.insert(call, sourceID: source, importID: nil))
                legs += 1
                if legs % 7 == 0 || legs == 1 {
                    let row = try XCTUnwrap(store.database.scalarInt("SELECT max(id) FROM calls"))
                    try store.database.execute("UPDATE calls SET category = 'private' WHERE id = \(row)")
                    if legs == 1 { try store.database.execute("UPDATE calls SET protected_class = 'counselling' WHERE id = \(row)") }
                }
            }
        }
    }

    /// Every stored row, in order.
    private func allRows(_ store: CallStore) throws -> [RollupRecord] {
        try store.rollups(fromMs: Int64.min / 4, toMs: Int64.max / 4)
    }

    /// The lean read gives exactly the legs of the reference read (every column, a `StoredCall` per leg,
    /// the privacy view, ``RollupLeg/init(_:)`` of the ``KPILeg``): legs shown in full, private and
    /// protected legs, under the standard policy and under one that masks business numbers too.
    func testTheLeanReadGivesTheLegsOfTheReferenceRead() throws {
        try insertCalls(days: 3, store: try CallStore(path: path))
        let masked = PrivacyPackage(name: "masked", actions: [.business: [.number: .mask(digits: 4)]])
        for (index, policy) in [PrivacyPolicy.standard, PrivacyPolicy(packages: [masked], defaultPackage: "masked")].enumerated() {
            let source = try RollupLegSource(path: path, privacy: policy)
            var keys: [String: Int] = [:]
            let key: (String) -> Int = { number in
                if let known = keys[number] { return known }
                keys[number] = keys.count + 1
                return keys.count
            }
            var reference: [RollupLeg] = []
            try source.forEachLeg(fromMs: t0, toMs: t0 + 3 * dayMs, key: key) { reference.append(RollupLeg(KPILeg($0))) }
            var lean: [RollupLeg] = []
            var names: [UInt64: String] = [:]
            XCTAssertEqual(try source.forEachCompactLeg(fromMs: t0, toMs: t0 + 3 * dayMs, key: key, names: &names) { lean.append($0) }, 72)
            XCTAssertEqual(lean.count, reference.count)
            let byID = Dictionary(uniqueKeysWithValues: reference.map { ($0.id, $0) })
            for leg in lean {
                let expected = try XCTUnwrap(byID[leg.id])
                XCTAssertEqual(String(describing: leg), String(describing: expected), "leg \(leg.id)")
            }
            XCTAssertEqual(names[RollupHash.of("7000")], "7000")
            XCTAssertEqual(names[RollupHash.of("GW-B")], "GW-B")
            // Leg 2, a business call to pilot 7000 answered at 201: shown in full under the standard
            // policy, its called party masked under the other (the lean read then reads every column).
            let business = try XCTUnwrap(lean.first { $0.id == 2 })
            if index == 0 {
                XCTAssertEqual(business.called, RollupHash.of("7000"))
            } else {
                XCTAssertNotEqual(business.called, RollupHash.of("7000"))
            }
        }
    }

    /// A round beside an import builds only the settled quarters — before the latest noted start
    /// less the look-ahead — and notes the rest again; with the refresh at the end the rows are
    /// exactly those of a rebuild.
    func testSettledRoundsAndTheFinalRefreshGiveTheRowsOfARebuild() throws {
        let store = try CallStore(path: path)
        try insertCalls(days: 40, store: store)
        let maintenance = RollupMaintenance(storePath: path, settings: settings)
        try maintenance.rebuild(fromMs: nil, toMs: nil)
        let rebuilt = try allRows(store)
        XCTAssertGreaterThan(rebuilt.count, 1_000)
        XCTAssertEqual(rebuilt.filter { $0.quarterMs == t0 }.map(\.kind), ["enterprise", "group", "trunk"],
                       "the protected call is shown at its day's midnight, hours before the first call starts: a rebuild books it there")

        // The calls noted again day by day, as an import's batches note them.
        for day in 0..<40 {
            try store.markRollupsDirty(fromMs: t0 + Int64(day) * dayMs + 28_800_000, toMs: t0 + Int64(day) * dayMs + 66_000_000)
        }
        let latestFrom = t0 + 39 * dayMs + 28_800_000
        let ahead = RollupBuilder.lookAheadMs(settings)
        let settled = RollupBuilder.quarter(containing: latestFrom - ahead)
        XCTAssertEqual(ahead, 8 * dayMs, "repeat window 7 days plus a day for a call's other legs")

        // Too little settled: nothing built, nothing cleared.
        let none = try maintenance.prepareRefresh(store: store, settledAtLeastMs: 60 * dayMs)
        XCTAssertEqual(none.replace, [])
        XCTAssertNil(none.clearingDirtyThrough)

        // At most 10 days in one round: built from the first changed quarter on, the rest stays pending.
        let capped = try maintenance.prepareRefresh(store: store, settledAtLeastMs: 7 * dayMs, settledAtMostMs: 10 * dayMs)
        let firstChanged = RollupBuilder.quarter(containing: t0 + 28_800_000 - ahead)
        XCTAssertEqual(capped.built, [ClosedRangeMs(fromMs: firstChanged, toMs: firstChanged + 10 * dayMs)])
        XCTAssertEqual(ClosedRangeMs.merge(capped.stillPending).first?.fromMs, firstChanged + 10 * dayMs + ahead)

        let round = try maintenance.prepareRefresh(store: store, settledAtLeastMs: 7 * dayMs)
        let firstAffected = RollupBuilder.quarter(containing: t0 + 28_800_000 - ahead)
        XCTAssertEqual(round.built, [ClosedRangeMs(fromMs: firstAffected, toMs: settled)])
        XCTAssertEqual(round.clearingDirtyThrough, 40)
        XCTAssertEqual(ClosedRangeMs.merge(round.stillPending), [ClosedRangeMs(fromMs: settled + ahead, toMs: t0 + 39 * dayMs + 66_000_000)],
                       "what reaches past the settled quarters, noted from where they end plus the look-ahead")
        try maintenance.write(round, to: store)
        XCTAssertEqual(try store.rollupDirtyRanges().ranges, ClosedRangeMs.merge(round.stillPending))
        let settledRows = try allRows(store).filter { $0.quarterMs < settled }
        let rebuiltSettled = rebuilt.filter { $0.quarterMs < settled }
        XCTAssertTrue(settledRows == rebuiltSettled, "the settled quarters are final")

        // A KPI read of the settled quarters may use the rows; one reaching past them may not.
        let state = RollupReadState(fingerprint: settings.fingerprint, dirty: try store.rollupDirtyRanges().ranges)
        XCTAssertFalse(state.isDirty(fromMs: t0 - RollupBuilder.lookBehindMs, toMs: settled + ahead))
        XCTAssertTrue(state.isDirty(fromMs: t0, toMs: settled + RollupBuilder.quarterMs + ahead))

        let final = try maintenance.refresh()
        XCTAssertEqual(final.ranges.first?.fromMs, settled, "the refresh at the end starts where the round stopped")
        XCTAssertEqual(try store.rollupDirtyRanges().ranges, [])
        let refreshed = try allRows(store)
        XCTAssertEqual(refreshed.count, rebuilt.count)
        XCTAssertTrue(refreshed == rebuilt, "the rows of a rebuild")
        XCTAssertEqual(try maintenance.verify(fromMs: nil, toMs: nil).mismatches, [])
    }

    /// The follower beside writes: rounds it finishes are stored by the writer (here: directly),
    /// `finish()` stores a finished round the writer did not take; the rows then verify.
    func testTheFollowerBuildsRoundsThatTheWriterStores() throws {
        let store = try CallStore(path: path)
        try insertCalls(days: 40, store: store)
        try RollupMaintenance(storePath: path, configuration: nil).rebuild(fromMs: nil, toMs: nil)
        let rebuilt = try allRows(store)
        // 30 to 60 days a round: the 31 settled days of the 40 are one round.
        let follower = RollupFollower(storePath: path, configuration: nil, encryption: .none, pauseSeconds: 0.01, settledDays: 30)
        for day in 0..<40 {
            try store.markRollupsDirty(fromMs: t0 + Int64(day) * dayMs + 28_800_000, toMs: t0 + Int64(day) * dayMs + 66_000_000)
        }
        follower.start()
        let deadline = Date().addingTimeInterval(30)
        while follower.storedRounds == 0, Date() < deadline {
            try follower.storePendingRound(into: store)
            Thread.sleep(forTimeInterval: 0.01)
        }
        try follower.finish()
        XCTAssertEqual(follower.storedRounds, 1, "one round: the calls noted before it started")
        XCTAssertFalse(try store.rollupDirtyRanges().ranges.isEmpty, "the unsettled last days are left to the refresh at the end")
        try RollupMaintenance(storePath: path, configuration: nil).refresh()
        let refreshed = try allRows(store)
        XCTAssertEqual(refreshed.count, rebuilt.count)
        XCTAssertTrue(refreshed == rebuilt, "the rows of a rebuild")
    }
}
