import TollbookCore
import XCTest

/// swyx_ippbxcdr.csv: a CSV export of the `IpPbxCDR` table (28 columns, datetime columns, `NULL`
/// for absent values, `CallID` spelled as in the documentation), recognised by its header.
final class IpPbxCDRExportsAreReadTests: XCTestCase {
    private let file = "swyx_ippbxcdr.csv"
    private let trunk = Swyx.trunk

    func testFiveRecordsAndOneReject() throws {
        let outcome = try Swyx.parse(file)
        XCTAssertEqual(outcome.skipped, 1)
        XCTAssertEqual(outcome.records.count, 5)
        XCTAssertEqual(outcome.rejects.map(\.reason), [.outOfRange])
        XCTAssertEqual(outcome.rejects.map(\.field), ["StartTime"])
        XCTAssertEqual(outcome.rejects.first?.sourceOffset, try Swyx.span(file, line: 7).offset)
    }

    func testOutgoingCallWithMillisecondsAndCosts() throws {
        let outcome = try Swyx.parse(file)
        XCTAssertEqual(Swyx.record(outcome, "3001@2025-03-03"), try expectedCall(
            "3001@2025-03-03", fixture: file, line: 2,
            start: "2025-03-03T07:00:00Z", answer: "2025-03-03T07:00:12.347Z", end: "2025-03-03T07:03:12.500Z",
            ring: 12_347, talk: 180_153, direction: .outgoing, disposition: .answered,
            calling: "201", called: "+4930555010", originalCalled: "+4930555010", connected: "+4930555010",
            extension: "201", remote: "+4930555010", trunk: trunk, device: "SwyxIt! 201",
            causeText: "OriginatorDisconnected", chargeMinor: 23, chargeCurrency: "EUR",
            extra: [("public_access_prefix", "0"), ("lcr_provider", "Telekom"), ("aoc", "1")]))
    }

    func testIncomingUnansweredCallWithNullColumns() throws {
        let outcome = try Swyx.parse(file)
        XCTAssertEqual(Swyx.record(outcome, "3002@2025-03-03"), try expectedCall(
            "3002@2025-03-03", fixture: file, line: 3,
            start: "2025-03-03T07:20:00Z", end: "2025-03-03T07:20:30Z", ring: 30_000,
            direction: .incoming, disposition: .noAnswer,
            calling: "+4930555020", called: "210", originalCalled: "210",
            extension: "210", remote: "+4930555020", trunk: trunk, device: "SwyxIt! 210",
            causeText: "NoAnswer", extra: [("aoc", "0")]))
    }

    func testBlindTransferLegsShareTheFirstLegsKey() throws {
        let outcome = try Swyx.parse(file)
        XCTAssertEqual(Swyx.record(outcome, "3003@2025-03-03"), try expectedCall(
            "3003@2025-03-03", fixture: file, line: 4,
            start: "2025-03-03T08:00:00Z", answer: "2025-03-03T08:00:05Z", end: "2025-03-03T08:01:00Z",
            ring: 5_000, talk: 55_000, direction: .incoming, disposition: .answered, flags: [.transferSplit],
            calling: "+4930555030", called: "220", originalCalled: "220", connected: "220",
            extension: "220", remote: "+4930555030", trunk: trunk, device: "SwyxIt! 220",
            causeText: "CallTransferred", extra: [("aoc", "0")]))
        XCTAssertEqual(Swyx.record(outcome, "3004@2025-03-03"), try expectedCall(
            "3004@2025-03-03", fixture: file, line: 5, correlation: "3003@2025-03-03",
            start: "2025-03-03T08:01:00Z", answer: "2025-03-03T08:01:10Z", end: "2025-03-03T08:04:00Z",
            ring: 10_000, talk: 170_000, direction: .incoming, disposition: .answered, flags: [.transferred],
            calling: "+4930555030", called: "221", originalCalled: "221", connected: "221", redirecting: "220",
            extension: "221", remote: "+4930555030", trunk: trunk, device: "SwyxIt! 221",
            causeText: "CallDisconnected", extra: [("aoc", "0")]))
    }

    func testQueueCallWithISOSeparatorAndProjectNumber() throws {
        let outcome = try Swyx.parse(file)
        XCTAssertEqual(Swyx.record(outcome, "3005@2025-03-03"), try expectedCall(
            "3005@2025-03-03", fixture: file, line: 6,
            start: "2025-03-03T09:00:00Z", answer: "2025-03-03T09:00:30Z", end: "2025-03-03T09:05:00Z",
            ring: 30_000, talk: 270_000, direction: .incoming, disposition: .answered, flags: [.huntGroup],
            calling: "+4930555060", called: "301", originalCalled: "300", connected: "301",
            extension: "301", remote: "+4930555060", projectCode: "42", trunk: trunk, device: "SwyxIt! 301",
            huntGroup: "300", causeText: "OriginatorDisconnected", extra: [("aoc", "0")]))
    }
}
