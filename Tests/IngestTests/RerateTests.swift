import Foundation
import Ingest
import Pricing
import Store
import TollbookCore
import XCTest

/// Re-rating on a real SQLite store: totals before and after, idempotency, sources without a
/// site, paging, and the one transaction that an error rolls back.
final class RerateTests: XCTestCase {
    private var fixture: IngestFixture!

    override func setUpWithError() throws {
        fixture = try IngestFixture()
        try fixture.storeUnrated([
            IngestFixture.outgoing("fixed", dialled: "05550123", talkSeconds: 95),
            IngestFixture.outgoing("mobile", dialled: "001701234567", talkSeconds: 130),
            IngestFixture.incoming("in"),
        ], source: "cucm")
    }

    override func tearDown() {
        fixture.remove()
    }

    private func rerate(tariff: String, selection: Rerate.Selection = Rerate.Selection(), pageSize: Int = Rerate.pageSize,
                        clock: MillisecondClock = .fixed(1_750_000_000_000)) throws -> RerateSummary {
        let pricer = try fixture.pricer(tariff: tariff)
        return try Rerate.run(store: fixture.store, selection: selection,
                              pricer: { $0 == "cucm" ? pricer : nil }, clock: clock, pageSize: pageSize)
    }

    func testATariffChangeIsPricedOnceAndASecondRunChangesNothing() throws {
        let first = try rerate(tariff: IngestFixture.firstTariff)
        XCTAssertEqual(first.report(), """
            3 calls examined, 3 changed
            testnet DE_FIXED: 0.00 → 0.02 EUR
            """)
        let fixed = try XCTUnwrap(try fixture.storedCalls()["fixed"]?.call.pricing)
        XCTAssertEqual(fixed.costMinor, 2, "95 s at 1 ct/min in 60/60 steps: 2 minutes")
        XCTAssertEqual(fixed.zone, "DE_FIXED")

        let second = try rerate(tariff: IngestFixture.secondTariff, pageSize: 1)
        XCTAssertEqual(second.examined, 3)
        XCTAssertEqual(second.changed, 1)
        XCTAssertEqual(second.totals, ["testnet\tDE_FIXED\tEUR": RerateSummary.Total(old: 2, new: 2),
                                       "testnet\tDE_MOBILE\tEUR": RerateSummary.Total(old: 0, new: 30)])
        XCTAssertEqual(second.report(), """
            3 calls examined, 1 changed
            testnet DE_FIXED: 0.02 → 0.02 EUR
            testnet DE_MOBILE: 0.00 → 0.30 EUR
            """)
        let mobile = try XCTUnwrap(try fixture.storedCalls()["mobile"]?.call.pricing)
        XCTAssertEqual(mobile.costMinor, 30, "130 s at 10 ct/min in 60/60 steps: 3 minutes")

        let third = try rerate(tariff: IngestFixture.secondTariff)
        XCTAssertEqual(third.report(), """
            3 calls examined, 0 changed
            testnet DE_FIXED: 0.02 → 0.02 EUR
            testnet DE_MOBILE: 0.30 → 0.30 EUR
            """)
    }

    /// Notes the calls re-rating hands to the stages.
    private final class RepricedRecorder: IngestStage {
        let name = "recorder"
        var pages: [[String]] = []

        func repriced(_ calls: [RepricedCall], in store: CallStore) throws {
            pages.append(calls.map { call in
                let old = call.before.call.pricing?.costMinor.map(String.init) ?? "none"
                return "\(call.before.call.vendorRecordID) \(old)→\(call.pricing.costMinor.map(String.init) ?? "none")"
            })
        }
    }

    func testStagesSeeEveryCallWhosePriceChangedPageByPage() throws {
        _ = try rerate(tariff: IngestFixture.firstTariff)
        let recorder = RepricedRecorder()
        let pricer = try fixture.pricer(tariff: IngestFixture.secondTariff)
        let summary = try Rerate.run(store: fixture.store, selection: Rerate.Selection(), pricer: { $0 == "cucm" ? pricer : nil },
                                     clock: .fixed(1_750_000_000_000), pageSize: 1, stages: [recorder])
        XCTAssertEqual(summary.changed, 1)
        XCTAssertEqual(recorder.pages, [["mobile none→30"]], "only the changed call, with its old (no price in the first tariff) and new cost")
        let again = RepricedRecorder()
        _ = try Rerate.run(store: fixture.store, selection: Rerate.Selection(), pricer: { $0 == "cucm" ? pricer : nil },
                           stages: [again])
        XCTAssertEqual(again.pages, [], "a run that changes nothing calls no stage")
    }

    func testCallsOfASourceWithoutASiteAndOutsideTheSelectionAreLeftAlone() throws {
        try fixture.storeUnrated([IngestFixture.outgoing("elsewhere", dialled: "05550123", talkSeconds: 95)], source: "other")
        let all = try rerate(tariff: IngestFixture.firstTariff)
        XCTAssertEqual(all.examined, 3, "the call of source other (no site) is not counted")
        XCTAssertNil(try fixture.storedCalls()["elsewhere"]?.call.pricing)

        let none = try rerate(tariff: IngestFixture.secondTariff,
                              selection: Rerate.Selection(fromMs: IngestFixture.june + 86_400_000))
        XCTAssertEqual(none.report(), "0 calls examined, 0 changed")
        XCTAssertNil(try fixture.storedCalls()["mobile"]?.call.pricing?.costMinor, "the mobile zone is not priced yet")

        let source = try rerate(tariff: IngestFixture.secondTariff, selection: Rerate.Selection(source: "cucm"))
        XCTAssertEqual(source.changed, 1)
    }

    func testAnErrorRollsBackEveryChangeOfTheRun() throws {
        try fixture.storeUnrated([IngestFixture.outgoing("later", dialled: "05550123", talkSeconds: 95)], source: "broken")
        let pricer = try fixture.pricer(tariff: IngestFixture.firstTariff)
        struct NoSite: Error {}
        XCTAssertThrowsError(try Rerate.run(store: fixture.store, selection: Rerate.Selection(),
                                            pricer: { source in
                                                guard source == "cucm" else { throw NoSite() }
                                                return pricer
                                            },
                                            clock: .fixed(1), pageSize: 1)) { error in
            XCTAssertTrue(error is NoSite, "\(error)")
        }
        XCTAssertFalse(fixture.store.isInBatch)
        XCTAssertEqual(try fixture.storedCalls().values.compactMap(\.call.pricing).count, 0,
                       "the three calls priced before the error are not changed")
    }
}
