import Rating
import XCTest

/// `rateSummary` (what import stores per call) must give exactly what `rate` (what `--explain`
/// shows) gives: the same cost, provider, version, zone, bands and increments, or the same reason.
final class SummariesAgreeWithFullRatingTests: XCTestCase {
    func testSummaryAndFullRatingAgreeOnEveryCall() throws {
        let nordtel = try XCTUnwrap(Fixture.tariff(Fixture.shipped("nordtel.ini")))
        let taktwerk = try XCTUnwrap(Fixture.tariff(Fixture.shipped("taktwerk.ini")))
        let rater = Rater(tariffs: [nordtel, taktwerk],
                          selection: ProviderSelection(defaultProvider: "nordtel", localProvider: "taktwerk",
                                                       callByCall: ["01099": "taktwerk"]),
                          timeZone: Fixture.berlin)
        let destinations: [(String, String)] = [
            ("+4930123456", "local"), ("+4989123456", "national"), ("+491701234567", "mobile"),
            ("+49800123456", "special"), ("+491802123", "special"), ("+4990012345", "premium"), ("112", "emergency"),
            ("+3312345678", "international"), ("+33612345678", "international"), ("+12125550100", "international"),
            ("+8612345678", "international"), ("2001", "internal"),
        ]
        // Starts spread over tariff versions, weekdays, weekends, band edges and both DST nights.
        let starts = ["2025-03-30T00:59:10Z", "2025-06-02T15:59:00Z", "2025-10-26T00:30:00Z", "2025-12-25T10:00:00Z",
                      "2026-01-01T06:59:50Z", "2026-03-02T16:58:30Z", "2026-03-07T12:00:00Z", "2026-07-01T00:00:00Z",
                      "2024-12-31T23:00:00Z"]
        let durations: [Double] = [0, 0.4, 1, 29.5, 60, 61, 150, 3_599, 7_300]
        var rated = 0
        var checked = 0
        for (destination, category) in destinations {
            for start in starts {
                for seconds in durations {
                    for callByCall in [nil, "01099", "01011"] {
                        var request = Fixture.call(destination, start, seconds: seconds, category: category,
                                                   callByCall: callByCall)
                        request.answered = seconds > 0
                        checked += 1
                        switch (rater.rate(request), rater.rateSummary(request)) {
                        case let (.rated(call), .rated(costMinor, key)):
                            rated += 1
                            let words = rater.describe(key)
                            XCTAssertEqual(costMinor, call.costMinor, "\(request)")
                            XCTAssertEqual(words.provider, call.provider)
                            XCTAssertEqual(words.currency, call.currency)
                            XCTAssertEqual(words.tariffVersion, call.tariffVersion)
                            XCTAssertEqual(words.zone, call.zone)
                            XCTAssertEqual(words.destination, call.destinationName)
                            XCTAssertEqual(words.bands, call.bands.joined(separator: ","), "\(request)")
                            XCTAssertEqual(words.increments, call.increments.map { "\($0.scheme)" } ?? "")
                        case let (.unrated(full), .unrated(summary)):
                            XCTAssertEqual(full, summary)
                        case let (.notBillable(full), .notBillable(summary)):
                            XCTAssertEqual(full, summary)
                        case let (full, summary):
                            XCTFail("\(request): rate gave \(full), rateSummary gave \(summary)")
                        }
                    }
                }
            }
        }
        XCTAssertEqual(checked, 12 * 9 * 9 * 3)
        XCTAssertGreaterThan(rated, 800, "most of the calls are priced, so the comparison means something")
    }

    func testCallsOfTheSameOutcomeShareOneKey() throws {
        let taktwerk = try XCTUnwrap(Fixture.tariff(Fixture.shipped("taktwerk.ini")))
        let rater = Fixture.rater([taktwerk])
        // Two peak-only calls of different length share the key; a call into the off-peak does not.
        let short = rater.rateSummary(Fixture.call("+4930123456", "2026-03-02T09:00:00Z", seconds: 30))
        let long = rater.rateSummary(Fixture.call("+4930765432", "2026-03-02T10:00:00Z", seconds: 600))
        let crossing = rater.rateSummary(Fixture.call("+4930123456", "2026-03-02T16:58:30Z", seconds: 150))
        guard case let .rated(_, shortKey) = short, case let .rated(_, longKey) = long,
              case let .rated(_, crossingKey) = crossing else { return XCTFail("all three are priced") }
        XCTAssertEqual(shortKey, longKey)
        XCTAssertNotEqual(shortKey, crossingKey)
        XCTAssertEqual(rater.describe(crossingKey).bands, "peak,offpeak")
    }
}
