import XCTest

/// CMR (call quality) files carry no calls: every row is a skipped span.
final class CallQualityFilesProduceNoRecordsTests: XCTestCase {
    func testFixtureCMRFile() throws {
        let outcome = try parseFixture("cmr.txt")
        XCTAssertEqual(outcome.records, [])
        assertSkipped(outcome, ["header line", "field type line", "CMR (call quality) record", "CMR (call quality) record"])
        XCTAssertEqual(outcome.errorsRejects, [])
    }

    func testHeaderlessCMRRowsAreSkippedByRecordType() throws {
        let input = try CiscoPluginHarness.fixture("cmr.txt")
        let rows = String(decoding: input, as: UTF8.self).split(separator: "\n").dropFirst(2).joined(separator: "\n")
        let outcome = try CiscoPluginHarness.parse(Array((rows + "\n").utf8))
        XCTAssertEqual(outcome.records, [])
        assertSkipped(outcome, ["CMR (call quality) record", "CMR (call quality) record"])
    }
}
