import TollbookCore
import XCTest

/// swyx_cdr.txt: everyday outgoing, incoming and internal calls of the 34-column text file.
final class TextFileCallsAreMappedTests: XCTestCase {
    private let file = "swyx_cdr.txt"
    private let trunk = Swyx.trunk

    func testHeaderIsSkippedAndThirtyOneRecordsAreRead() throws {
        let outcome = try Swyx.parse(file)
        XCTAssertEqual(outcome.skipped, 1)
        XCTAssertEqual(outcome.rejects, [])
        XCTAssertEqual(outcome.records.count, 31)
    }

    func testOutgoingAnsweredCallWithChargeAndAdviceOfCharge() throws {
        let outcome = try Swyx.parse(file)
        XCTAssertEqual(Swyx.record(outcome, "1001@2025-03-03"), try expectedCall(
            "1001@2025-03-03", fixture: file, line: 2,
            start: "2025-03-03T07:00:00Z", answer: "2025-03-03T07:00:12Z", end: "2025-03-03T07:03:12Z",
            ring: 12_000, talk: 180_000, direction: .outgoing, disposition: .answered,
            calling: "201", called: "+4930555010", originalCalled: "+4930555010", connected: "+4930555010",
            extension: "201", remote: "+4930555010", trunk: trunk, device: "SwyxIt! 201",
            causeText: "OriginatorDisconnected", chargeMinor: 12, chargeCurrency: "EUR",
            extra: [("public_access_prefix", "0"), ("lcr_provider", "Telekom"), ("aoc", "1")]))
    }

    func testOutgoingUnansweredBusyFailedAndRejectedCalls() throws {
        let outcome = try Swyx.parse(file)
        XCTAssertEqual(Swyx.record(outcome, "1002@2025-03-03"), try expectedCall(
            "1002@2025-03-03", fixture: file, line: 3,
            start: "2025-03-03T07:05:00Z", end: "2025-03-03T07:05:30Z", ring: 30_000,
            direction: .outgoing, disposition: .noAnswer,
            calling: "202", called: "+4930555011", originalCalled: "+4930555011",
            extension: "202", remote: "+4930555011", trunk: trunk, device: "SwyxIt! 202",
            causeText: "NoAnswer", extra: [("public_access_prefix", "0")]))
        XCTAssertEqual(Swyx.record(outcome, "1003@2025-03-03"), try expectedCall(
            "1003@2025-03-03", fixture: file, line: 4,
            start: "2025-03-03T07:10:00Z", end: "2025-03-03T07:10:04Z", ring: 4_000,
            direction: .outgoing, disposition: .busy,
            calling: "203", called: "+4989555012", originalCalled: "+4989555012",
            extension: "203", remote: "+4989555012", trunk: trunk, device: "SwyxIt! 203",
            causeText: "Busy", extra: [("public_access_prefix", "0")]))
        XCTAssertEqual(Swyx.record(outcome, "1004@2025-03-03"), try expectedCall(
            "1004@2025-03-03", fixture: file, line: 5,
            start: "2025-03-03T07:11:00Z", end: "2025-03-03T07:11:02Z", ring: 2_000,
            direction: .outgoing, disposition: .failed,
            calling: "203", called: "+4989555013", originalCalled: "+4989555013",
            extension: "203", remote: "+4989555013", trunk: trunk, device: "SwyxIt! 203",
            causeText: "UnknownNumber", extra: [("public_access_prefix", "0")]))
        XCTAssertEqual(Swyx.record(outcome, "1005@2025-03-03"), try expectedCall(
            "1005@2025-03-03", fixture: file, line: 6,
            start: "2025-03-03T07:12:00Z", end: "2025-03-03T07:12:01Z", ring: 1_000,
            direction: .outgoing, disposition: .rejected,
            calling: "204", called: "+1555010014", originalCalled: "+1555010014",
            extension: "204", remote: "+1555010014", trunk: trunk, device: "SwyxPhone 204",
            causeText: "PermissionDenied", extra: [("public_access_prefix", "0")]))
        XCTAssertEqual(Swyx.record(outcome, "1029@2025-03-03"), try expectedCall(
            "1029@2025-03-03", fixture: file, line: 30,
            start: "2025-03-03T10:05:00Z", end: "2025-03-03T10:05:00Z", ring: 0,
            direction: .outgoing, disposition: .failed,
            calling: "209", called: "+4930555091", originalCalled: "+4930555091",
            extension: "209", remote: "+4930555091", trunk: trunk, device: "SwyxIt! 209",
            causeText: "NoChannelAvailable", extra: [("public_access_prefix", "0")]))
    }

