import Rating
import XCTest

/// The explanation lines for `tollbook calls --explain ID`.
final class RatedCallsExplainThemselvesTests: XCTestCase {
    func testABandSplitCallIsExplainedStepByStep() {
        guard let tariff = Fixture.tariff(Fixture.shipped("taktwerk.ini")) else { return }
        let call = Fixture.rater([tariff]).rate(Fixture.call("+4930123456", "2026-03-02T16:58:30Z", seconds: 150)).rated()
        XCTAssertEqual(call?.explanation, [
            "Provider taktwerk: the site's default provider",
            "Tariff version 2026-01, valid from 2026-01-01 (tariff's local time)",
            "Zone DE_FIXED \"Deutschland Festnetz\": longest matching prefix +493",
            "Priced from 2026-03-02T16:58:30Z = 2026-03-02T17:58:30 site time (UTC+01:00)",
            "Talk time 150 s, billed as 150 started seconds",
            "Increments 60/60: 60 s + 2 × 60 s = 180 s billed",
            "Band boundary crossed: each increment is priced at the band in force at its start",
            "  band peak from +0 s: 2 increment(s), 120 s × 4 ct/min = 0.08 EUR",
            "  band offpeak from +120 s: 1 increment(s), 60 s × 1.5 ct/min = 0.015 EUR",
            "Exact cost 0.095 EUR; rounded half_up to 0.01 → 0.10 EUR",
        ])
        XCTAssertFalse(call?.explanation.joined().contains("4930123456") ?? true, "no full phone number")
    }
}
