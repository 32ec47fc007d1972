import Rating
import TollbookCore
import XCTest

/// Bands are local wall-clock times in Europe/Berlin; the clocks change at 01:00Z on the last
/// Sunday of March (02:00 CET → 03:00 CEST) and of October (03:00 CEST → 02:00 CET).
final class DaylightSavingNightsAreRatedOnTheWallClockTests: XCTestCase {
    private let text = """
    [provider]
    id = night
    [bands]
    night = Mon-Sun 00:00-03:00
    day = Mon-Sun 03:00-24:00
    [zone DE]
    prefixes = +49
    [version v1]
    valid_from = 2020-01-01
    DE@night = 1 ct/min 60/60
    DE@day = 10 ct/min 60/60
    """
    private var rater: Rater?

    override func setUp() {
        rater = Fixture.tariff(text).map { Fixture.rater([$0]) }
    }

    func testSpringNightLosesAnHourOfNightBand() {
        // 2026-03-29 00:55Z = 01:55 CET, 10 min. After 5 min (01:00Z) the wall clock reads 03:00 CEST:
        // 5 × 1 ct + 5 × 10 ct = 55 ct. (A fixed +01:00 offset would give 10 × 1 ct = 10 ct.)
        let call = rater?.rate(Fixture.call("+4930123", "2026-03-29T00:55:00Z", seconds: 600)).rated()
        XCTAssertEqual(call?.costMinor, 55)
        XCTAssertEqual(call?.segments.map(\.billedSeconds), [300, 300])
    }

    func testNonexistentSpringTimeIsReadAfterTheGap() {
        // 02:30 does not exist on 2026-03-29; WallClockConverter reads it with the offset before the
        // gap: 01:30Z = 03:30 CEST → day band, 60 s → 10 ct.
        let converter = WallClockConverter(timeZone: Fixture.berlin)
        let wall = UTCTimestamp.parse("2026-03-29T02:30") ?? 0
        let converted = converter.utcMilliseconds(fromWallClock: wall)
        XCTAssertEqual(converted.flags, .nonexistentLocalTime)
        XCTAssertEqual(converted.utcMs, Fixture.utc("2026-03-29T01:30:00Z"))
        let request = RatingRequest(destination: "+4930123", category: "national", startUTC: converted.utcMs,
                                    talkDurationMs: 60_000)
        let call = rater?.rate(request).rated()
        XCTAssertEqual(call?.costMinor, 10)
        XCTAssertEqual(call?.bands, ["day"])
        XCTAssertTrue(call?.explanation.contains { $0.contains("2026-03-29T03:30:00 site time (UTC+02:00)") } ?? false)
    }

    func testAutumnNightGainsAnHourOfNightBand() {
        // 2026-10-25 00:50Z = 02:50 CEST, 20 min. At 01:00Z the clock goes back to 02:00 CET, so the
        // night band lasts until 02:00Z: 20 × 1 ct = 20 ct. (A fixed +02:00 offset: 10 + 100 = 110 ct.)
        let call = rater?.rate(Fixture.call("+4930123", "2026-10-25T00:50:00Z", seconds: 1200)).rated()
        XCTAssertEqual(call?.costMinor, 20)
        XCTAssertEqual(call?.bands, ["night"])
    }

    func testBothOccurrencesOfTheRepeatedHalfHour() {
        // 02:30 exists twice on 2026-10-25. First (00:30Z, CEST), 40 min: night until 02:00Z → 40 ct.
        XCTAssertEqual(rater?.rate(Fixture.call("+4930123", "2026-10-25T00:30:00Z", seconds: 2400)).rated()?.costMinor, 40)
        // Second (01:30Z, CET), 40 min: 30 min night to 03:00 CET = 02:00Z, then 10 min day:
        // 30 × 1 ct + 10 × 10 ct = 130 ct.
        let second = rater?.rate(Fixture.call("+4930123", "2026-10-25T01:30:00Z", seconds: 2400)).rated()
        XCTAssertEqual(second?.costMinor, 130)
        XCTAssertEqual(second?.segments.map(\.billedSeconds), [1800, 600])
    }
}
