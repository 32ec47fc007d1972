import PluginTestSupport
import TollbookCore
import XCTest

/// Every line of the HiPath 3000 fixed-width fixtures (compressed and long printer format,
/// Europe/Berlin) gives exactly the record written out here by hand; page headers, rulers, form
/// feeds and ringing notices are skipped.
final class FixedWidthLinesAreMappedTests: XCTestCase {
    private func tags(_ layout: String, _ ie: String, _ more: [(String, String)] = []) -> [(String, String)] {
        [("layout", layout), ("information_element", ie)] + more
    }

    func testCompressedLines() throws {
        let bytes = try PluginHarness.fixture("unify/hipath_compressed_calls.txt")
        let f = FixtureLines(bytes)
        let outcome = try Unify.harness().parse(bytes)
        let c = "compressed"
        assertRecords(outcome.records, [
            expected(f[0], stamp: "250303120000", start: "2025-03-03T10:57:00Z", answer: "2025-03-03T10:57:00Z",
                     end: "2025-03-03T11:00:00Z", ring: 0, talk: 180_000, .outgoing, .answered,
                     calling: "101", called: "0305550123", extension: "101", remote: "0305550123", account: "4711",
                     trunk: "1", units: 4,
                     extra: tags(c, "2", [("msn", "5550100"), ("seizure_code", "0"), ("lcr_route", "1")])),
            expected(f[1], stamp: "250303120500", start: "2025-03-03T11:04:10Z", answer: "2025-03-03T11:04:20Z",
                     end: "2025-03-03T11:05:00Z", ring: 10_000, talk: 40_000, .incoming, .answered,
                     calling: "01765550123", called: "102", extension: "102", remote: "01765550123", trunk: "2",
                     extra: tags(c, "1")),
            expected(f[2], stamp: "250303121000", start: "2025-03-03T11:09:30Z", answer: nil,
                     end: "2025-03-03T11:10:00Z", ring: 30_000, talk: 0, .incoming, .noAnswer,
                     calling: "0305550777", called: "103", extension: "103", remote: "0305550777", trunk: "3",
                     extra: tags(c, "1")),
            expected(f[3], stamp: "250303121500", start: "2025-03-03T11:15:00Z", answer: nil,
                     end: "2025-03-03T11:15:00Z", ring: 0, talk: 0, .incoming, .busy,
                     calling: "0305550888", called: "104", extension: "104", remote: "0305550888", trunk: "1",
                     extra: tags(c, "1")),
            expected(f[4], stamp: "250303122000", start: "2025-03-03T11:19:00Z", answer: "2025-03-03T11:19:00Z",
                     end: "2025-03-03T11:20:00Z", ring: 0, talk: 60_000, .outgoing, .answered, flags: .forwarded,
                     calling: "112", called: "01765550111", redirecting: "112", extension: "112",
                     remote: "01765550111", trunk: "4", units: 2, extra: tags(c, "9")),
            expected(f[5], stamp: "250303123000", start: "2025-03-03T11:24:58Z", answer: "2025-03-03T11:25:00Z",
                     end: "2025-03-03T11:30:00Z", ring: 2_000, talk: 300_000, .incoming, .answered, flags: .conference,
                     calling: "0305550321", called: "115", extension: "115", remote: "0305550321", trunk: "5",
                     extra: tags(c, "7")),
            expected(f[6], stamp: "250303124000", start: "2025-03-03T11:39:30Z", answer: "2025-03-03T11:39:30Z",
                     end: "2025-03-03T11:40:00Z", ring: 0, talk: 30_000, .outgoing, .answered,
                     calling: "118", called: "030555????", extension: "118", remote: "030555????", trunk: "6", units: 1,
                     extra: tags(c, "2")),
            expected(f[7], stamp: "250303124500", start: "2025-03-03T11:43:55Z", answer: "2025-03-03T11:44:00Z",
                     end: "2025-03-03T11:45:00Z", ring: 5_000, talk: 60_000, .incoming, .answered, flags: .callback,
                     calling: "01765550777", called: "119", extension: "119", remote: "01765550777", trunk: "7",
                     extra: tags(c, "51")),
            // f[8] is a ringing notice (code 0): skipped.
            expected(f[9], stamp: "250303124800", start: "2025-03-03T11:47:34Z", answer: "2025-03-03T11:47:40Z",
                     end: "2025-03-03T11:48:00Z", ring: 6_000, talk: 20_000, .incoming, .answered,
                     calling: "01765550333", called: "105", extension: "105", remote: "01765550333", trunk: "4",
                     extra: tags(c, "1")),
            expected(f[10], stamp: "250303125000", start: "2025-03-03T11:48:00Z", answer: "2025-03-03T11:48:00Z",
                     end: "2025-03-03T11:50:00Z", ring: 0, talk: 120_000, .incoming, .answered,
                     calling: "01765550333", called: "106", extension: "106", remote: "01765550333", trunk: "4",
                     extra: tags(c, "1")),
            expected(f[11], stamp: "251026023000", start: "2025-10-26T00:20:00Z", answer: "2025-10-26T00:20:00Z",
                     end: "2025-10-26T00:30:00Z", ring: 0, talk: 600_000, .outgoing, .answered,
                     flags: .ambiguousLocalTime, calling: "125", called: "0305550504", extension: "125",
                     remote: "0305550504", trunk: "2", units: 1, extra: tags(c, "2")),
            expected(f[12], stamp: "250305080000", start: "2025-03-04T07:00:01Z", answer: "2025-03-04T07:00:01Z",
                     end: "2025-03-05T07:00:00Z", ring: 0, talk: 86_399_000, .outgoing, .answered, flags: .timeSaturated,
                     calling: "121", called: "0305550500", extension: "121", remote: "0305550500", trunk: "8", units: 999,
                     extra: tags(c, "2")),
            // Spans the spring gap: end 01:05 UTC minus 70 minutes, derived by the host in UTC.
            expected(f[13], stamp: "250330030500", start: "2025-03-29T23:55:00Z", answer: "2025-03-29T23:55:00Z",
                     end: "2025-03-30T01:05:00Z", ring: 0, talk: 4_200_000, .outgoing, .answered,
                     calling: "126", called: "0305550505", extension: "126", remote: "0305550505", trunk: "3", units: 7,
                     extra: tags(c, "2")),
        ])
        XCTAssertEqual(outcome.rejects, [])
        XCTAssertEqual(outcome.skipped, 1)
    }

