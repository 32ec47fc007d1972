import Rating
import XCTest

/// One provider for all, preselection with local calls via another provider, call-by-call codes.
final class ProvidersAreSelectedPerSiteTests: XCTestCase {
    /// A fictional call-by-call provider with day/night bands and `band_split = increment`, to show
    /// that call-by-call calls are still priced at the band at call start.
    private let sparText = """
    [provider]
    id = spar010
    access_codes = 01077
    [bands]
    day = Mon-Sun 08:00-20:00
    night = Mon-Sun 00:00-08:00, Mon-Sun 20:00-24:00
    [zone DE]
    prefixes = +49
    [zone FR]
    prefixes = +33
    [version 2024-01]
    valid_from = 2024-01-01
    DE@day = 3 ct/min 60/60
    DE@night = 1 ct/min 60/60
    FR = 1.2 ct/min 60/60
    """
    private var tariffs: [Tariff] = []

    override func setUp() {
        tariffs = [Fixture.shipped("nordtel.ini"), Fixture.shipped("taktwerk.ini"), sparText].compactMap { Fixture.tariff($0) }
    }

    func testOneProviderForAll() {
        let rater = Fixture.rater(tariffs, .single("taktwerk"))
        // Monday 10:00 CET, local call 3 min → taktwerk peak 3 × 4 ct = 12 ct.
        let call = rater.rate(Fixture.call("+4940123456", "2026-03-02T09:00:00Z", seconds: 180, category: "local")).rated()
        XCTAssertEqual(call?.provider, "taktwerk")
        XCTAssertEqual(call?.costMinor, 12)
    }

    func testPreselectionSendsLocalCallsViaTheLocalProvider() {
        let rater = Fixture.rater(tariffs, .preselection("nordtel", local: "taktwerk"))
        // Local: taktwerk, 12 ct as above.
        let local = rater.rate(Fixture.call("+4940123456", "2026-03-02T09:00:00Z", seconds: 180, category: "local")).rated()
        XCTAssertEqual(local?.provider, "taktwerk")
        XCTAssertEqual(local?.providerChoice, .localProvider)
        XCTAssertEqual(local?.costMinor, 12)
        // National: nordtel flat, 0 ct.
        let national = rater.rate(Fixture.call("+4989123456", "2026-03-02T09:00:00Z", seconds: 180)).rated()
        XCTAssertEqual(national?.provider, "nordtel")
        XCTAssertEqual(national?.rateKind, .flat)
        XCTAssertEqual(national?.costMinor, 0)
    }

    func testCallByCallCodeSelectsItsProviderAndStartBand() {
        let rater = Fixture.rater(tariffs, .single("nordtel"))
        // 2024-03-04 19:58 CET (18:58Z), 5 min via 01077: day band at the start, 3 ct/min × 5 = 15 ct,
        // although 3 of the 5 minutes fall into the night band (per increment it would be 2×3 + 3×1 = 9 ct).
        let call = rater.rate(Fixture.call("+4930123456", "2024-03-04T18:58:00Z", seconds: 300, callByCall: "01077")).rated()
        XCTAssertEqual(call?.provider, "spar010")
        XCTAssertEqual(call?.providerChoice, .callByCall(accessCode: "01077"))
        XCTAssertEqual(call?.bands, ["day"])
        XCTAssertEqual(call?.pricedAtStartBand, true)
        XCTAssertEqual(call?.costMinor, 15)
    }

    func testTheSameCallWithoutTheCodeIsSplitByIncrement() {
        // spar010 as the site's provider (no code): 2 × 3 ct + 3 × 1 ct = 9 ct.
        let rater = Fixture.rater(tariffs, .single("spar010"))
        let call = rater.rate(Fixture.call("+4930123456", "2024-03-04T18:58:00Z", seconds: 300)).rated()
        XCTAssertEqual(call?.costMinor, 9)
        XCTAssertEqual(call?.bands, ["day", "night"])
    }

    func testExplicitCallByCallMapAndUnknownCodes() {
        let selection = ProviderSelection(defaultProvider: "nordtel", callByCall: ["01099": "spar010"])
        let rater = Fixture.rater(tariffs, selection)
        // 01099 → spar010, FR 1.2 ct/min × 2 min = 2.4 ct → 2 ct.
        let call = rater.rate(Fixture.call("+33123456789", "2024-03-04T10:00:00Z", seconds: 120, callByCall: "01099")).rated()
        XCTAssertEqual(call?.provider, "spar010")
        XCTAssertEqual(call?.costMinor, 2)
        XCTAssertEqual(rater.rate(Fixture.call("+33123456789", "2024-03-04T10:00:00Z", seconds: 120, callByCall: "01013")),
                       .unrated(.unknownCallByCallPrefix("01013")))
    }
}
