import Rating
import XCTest

/// Setup fee, minimum and maximum charge, per-call prices, flat and free zones (nordtel example file).
final class FeesMinimumsAndPerCallPricesTests: XCTestCase {
    private var rater: Rater?

    override func setUp() {
        rater = Fixture.tariff(Fixture.shipped("nordtel.ini")).map { Fixture.rater([$0]) }
    }

    private func rate(_ destination: String, seconds: Double) -> RatedCall? {
        rater?.rate(Fixture.call(destination, "2026-03-02T10:00:00Z", seconds: seconds, category: "international")).rated()
    }

    func testMinimumChargeRaisesAShortCall() {
        // WORLD_1 = 15 ct/min 60/60 setup 5 ct min 25 ct. 30 s → 60 s → 15 ct + 5 ct setup = 20 ct < 25 ct → 25 ct.
        let call = rate("+12125550100", seconds: 30)
        XCTAssertEqual(call?.costMinor, 25)
        XCTAssertEqual(call?.minimumApplied, 2500)
        XCTAssertEqual(call?.setupFee, 500)
    }

    func testSetupFeeIsAddedOnce() {
        // 150 s → 180 s → 3 × 15 ct = 45 ct + 5 ct setup = 50 ct; above the minimum.
        let call = rate("+905321234567", seconds: 150)
        XCTAssertEqual(call?.costMinor, 50)
        XCTAssertNil(call?.minimumApplied)
        XCTAssertEqual(call?.zone, "WORLD_1")
    }

    func testPerCallPriceIgnoresTheLength() {
        // DE_SVC_01802 = 6 ct/call: 10 minutes cost 6 ct.
        let call = rate("+4918021234", seconds: 600)
        XCTAssertEqual(call?.costMinor, 6)
        XCTAssertEqual(call?.rateKind, .perCall)
    }

    func testFlatAndFreeZonesCostZeroAndSayWhy() {
        // DE_FIXED = flat; DE_FREEPHONE (+49800 beats +498) = free.
        let flat = rate("+4930123456", seconds: 300)
        XCTAssertEqual(flat?.costMinor, 0)
        XCTAssertEqual(flat?.rateKind, .flat)
        let free = rate("+498001234567", seconds: 300)
        XCTAssertEqual(free?.rateKind, .free)
        XCTAssertEqual(free?.zone, "DE_FREEPHONE")
    }

    func testMaximumChargeCapsALongCall() {
        let text = """
        [provider]
        id = capped
        [zone X]
        prefixes = +44
        [version v1]
        valid_from = 2020-01-01
        X = 10 ct/min 60/60 max 50 ct
        """
        // 10 min × 10 ct = 100 ct, capped at 50 ct.
        guard let tariff = Fixture.tariff(text) else { return }
        let call = Fixture.rater([tariff]).rate(Fixture.call("+442071234567", "2026-03-02T10:00:00Z", seconds: 600)).rated()
        XCTAssertEqual(call?.costMinor, 50)
        XCTAssertEqual(call?.maximumApplied, 5000)
    }
}
