import Rating
import XCTest

/// Zones are found by the longest matching prefix across the whole file (nordtel example).
final class LongestPrefixWinsTests: XCTestCase {
    private var tariff: Tariff?

    override func setUp() {
        tariff = Fixture.tariff(Fixture.shipped("nordtel.ini"))
    }

    func testLongerPrefixesBeatShorterOnes() {
        XCTAssertEqual(tariff?.zone(for: "+4918021234")?.zone.id, "DE_SVC_01802")  // +491802 beats +49180
        XCTAssertEqual(tariff?.zone(for: "+4918051234")?.zone.id, "DE_SERVICE")    // +49180
        XCTAssertEqual(tariff?.zone(for: "+498001234567")?.zone.id, "DE_FREEPHONE") // +49800 beats +498
        XCTAssertEqual(tariff?.zone(for: "+49891234567")?.zone.id, "DE_FIXED")      // +498
        XCTAssertEqual(tariff?.zone(for: "+31201234567")?.zone.id, "EU_FIXED")      // +31 (Amsterdam)
        XCTAssertEqual(tariff?.zone(for: "+31612345678")?.zone.id, "EU_MOBILE")     // +316 beats +31
        XCTAssertEqual(tariff?.zone(for: "+31612345678")?.prefix, "+316")
    }

    func testShortCodesAndNonNumbers() {
        XCTAssertEqual(tariff?.zone(for: "112")?.zone.id, "EMERGENCY")
        XCTAssertNil(tariff?.zone(for: "+7495"))
        XCTAssertNil(tariff?.zone(for: "sip:alice@example.com"))
        XCTAssertNil(tariff?.zone(for: ""))
    }

    func testEmergencyCallsAreRatedFree() {
        guard let tariff else { return }
        let call = Fixture.rater([tariff]).rate(Fixture.call("112", "2026-03-02T10:00:00Z", seconds: 90, category: "emergency")).rated()
        XCTAssertEqual(call?.rateKind, .free)
        XCTAssertEqual(call?.costMinor, 0)
    }
}