    func testFormFeedsAroundLinesAreIgnored() throws {
        let line = "03.03.25 13:00:00   1    101       00:03:00 0305550123                  0.36  2"
        let plain = try Unify.harness().parse(Array((line + "\r\n").utf8))
        let fed = try Unify.harness().parse(Array(("\u{0C}\r\n\u{0C}" + line + "\u{0C}\r\n").utf8))
        XCTAssertEqual(plain.records.count, 1)
        XCTAssertEqual(fed.records.count, 1)
        XCTAssertEqual(fed.records.first?.vendorRecordID, plain.records.first?.vendorRecordID)
        XCTAssertEqual(fed.records.first?.sourceOffset, 3)
        XCTAssertEqual(fed.records.first?.sourceLength, 83, "form feed + 79 columns + form feed + CR LF")
        XCTAssertEqual(fed.skipped, 1, "the line holding only a form feed")
        XCTAssertEqual(fed.rejects, [])
    }

    func testLongPrinterLines() throws {
        let bytes = try PluginHarness.fixture("unify/hipath_long_calls.txt")
        let f = FixtureLines(bytes)
        let outcome = try Unify.harness().parse(bytes, options: #"{"currency":"EUR"}"#)
        let l = "long"
        assertRecords(outcome.records, [
            expected(f[2], stamp: "250303130000", start: "2025-03-03T11:57:00Z", answer: "2025-03-03T11:57:00Z",
                     end: "2025-03-03T12:00:00Z", ring: 0, talk: 180_000, .outgoing, .answered,
                     calling: "101", called: "0305550123", extension: "101", remote: "0305550123", trunk: "1",
                     minor: 36, currency: "EUR", extra: tags(l, "2")),
            expected(f[3], stamp: "250303130500", start: "2025-03-03T12:04:10Z", answer: "2025-03-03T12:04:20Z",
                     end: "2025-03-03T12:05:00Z", ring: 10_000, talk: 40_000, .incoming, .answered,
                     calling: "01765550123", called: "102", extension: "102", remote: "01765550123", trunk: "2",
                     extra: tags(l, "1")),
            expected(f[4], stamp: "250303131000", start: "2025-03-03T12:09:30Z", answer: nil,
                     end: "2025-03-03T12:10:00Z", ring: 30_000, talk: 0, .incoming, .noAnswer,
                     calling: "0305550777", called: "103", extension: "103", remote: "0305550777", trunk: "3",
                     extra: tags(l, "1")),
            expected(f[7], stamp: "250303132000", start: "2025-03-03T12:19:00Z", answer: "2025-03-03T12:19:00Z",
                     end: "2025-03-03T12:20:00Z", ring: 0, talk: 60_000, .outgoing, .answered, flags: .forwarded,
                     calling: "112", called: "01765550111", redirecting: "112", extension: "112",
                     remote: "01765550111", trunk: "4", minor: 12, currency: "EUR", extra: tags(l, "9")),
            expected(f[8], stamp: "250303132500", start: "2025-03-03T12:24:06Z", answer: "2025-03-03T12:24:10Z",
                     end: "2025-03-03T12:25:00Z", ring: 4_000, talk: 50_000, .incoming, .answered,
                     calling: "0176555????", called: "118", extension: "118", remote: "0176555????", trunk: "5",
                     extra: tags(l, "1")),
            expected(f[9], stamp: "251026023000", start: "2025-10-26T00:20:00Z", answer: "2025-10-26T00:20:00Z",
                     end: "2025-10-26T00:30:00Z", ring: 0, talk: 600_000, .outgoing, .answered,
                     flags: .ambiguousLocalTime, calling: "125", called: "0305550504", extension: "125",
                     remote: "0305550504", trunk: "2", minor: 12, currency: "EUR", extra: tags(l, "2")),
            // Spans the spring gap: end 01:05 UTC minus 70 minutes, derived by the host in UTC.
            expected(f[10], stamp: "250330030500", start: "2025-03-29T23:55:00Z", answer: "2025-03-29T23:55:00Z",
                     end: "2025-03-30T01:05:00Z", ring: 0, talk: 4_200_000, .outgoing, .answered,
                     calling: "126", called: "0305550505", extension: "126", remote: "0305550505", trunk: "3",
                     minor: 84, currency: "EUR", extra: tags(l, "2")),
        ])
        XCTAssertEqual(outcome.rejects, [])
        XCTAssertEqual(outcome.skipped, 4, "two page headers (one after a form feed) and two rulers")
    }
}
