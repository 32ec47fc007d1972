import Rating
import XCTest

/// Tariff holidays (taktwerk: `holidays = DE, 12-24, 12-31`, priced in the weekend band).
final class HolidaysUseTheHolidayBandTests: XCTestCase {
    private var rater: Rater?

    override func setUp() {
        rater = Fixture.tariff(Fixture.shipped("taktwerk.ini")).map { Fixture.rater([$0]) }
    }

    func testGoodFridayIsAHoliday() {
        // Easter 2026 is 5 April, so Good Friday is Friday 3 April. 10:00 CEST = 08:00Z, 180 s,
        // DE_FIXED weekend band 1 ct/min × 3 = 3 ct.
        let call = rater?.rate(Fixture.call("+4930123456", "2026-04-03T08:00:00Z", seconds: 180)).rated()
        XCTAssertEqual(call?.costMinor, 3)
        XCTAssertEqual(call?.bands, ["weekend"])
    }

    func testTheFollowingFridayIsPeak() {
        // Friday 10 April 2026 10:00 CEST: peak 4 ct/min × 3 = 12 ct.
        let call = rater?.rate(Fixture.call("+4930123456", "2026-04-10T08:00:00Z", seconds: 180)).rated()
        XCTAssertEqual(call?.costMinor, 12)
    }

    func testChristmasEveIsATariffHolidayThoughNotALegalOne() {
        // Thursday 24 December 2026 10:00 CET = 09:00Z: weekend band, 3 ct.
        let call = rater?.rate(Fixture.call("+4930123456", "2026-12-24T09:00:00Z", seconds: 180)).rated()
        XCTAssertEqual(call?.costMinor, 3)
    }

    func testACallIntoAHolidayChangesBandAtMidnight() {
        // Thursday 2 April 2026 23:59:00 CEST = 21:59:00Z, 120 s DE_FIXED 60/60: first minute
        // off-peak (1.5 ct), second minute starts 00:00 on Good Friday (weekend, 1 ct) → 2.5 ct → 3 ct.
        let call = rater?.rate(Fixture.call("+4930123456", "2026-04-02T21:59:00Z", seconds: 120)).rated()
        XCTAssertEqual(call?.bands, ["offpeak", "weekend"])
        XCTAssertEqual(call?.costMinor, 3)
        XCTAssertEqual(call?.exactCost, ExactAmount(tenThousandths: 250))
    }
}
