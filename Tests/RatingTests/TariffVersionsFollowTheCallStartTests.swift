import Rating
import XCTest

/// nordtel changes DE_MOBILE from 9.9 to 7.9 ct/min on 2026-07-01 00:00 Europe/Berlin (22:00Z on 30 June).
final class TariffVersionsFollowTheCallStartTests: XCTestCase {
    private var rater: Rater?

    override func setUp() {
        rater = Fixture.tariff(Fixture.shipped("nordtel.ini")).map { Fixture.rater([$0]) }
    }

    func testACallBeforeTheChangeKeepsTheOldPrice() {
        // 23:59 CEST on 30 June, 120 s at 60/1 → 120 s × 9.9 ct/min = 19.8 ct → 20 ct, version 2026-01.
        let call = rater?.rate(Fixture.call("+491711234567", "2026-06-30T21:59:00Z", seconds: 120, category: "mobile")).rated()
        XCTAssertEqual(call?.tariffVersion, "2026-01")
        XCTAssertEqual(call?.costMinor, 20)
    }

    func testACallAfterTheChangeUsesTheNewPrice() {
        // 00:00 CEST on 1 July, 120 s × 7.9 ct/min = 15.8 ct → 16 ct, version 2026-07.
        let call = rater?.rate(Fixture.call("+491711234567", "2026-06-30T22:00:00Z", seconds: 120, category: "mobile")).rated()
        XCTAssertEqual(call?.tariffVersion, "2026-07")
        XCTAssertEqual(call?.costMinor, 16)
    }

    func testInheritedRatesCarryOver() {
        // 2026-07 inherits EU_FIXED = 2.4 ct/min 60/1: 100 s → 4 ct.
        let call = rater?.rate(Fixture.call("+33123456789", "2026-08-03T10:00:00Z", seconds: 100, category: "international")).rated()
        XCTAssertEqual(call?.tariffVersion, "2026-07")
        XCTAssertEqual(call?.costMinor, 4)
    }

    func testACallBeforeTheFirstVersionIsUnrated() {
        // 23:59 CET on 31 December 2024 is before valid_from 2025-01-01 (local), the first version.
        let outcome = rater?.rate(Fixture.call("+491711234567", "2024-12-31T22:59:00Z", seconds: 60, category: "mobile"))
        XCTAssertEqual(outcome, .unrated(.noTariffVersion(provider: "nordtel", startUTC: Fixture.utc("2024-12-31T22:59:00Z"))))
    }

    func testValidToEndsAProvider() {
        let text = """
        [provider]
        id = gone
        [zone FR]
        prefixes = +33
        [version 2024-01]
        valid_from = 2024-01-01
        valid_to = 2025-01-01
        FR = 1.2 ct/min 60/60
        """
        guard let tariff = Fixture.tariff(text) else { return }
        let rater = Fixture.rater([tariff])
        // 2024-12-31 12:00 CET: 60 s × 1.2 ct = 1.2 ct → 1 ct.
        XCTAssertEqual(rater.rate(Fixture.call("+33123", "2024-12-31T11:00:00Z", seconds: 60)).rated()?.costMinor, 1)
        XCTAssertEqual(rater.rate(Fixture.call("+33123", "2025-01-02T11:00:00Z", seconds: 60)),
                       .unrated(.noTariffVersion(provider: "gone", startUTC: Fixture.utc("2025-01-02T11:00:00Z"))))
    }
}
