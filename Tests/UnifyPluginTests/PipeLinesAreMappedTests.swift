import PluginTestSupport
import TollbookCore
import XCTest

/// Every line of `osbiz_pipe_calls.txt` (OpenScape Business `|` layout, Europe/Berlin; 03.03.25 is
/// CET = UTC+1) gives exactly the record written out here by hand; the ringing notice is skipped.
final class PipeLinesAreMappedTests: XCTestCase {
    private static let file = "unify/osbiz_pipe_calls.txt"

    private func pipe(_ ie: String, _ more: [(String, String)] = []) -> [(String, String)] {
        [("layout", "pipe"), ("information_element", ie)] + more
    }

    private func expectedRecords(_ f: FixtureLines, currency: String = "") -> [CallRecord] {
        [
            expected(f[0], stamp: "250303091542", start: "2025-03-03T08:11:32Z", answer: "2025-03-03T08:11:32Z",
                     end: "2025-03-03T08:15:42Z", ring: 0, talk: 250_000, .outgoing, .answered,
                     calling: "101", called: "0305550123", extension: "101", remote: "0305550123", trunk: "1", units: 3,
                     extra: pipe("2", [("msn", "5550100"), ("seizure_code", "0"), ("lcr_route", "1"),
                                       ("lcr_number", "0105305550123")])),
            expected(f[1], stamp: "250303092005", start: "2025-03-03T08:18:23Z", answer: "2025-03-03T08:18:35Z",
                     end: "2025-03-03T08:20:05Z", ring: 12_000, talk: 90_000, .incoming, .answered,
                     calling: "01765550123", called: "102", extension: "102", remote: "01765550123", trunk: "2",
                     extra: pipe("1")),
            expected(f[2], stamp: "250303093110", start: "2025-03-03T08:30:35Z", answer: nil,
                     end: "2025-03-03T08:31:10Z", ring: 35_000, talk: 0, .incoming, .noAnswer,
                     calling: "0305550777", called: "103", extension: "103", remote: "0305550777", trunk: "3",
                     extra: pipe("1")),
            expected(f[3], stamp: "250303094000", start: "2025-03-03T08:40:00Z", answer: nil,
                     end: "2025-03-03T08:40:00Z", ring: 0, talk: 0, .incoming, .busy,
                     calling: "0305550888", called: "104", originalCalled: "104", extension: "104",
                     remote: "0305550888", trunk: "1", extra: pipe("1")),
            expected(f[4], stamp: "250303094530", start: "2025-03-03T08:45:30Z", answer: nil,
                     end: "2025-03-03T08:45:30Z", ring: 0, talk: 0, .outgoing, .noAnswer,
                     calling: "101", called: "0305550999", extension: "101", remote: "0305550999", trunk: "2",
                     extra: pipe("2")),
            // Blind transfer: two segments of one incoming call, 105 then 106.
            expected(f[5], stamp: "250303100020", start: "2025-03-03T08:59:54Z", answer: "2025-03-03T09:00:00Z",
                     end: "2025-03-03T09:00:20Z", ring: 6_000, talk: 20_000, .incoming, .answered,
                     calling: "01765550333", called: "105", extension: "105", remote: "01765550333", trunk: "4",
                     extra: pipe("1")),
            expected(f[6], stamp: "250303100225", start: "2025-03-03T09:00:20Z", answer: "2025-03-03T09:00:25Z",
                     end: "2025-03-03T09:02:25Z", ring: 5_000, talk: 120_000, .incoming, .answered,
                     calling: "01765550333", called: "106", extension: "106", remote: "01765550333", trunk: "4",
                     extra: pipe("1")),
            // Consultative transfer of an outgoing call: 107, then 108 after consultation.
            expected(f[7], stamp: "250303101000", start: "2025-03-03T09:09:00Z", answer: "2025-03-03T09:09:00Z",
                     end: "2025-03-03T09:10:00Z", ring: 0, talk: 60_000, .outgoing, .answered,
                     calling: "107", called: "0305550444", extension: "107", remote: "0305550444", trunk: "5", units: 2,
                     extra: pipe("2")),
            expected(f[8], stamp: "250303101300", start: "2025-03-03T09:10:00Z", answer: "2025-03-03T09:10:00Z",
                     end: "2025-03-03T09:13:00Z", ring: 0, talk: 180_000, .outgoing, .answered,
                     calling: "108", called: "0305550444", extension: "108", remote: "0305550444", trunk: "5", units: 4,
                     extra: pipe("2")),
            expected(f[9], stamp: "250303102000", start: "2025-03-03T09:17:15Z", answer: "2025-03-03T09:17:30Z",
                     end: "2025-03-03T09:20:00Z", ring: 15_000, talk: 150_000, .incoming, .answered, flags: .forwarded,
                     calling: "01765550555", called: "110", originalCalled: "109", extension: "110",
                     remote: "01765550555", trunk: "6", extra: pipe("5")),
            expected(f[10], stamp: "250303102500", start: "2025-03-03T09:24:15Z", answer: "2025-03-03T09:24:15Z",
                     end: "2025-03-03T09:25:00Z", ring: 0, talk: 45_000, .outgoing, .answered, flags: .forwarded,
                     calling: "111", called: "0305550666", extension: "111", remote: "0305550666", trunk: "7", units: 1,
                     extra: pipe("6")),
            expected(f[11], stamp: "250303103000", start: "2025-03-03T09:25:00Z", answer: "2025-03-03T09:25:00Z",
                     end: "2025-03-03T09:30:00Z", ring: 0, talk: 300_000, .outgoing, .answered, flags: .forwarded,
                     calling: "112", called: "01765550111", redirecting: "112", extension: "112",
                     remote: "01765550111", trunk: "8", units: 6, extra: pipe("9")),
            // Hunt group: the member that rang last, then the one that answered.
            expected(f[12], stamp: "250303104000", start: "2025-03-03T09:39:20Z", answer: nil,
                     end: "2025-03-03T09:40:00Z", ring: 40_000, talk: 0, .incoming, .noAnswer,
                     calling: "0305550222", called: "113", extension: "113", remote: "0305550222", trunk: "1",
                     extra: pipe("1")),
            expected(f[13], stamp: "250303104130", start: "2025-03-03T09:40:22Z", answer: "2025-03-03T09:40:30Z",
                     end: "2025-03-03T09:41:30Z", ring: 8_000, talk: 60_000, .incoming, .answered,
                     calling: "0305550223", called: "114", extension: "114", remote: "0305550223", trunk: "1",
                     extra: pipe("1")),
            expected(f[14], stamp: "250303110000", start: "2025-03-03T09:49:57Z", answer: "2025-03-03T09:50:00Z",
                     end: "2025-03-03T10:00:00Z", ring: 3_000, talk: 600_000, .incoming, .answered, flags: .conference,
                     calling: "0305550321", called: "115", extension: "115", remote: "0305550321", trunk: "2",
                     extra: pipe("7")),
            expected(f[15], stamp: "250303110500", start: "2025-03-03T10:01:00Z", answer: "2025-03-03T10:01:00Z",
                     end: "2025-03-03T10:05:00Z", ring: 0, talk: 240_000, .outgoing, .answered, flags: .conference,
                     calling: "116", called: "0305550654", extension: "116", remote: "0305550654", trunk: "3", units: 5,
                     extra: pipe("8")),
            expected(f[16], stamp: "250303111000", start: "2025-03-03T10:08:00Z", answer: "2025-03-03T10:08:00Z",
                     end: "2025-03-03T10:10:00Z", ring: 0, talk: 120_000, .outgoing, .answered,
                     calling: "117", called: "0305550987", extension: "117", remote: "0305550987", account: "4711",
                     trunk: "4", units: 12, extra: pipe("2")),
            expected(f[17], stamp: "250303111500", start: "2025-03-03T10:14:00Z", answer: "2025-03-03T10:14:00Z",
                     end: "2025-03-03T10:15:00Z", ring: 0, talk: 60_000, .outgoing, .answered,
                     calling: "117", called: "0305550988", extension: "117", remote: "0305550988", account: "20250042",
                     trunk: "4", units: 2, extra: pipe("2")),
            expected(f[18], stamp: "250303112000", start: "2025-03-03T10:19:30Z", answer: "2025-03-03T10:19:30Z",
                     end: "2025-03-03T10:20:00Z", ring: 0, talk: 30_000, .outgoing, .answered,
                     calling: "118", called: "030555????", extension: "118", remote: "030555????", trunk: "5", units: 1,
                     extra: pipe("2")),
            expected(f[19], stamp: "250303112500", start: "2025-03-03T10:24:06Z", answer: "2025-03-03T10:24:10Z",
                     end: "2025-03-03T10:25:00Z", ring: 4_000, talk: 50_000, .incoming, .answered,
                     calling: "0176555????", called: "118", extension: "118", remote: "0176555????", trunk: "5",
                     extra: pipe("1")),
            expected(f[20], stamp: "250303113000", start: "2025-03-03T10:27:00Z", answer: "2025-03-03T10:27:00Z",
                     end: "2025-03-03T10:30:00Z", ring: 0, talk: 180_000, .outgoing, .answered, flags: .callback,
                     calling: "119", called: "01765550777", extension: "119", remote: "01765550777", trunk: "6", units: 4,
                     extra: pipe("52")),
            expected(f[21], stamp: "250303113500", start: "2025-03-03T10:33:58Z", answer: "2025-03-03T10:34:00Z",
                     end: "2025-03-03T10:35:00Z", ring: 2_000, talk: 60_000, .incoming, .answered,
                     calling: "0305550400", called: "120", extension: "120", remote: "0305550400", trunk: "7",
                     extra: pipe("3", [("service", "other")])),
            expected(f[22], stamp: "250303114000", start: "2025-03-03T10:39:40Z", answer: "2025-03-03T10:39:40Z",
                     end: "2025-03-03T10:40:00Z", ring: 0, talk: 20_000, .outgoing, .answered,
                     calling: "120", called: "0305550401", extension: "120", remote: "0305550401", trunk: "7", units: 1,
                     extra: pipe("4", [("service", "other")])),
            expected(f[23], stamp: "250304080000", start: "2025-03-03T07:00:01Z", answer: "2025-03-03T07:00:01Z",
                     end: "2025-03-04T07:00:00Z", ring: 0, talk: 86_399_000, .outgoing, .answered, flags: .timeSaturated,
                     calling: "121", called: "0305550500", extension: "121", remote: "0305550500", trunk: "8", units: 999,
                     extra: pipe("2")),
            expected(f[24], stamp: "250304090000", start: "2025-03-04T07:00:01Z", answer: nil,
                     end: "2025-03-04T08:00:00Z", ring: 3_599_000, talk: 0, .incoming, .noAnswer, flags: .timeSaturated,
                     calling: "0305550501", called: "122", extension: "122", remote: "0305550501", trunk: "8",
                     extra: pipe("1")),
            // f[25] is a ringing notice (code 0): skipped.
            expected(f[26], stamp: "250304092000", start: "2025-03-04T08:18:00Z", answer: "2025-03-04T08:18:00Z",
                     end: "2025-03-04T08:20:00Z", ring: 0, talk: 120_000, .outgoing, .answered,
                     calling: "124", called: "0305550503", extension: "124", remote: "0305550503", trunk: "1",
                     minor: 48, currency: currency, extra: pipe("2")),
            // Ends in the repeated hour of 26 Oct 2025: the host takes summer time and flags it.
            expected(f[27], stamp: "251026023000", start: "2025-10-26T00:20:00Z", answer: "2025-10-26T00:20:00Z",
                     end: "2025-10-26T00:30:00Z", ring: 0, talk: 600_000, .outgoing, .answered,
                     flags: .ambiguousLocalTime, calling: "125", called: "0305550504", extension: "125",
                     remote: "0305550504", trunk: "2", units: 1, extra: pipe("2")),
            // Spans the spring gap of 30 Mar 2025: 03:05 summer time is 01:05 UTC; 70 minutes earlier
            // is 23:55 UTC (00:55 winter time), derived by the host in UTC.
            expected(f[28], stamp: "250330030500", start: "2025-03-29T23:55:00Z", answer: "2025-03-29T23:55:00Z",
                     end: "2025-03-30T01:05:00Z", ring: 0, talk: 4_200_000, .outgoing, .answered,
                     calling: "126", called: "0305550505", extension: "126", remote: "0305550505", trunk: "3", units: 7,
                     extra: pipe("2")),
        ]
    }

