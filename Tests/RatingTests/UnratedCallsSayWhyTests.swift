import Rating
import XCTest

/// Calls that cannot be priced are unrated with a typed reason, never silently 0.
final class UnratedCallsSayWhyTests: XCTestCase {
    private var nordtel: Tariff?

    override func setUp() {
        nordtel = Fixture.tariff(Fixture.shipped("nordtel.ini"))
    }

    func testNoZone() {
        guard let nordtel else { return }
        // +7 (Russia) is in no nordtel zone.
        XCTAssertEqual(Fixture.rater([nordtel]).rate(Fixture.call("+74951234567", "2026-03-02T10:00:00Z", seconds: 60)),
                       .unrated(.noZone(provider: "nordtel")))
    }

    func testNoProvider() {
        guard let nordtel else { return }
        XCTAssertEqual(Fixture.rater([nordtel], .single("ghost")).rate(Fixture.call("+4930123", "2026-03-02T10:00:00Z", seconds: 60)),
                       .unrated(.noTariffForProvider("ghost")))
    }

    func testZoneMarkedUnrated() {
        guard let nordtel else { return }
        XCTAssertEqual(Fixture.rater([nordtel]).rate(Fixture.call("+499001234567", "2026-03-02T10:00:00Z", seconds: 60)),
                       .unrated(.zoneNotPriced(provider: "nordtel", zone: "DE_PREMIUM",
                                               reason: "price set by the service provider (announcement)")))
    }

    func testNoBandAndNoRate() {
        let text = """
        [provider]
        id = weekdays
        [bands]
        work = Mon-Fri 00:00-24:00
        [zone DE]
        prefixes = +49
        [zone AT]
        prefixes = +43
        [version v1]
        valid_from = 2020-01-01
        DE@work = 2 ct/min
        """
        guard let tariff = Fixture.tariff(text) else { return }
        let rater = Fixture.rater([tariff])
        // Saturday 2026-03-07 12:00 CET: the week has a gap at weekends.
        XCTAssertEqual(rater.rate(Fixture.call("+4930123", "2026-03-07T11:00:00Z", seconds: 60)),
                       .unrated(.noBand(provider: "weekdays", localTime: "2026-03-07T12:00:00 local (UTC+01:00)")))
        // AT has no rate in band work.
        XCTAssertEqual(rater.rate(Fixture.call("+43123", "2026-03-02T11:00:00Z", seconds: 60)),
                       .unrated(.noRate(provider: "weekdays", version: "v1", zone: "AT", band: "work")))
    }

    func testUnansweredAndInternalCallsAreNotBillableByDefault() {
        guard let nordtel else { return }
        let rater = Fixture.rater([nordtel])
        var request = Fixture.call("+491711234567", "2026-03-02T10:00:00Z", seconds: 0)
        XCTAssertEqual(rater.rate(request), .notBillable(.notAnswered))
        request.talkDurationMs = 30_000
        request.answered = false
        XCTAssertEqual(rater.rate(request), .notBillable(.notAnswered))
        XCTAssertEqual(rater.rate(Fixture.call("200", "2026-03-02T10:00:00Z", seconds: 60, category: "internal")),
                       .notBillable(.internalCall))
    }

    func testUnansweredCallsPayTheSetupFeeWhenTheTariffSaysSo() {
        let text = """
        [provider]
        id = setup
        unanswered = setup_fee
        [zone US]
        prefixes = +1
        [version v1]
        valid_from = 2020-01-01
        US = 15 ct/min 60/60 setup 5 ct min 25 ct
        """
        guard let tariff = Fixture.tariff(text) else { return }
        var request = Fixture.call("+12125550100", "2026-03-02T10:00:00Z", seconds: 0)
        request.answered = false
        // Setup fee only, no minimum charge: 5 ct.
        let call = Fixture.rater([tariff]).rate(request).rated()
        XCTAssertEqual(call?.costMinor, 5)
        XCTAssertEqual(call?.unansweredSetupOnly, true)
    }
}
