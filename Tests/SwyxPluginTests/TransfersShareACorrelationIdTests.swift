import TollbookCore
import XCTest

/// Blind and consultative transfers: the split-off and the joined legs are flagged and share the
/// correlation id of the first leg (`<call id>@<start date>`).
final class TransfersShareACorrelationIdTests: XCTestCase {
    private let file = "swyx_cdr.txt"
    private let trunk = Swyx.trunk

    func testBlindTransfer() throws {
        let outcome = try Swyx.parse(file)
        XCTAssertEqual(Swyx.record(outcome, "1012@2025-03-03"), try expectedCall(
            "1012@2025-03-03", fixture: file, line: 13, correlation: "1012@2025-03-03",
            start: "2025-03-03T08:00:00Z", answer: "2025-03-03T08:00:05Z", end: "2025-03-03T08:01:00Z",
            ring: 5_000, talk: 55_000, direction: .incoming, disposition: .answered, flags: [.transferSplit],
            calling: "+4930555030", called: "220", originalCalled: "220", connected: "220",
            extension: "220", remote: "+4930555030", trunk: trunk, device: "SwyxIt! 220",
            causeText: "CallTransferred"))
        XCTAssertEqual(Swyx.record(outcome, "1013@2025-03-03"), try expectedCall(
            "1013@2025-03-03", fixture: file, line: 14, correlation: "1012@2025-03-03",
            start: "2025-03-03T08:01:00Z", answer: "2025-03-03T08:01:10Z", end: "2025-03-03T08:04:00Z",
            ring: 10_000, talk: 170_000, direction: .incoming, disposition: .answered, flags: [.transferred],
            calling: "+4930555030", called: "221", originalCalled: "221", connected: "221", redirecting: "220",
            extension: "221", remote: "+4930555030", trunk: trunk, device: "SwyxIt! 221",
            causeText: "CallDisconnected"))
    }

    func testConsultativeTransfer() throws {
        let outcome = try Swyx.parse(file)
        XCTAssertEqual(Swyx.record(outcome, "1014@2025-03-03"), try expectedCall(
            "1014@2025-03-03", fixture: file, line: 15, correlation: "1014@2025-03-03",
            start: "2025-03-03T08:10:00Z", answer: "2025-03-03T08:10:04Z", end: "2025-03-03T08:12:30Z",
            ring: 4_000, talk: 146_000, direction: .incoming, disposition: .answered, flags: [.transferSplit],
            calling: "+4930555040", called: "230", originalCalled: "230", connected: "230",
            extension: "230", remote: "+4930555040", trunk: trunk, device: "SwyxIt! 230",
            causeText: "CallTransferred"))
        XCTAssertEqual(Swyx.record(outcome, "1015@2025-03-03"), try expectedCall(
            "1015@2025-03-03", fixture: file, line: 16, correlation: "1014@2025-03-03",
            start: "2025-03-03T08:11:00Z", answer: "2025-03-03T08:11:05Z", end: "2025-03-03T08:12:30Z",
            ring: 5_000, talk: 85_000, direction: .internal, disposition: .answered, flags: [.transferSplit],
            calling: "230", called: "231", originalCalled: "231", connected: "231",
            extension: "230", remote: "231", device: "SwyxIt! 230", remoteDevice: "SwyxIt! 231",
            causeText: "CallTransferred"))
        XCTAssertEqual(Swyx.record(outcome, "1016@2025-03-03"), try expectedCall(
            "1016@2025-03-03", fixture: file, line: 17, correlation: "1014@2025-03-03",
            start: "2025-03-03T08:12:30Z", answer: "2025-03-03T08:12:30Z", end: "2025-03-03T08:15:00Z",
            ring: 0, talk: 150_000, direction: .incoming, disposition: .answered, flags: [.transferred],
            calling: "+4930555040", called: "231", originalCalled: "231", connected: "231", redirecting: "230",
            extension: "231", remote: "+4930555040", trunk: trunk, device: "SwyxIt! 231",
            causeText: "OriginatorDisconnected"))
    }

    func testUntransferredCallsKeepTheirOwnKeyAsCorrelationId() throws {
        let outcome = try Swyx.parse(file)
        let transferLegs: Set<String> = ["1013@2025-03-03", "1015@2025-03-03", "1016@2025-03-03"]
        for record in outcome.records where !transferLegs.contains(record.vendorRecordID) {
            XCTAssertEqual(record.correlationID, record.vendorRecordID)
        }
    }

    func testLinksOnlyHoldWithinTheSameStartDate() throws {
        // The same call ids on another day are not linked to the legs above.
        let fixture = String(decoding: try Swyx.bytes(file), as: UTF8.self)
        let row: String = #""1013","+4930555030","","221","","221","","05.03.2025","09:01:00","","","","","","","05.03.2025","09:02:00","","","","","","","","SIP Trunk Telekom","SwyxIt! 221","","","1012","0","0","","","NoAnswer""#
        let outcome = try Swyx.parse(text: fixture + row + "\r\n")
        let record = try XCTUnwrap(Swyx.record(outcome, "1013@2025-03-05"))
        XCTAssertEqual(record.correlationID, "1013@2025-03-05")
        XCTAssertEqual(record.flags, [.transferred])
    }
}