    func testIncomingAnsweredWithheldAndBusyCalls() throws {
        let outcome = try Swyx.parse(file)
        XCTAssertEqual(Swyx.record(outcome, "1006@2025-03-03"), try expectedCall(
            "1006@2025-03-03", fixture: file, line: 7,
            start: "2025-03-03T07:20:00Z", answer: "2025-03-03T07:20:08Z", end: "2025-03-03T07:25:00Z",
            ring: 8_000, talk: 292_000, direction: .incoming, disposition: .answered,
            calling: "+4930555020", called: "210", originalCalled: "210", connected: "210",
            extension: "210", remote: "+4930555020", trunk: trunk, device: "SwyxIt! 210",
            causeText: "CallDisconnected"))
        XCTAssertEqual(Swyx.record(outcome, "1007@2025-03-03"), try expectedCall(
            "1007@2025-03-03", fixture: file, line: 8,
            start: "2025-03-03T07:30:00Z", end: "2025-03-03T07:30:25Z", ring: 25_000,
            direction: .incoming, disposition: .noAnswer,
            called: "211", originalCalled: "211", extension: "211", trunk: trunk, device: "SwyxIt! 211",
            causeText: "NoAnswer"))
        XCTAssertEqual(Swyx.record(outcome, "1008@2025-03-03"), try expectedCall(
            "1008@2025-03-03", fixture: file, line: 9,
            start: "2025-03-03T07:31:00Z", end: "2025-03-03T07:31:01Z", ring: 1_000,
            direction: .incoming, disposition: .busy,
            calling: "+4930555021", called: "212", originalCalled: "212",
            extension: "212", remote: "+4930555021", trunk: trunk, device: "SwyxIt! 212", causeText: "Busy"))
    }

    func testInternalAnsweredIgnoredBusyAndUnknownReasonCalls() throws {
        let outcome = try Swyx.parse(file)
        XCTAssertEqual(Swyx.record(outcome, "1009@2025-03-03"), try expectedCall(
            "1009@2025-03-03", fixture: file, line: 10,
            start: "2025-03-03T07:40:00Z", answer: "2025-03-03T07:40:05Z", end: "2025-03-03T07:42:00Z",
            ring: 5_000, talk: 115_000, direction: .internal, disposition: .answered,
            calling: "201", called: "202", originalCalled: "202", connected: "202",
            extension: "201", remote: "202", device: "SwyxIt! 201", remoteDevice: "SwyxIt! 202",
            causeText: "CallDisconnected"))
        XCTAssertEqual(Swyx.record(outcome, "1010@2025-03-03"), try expectedCall(
            "1010@2025-03-03", fixture: file, line: 11,
            start: "2025-03-03T07:45:00Z", end: "2025-03-03T07:45:15Z", ring: 15_000,
            direction: .internal, disposition: .noAnswer,
            calling: "203", called: "204", originalCalled: "204",
            extension: "203", remote: "204", device: "SwyxIt! 203", remoteDevice: "SwyxPhone 204",
            causeText: "CallIgnored"))
        XCTAssertEqual(Swyx.record(outcome, "1011@2025-03-03"), try expectedCall(
            "1011@2025-03-03", fixture: file, line: 12,
            start: "2025-03-03T07:46:00Z", end: "2025-03-03T07:46:01Z", ring: 1_000,
            direction: .internal, disposition: .busy,
            calling: "204", called: "201", originalCalled: "201",
            extension: "204", remote: "201", device: "SwyxPhone 204", remoteDevice: "SwyxIt! 201",
            causeText: "Busy"))
        XCTAssertEqual(Swyx.record(outcome, "1030@2025-03-03"), try expectedCall(
            "1030@2025-03-03", fixture: file, line: 31,
            start: "2025-03-03T10:10:00Z", end: "2025-03-03T10:10:20Z", ring: 20_000,
            direction: .internal, disposition: .unknown,
            calling: "210", called: "211", originalCalled: "211",
            extension: "210", remote: "211", device: "SwyxIt! 210", remoteDevice: "SwyxIt! 211",
            causeText: "SomethingNew"))
    }