    func testEveryLineGivesTheHandWrittenRecord() throws {
        let bytes = try PluginHarness.fixture(Self.file)
        let outcome = try Unify.harness().parse(bytes)
        assertRecords(outcome.records, expectedRecords(FixtureLines(bytes)))
        XCTAssertEqual(outcome.rejects, [])
        XCTAssertEqual(outcome.skipped, 1, "the ringing notice")
    }

    func testCurrencyOptionIsReportedWithAmounts() throws {
        let bytes = try PluginHarness.fixture(Self.file)
        let outcome = try Unify.harness().parse(bytes, options: #"{"currency":"EUR"}"#)
        assertRecords(outcome.records, expectedRecords(FixtureLines(bytes), currency: "EUR"))
    }

    func testChargesOptionForcesUnitsOrAmounts() throws {
        let bytes = try PluginHarness.fixture(Self.file)
        let amounts = try Unify.harness().parse(bytes, options: #"{"charges":"amount","currency":"EUR"}"#)
        XCTAssertEqual(amounts.records[0].chargeMinor, 300, "3 read as an amount: 3.00")
        XCTAssertNil(amounts.records[0].chargeUnits)
        XCTAssertEqual(amounts.records[0].chargeCurrency, "EUR")
        let units = try Unify.harness().parse(bytes, options: #"{"charges":"units"}"#)
        XCTAssertEqual(units.records.count, 27, "0.48 is not a unit count")
        XCTAssertEqual(units.rejects.map(\.reason), [.outOfRange])
        XCTAssertEqual(units.rejects.map(\.field), ["charge"])
    }

    func testIdenticalLinesDeliveredTwiceGetTheSameID() throws {
        let bytes = try PluginHarness.fixture(Self.file)
        let twice = try Unify.harness().parse(bytes + bytes)
        XCTAssertEqual(twice.records.count, 56)
        XCTAssertEqual(twice.records[0].vendorRecordID, twice.records[28].vendorRecordID)
        XCTAssertEqual(Set(twice.records.map(\.vendorRecordID)).count, 28)
    }
}