    func testProjectCodeAndChargeInMinorUnits() throws {
        let outcome = try Swyx.parse(file)
        XCTAssertEqual(Swyx.record(outcome, "1022@2025-03-03"), try expectedCall(
            "1022@2025-03-03", fixture: file, line: 23,
            start: "2025-03-03T09:40:00Z", answer: "2025-03-03T09:40:15Z", end: "2025-03-03T09:50:00Z",
            ring: 15_000, talk: 585_000, direction: .outgoing, disposition: .answered,
            calling: "205", called: "+4930555070", originalCalled: "+4930555070", connected: "+4930555070",
            extension: "205", remote: "+4930555070", projectCode: "4711", trunk: trunk, device: "SwyxIt! 205",
            causeText: "OriginatorDisconnected", chargeMinor: 150, chargeCurrency: "EUR",
            extra: [("public_access_prefix", "0"), ("aoc", "1")]))
    }

    func testMaskedNumbersAreKeptMasked() throws {
        let outcome = try Swyx.parse(file)
        XCTAssertEqual(Swyx.record(outcome, "1023@2025-03-03"), try expectedCall(
            "1023@2025-03-03", fixture: file, line: 24,
            start: "2025-03-03T09:45:00Z", answer: "2025-03-03T09:45:03Z", end: "2025-03-03T09:46:00Z",
            ring: 3_000, talk: 57_000, direction: .incoming, disposition: .answered,
            calling: "+4930555XXX", called: "206", originalCalled: "206", connected: "206",
            extension: "206", remote: "+4930555XXX", trunk: trunk, device: "SwyxIt! 206",
            causeText: "CallDisconnected"))
        XCTAssertEqual(Swyx.record(outcome, "1024@2025-03-03"), try expectedCall(
            "1024@2025-03-03", fixture: file, line: 25,
            start: "2025-03-03T09:47:00Z", answer: "2025-03-03T09:47:07Z", end: "2025-03-03T09:48:00Z",
            ring: 7_000, talk: 53_000, direction: .outgoing, disposition: .answered,
            calling: "207", called: "XXX", originalCalled: "XXX", connected: "XXX",
            extension: "207", remote: "XXX", trunk: trunk, device: "SwyxIt! 207",
            causeText: "OriginatorDisconnected", extra: [("public_access_prefix", "0")]))
    }

    func testCallAcrossMidnightKeepsItsStartDateInTheKey() throws {
        let outcome = try Swyx.parse(file)
        XCTAssertEqual(Swyx.record(outcome, "1027@2025-03-03"), try expectedCall(
            "1027@2025-03-03", fixture: file, line: 28,
            start: "2025-03-03T22:58:00Z", answer: "2025-03-03T22:58:10Z", end: "2025-03-03T23:03:00Z",
            ring: 10_000, talk: 290_000, direction: .outgoing, disposition: .answered,
            calling: "208", called: "+4930555080", originalCalled: "+4930555080", connected: "+4930555080",
            extension: "208", remote: "+4930555080", trunk: trunk, device: "SwyxIt! 208",
            causeText: "OriginatorDisconnected", extra: [("public_access_prefix", "0")]))
    }

    func testPublicAccessPrefixMakesACallOutgoingWithoutDeviceAndCostsAreRoundedHalfUp() throws {
        let outcome = try Swyx.parse(file)
        XCTAssertEqual(Swyx.record(outcome, "1028@2025-03-03"), try expectedCall(
            "1028@2025-03-03", fixture: file, line: 29,
            start: "2025-03-03T10:00:00Z", answer: "2025-03-03T10:00:05Z", end: "2025-03-03T10:01:00Z",
            ring: 5_000, talk: 55_000, direction: .outgoing, disposition: .answered,
            calling: "209", called: "+4930555090", originalCalled: "+4930555090", connected: "+4930555090",
            extension: "209", remote: "+4930555090", device: "SwyxIt! 209",
            causeText: "OriginatorDisconnected", chargeMinor: 9, chargeCurrency: "EUR",
            extra: [("public_access_prefix", "0")]))
    }

    func testTheSameCallIdOnAnotherDayIsAnotherRecord() throws {
        let outcome = try Swyx.parse(file)
        XCTAssertEqual(Swyx.record(outcome, "1001@2025-03-04"), try expectedCall(
            "1001@2025-03-04", fixture: file, line: 32,
            start: "2025-03-04T07:00:00Z", answer: "2025-03-04T07:00:02Z", end: "2025-03-04T07:01:00Z",
            ring: 2_000, talk: 58_000, direction: .internal, disposition: .answered,
            calling: "211", called: "212", originalCalled: "212", connected: "212",
            extension: "211", remote: "212", device: "SwyxIt! 211", remoteDevice: "SwyxIt! 212",
            causeText: "CallDisconnected"))
        XCTAssertEqual(Set(outcome.records.map(\.vendorRecordID)).count, 31)
    }
}
