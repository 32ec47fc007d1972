import PluginAPI
import XCTest

/// `cdr_refer_and_voicemail_trunk.txt` and `cdr_spreadsheet_resaved.txt` (issue 15): what makes a
/// leg a transfer, direction with the default `trunk_patterns`, and numbers damaged by a spreadsheet.
final class ReferSplitsVoicemailTrunksAndDamagedNumbersTests: XCTestCase {
    private let t = fixtureBase

    func testForwardSplitByASIPReferStaysAForward() throws {
        let outcome = try parseFixture("cdr_refer_and_voicemail_trunk.txt")
        XCTAssertEqual(outcome.errorsRejects, [])
        XCTAssertEqual(outcome.records.count, 3)
        // Redirect reason 15, joinOnBehalfOf 5, then cause 393216 on behalf of Refer (17): a forward.
        assertRecord(outcome.records.first, expectedCall(
            id: "c0ffee00-0000-4000-8000-000000096001", correlation: "StandAloneCluster:1:96001",
            start: t + 17000, answer: t + 17006, end: t + 17096, talkSeconds: 90,
            calling: "+4917655506666", called: "00305558888", originalCalled: "2610", connected: "00305558888",
            redirecting: "2610", extension: "2610", remote: "+49305558888", direction: .outgoing,
            disposition: .answered, trunk: "SIP-PSTN-TRUNK", remoteDevice: "BER-GW01", cause: 393216,
            flags: [.forwarded, .remoteNetworkFormat],
            extra: cucmExtra(origIP: "10.20.1.10", destIP: "10.20.1.20", origCause: "0", destCause: "393216",
                             lastRedirectReason: "15", joinOnBehalfOf: "5", patternUsage: "5")))
    }

    func testSIPPhoneTransferByReferSplitsAnOrdinaryCall() throws {
        let records = try parseFixture("cdr_refer_and_voicemail_trunk.txt").records
        assertRecord(records.dropFirst().first, expectedCall(
            id: "c0ffee00-0000-4000-8000-000000096002", correlation: "StandAloneCluster:1:96002",
            start: t + 17200, answer: t + 17203, end: t + 17233, talkSeconds: 30,
            calling: "2001", called: "2002", originalCalled: "2002", connected: "2002", extension: "2001", remote: "2002",
            direction: .internalCall, disposition: .answered, device: "SEP00505600A001",
            remoteDevice: "SEP00505600A002", cause: 393216, flags: [.transferSplit],
            extra: cucmExtra(origIP: "10.20.30.201", destIP: "10.20.30.202", origCause: "0", destCause: "393216",
                             patternUsage: "2")))
    }

    func testVoicemailBehindASIPTrunkWithDefaultPatternsIsOutgoingAndLogsAWarningOnce() throws {
        let outcome = try parseFixture("cdr_refer_and_voicemail_trunk.txt")
        assertRecord(outcome.records.last, expectedCall(
            id: "c0ffee00-0000-4000-8000-000000096003", correlation: "StandAloneCluster:1:96003",
            start: t + 17400, answer: t + 17420, end: t + 17445, talkSeconds: 25,
            calling: "+4930555077777", called: "2999", originalCalled: "2003", connected: "2999", redirecting: "2003",
            extension: "2003", remote: "2999", direction: .outgoing, disposition: .answered,
            trunk: "CUC-SIP-TRUNK", remoteDevice: "BER-GW01", cause: 16, flags: [.forwarded],
            extra: cucmExtra(origIP: "10.20.1.10", destIP: "10.20.1.60", origCause: "16", destCause: "0",
                             lastRedirectReason: "2", patternUsage: "5")))
        // Two trunk-to-trunk legs (96001, 96003), one warning, without numbers.
        XCTAssertEqual(outcome.logs.map(\.level), [Int32(TB_LOG_WARNING)])
        XCTAssertEqual(outcome.logs.first?.message.hasPrefix("trunk_patterns is not set"), true)
        XCTAssertFalse(outcome.logs.contains { $0.message.contains { $0.isNumber } })
    }

    func testVoicemailBehindASIPTrunkIsIncomingOnceTheOutsideTrunksAreNamed() throws {
        let outcome = try parseFixture("cdr_refer_and_voicemail_trunk.txt",
                                       options: #"{"trunk_patterns":"BER-GW01,SIP-PSTN-TRUNK"}"#)
        assertRecord(outcome.records.last, expectedCall(
            id: "c0ffee00-0000-4000-8000-000000096003", correlation: "StandAloneCluster:1:96003",
            start: t + 17400, answer: t + 17420, end: t + 17445, talkSeconds: 25,
            calling: "+4930555077777", called: "2999", originalCalled: "2003", connected: "2999", redirecting: "2003",
            extension: "2999", remote: "+4930555077777", direction: .incoming, disposition: .answered,
            trunk: "BER-GW01", device: "CUC-SIP-TRUNK", cause: 16, flags: [.forwarded],
            extra: cucmExtra(origIP: "10.20.1.10", destIP: "10.20.1.60", origCause: "16", destCause: "0",
                             lastRedirectReason: "2", patternUsage: "5")))
        XCTAssertEqual(outcome.logs.count, 0)
    }

    func testNumbersASpreadsheetDamagedAreRejectedAsMalformedNamingTheColumn() throws {
        let bytes = try CiscoPluginHarness.fixture("cdr_spreadsheet_resaved.txt")
        let outcome = try parseFixture("cdr_spreadsheet_resaved.txt")
        XCTAssertEqual(outcome.records.map(\.fields.vendorRecordID), ["c0ffee00-0000-4000-8000-000000097002"])
        let rejects = outcome.errorsRejects
        XCTAssertEqual(rejects.map(\.reason), [ParsedReject.malformed, ParsedReject.malformed])
        XCTAssertEqual(rejects.map(\.field), ["finalCalledPartyNumber", "callingPartyNumber"])
        XCTAssertEqual(rejects.map(\.message), ["number field is not a dial string (digits and + * # X ?) or a URI",
                                                "number field is not a dial string (digits and + * # X ?) or a URI"])
        // Each reject spans exactly its row: the line holding `9.12678E+11`, then the one with a name.
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let second = lines[0].count + 1
        let fourth = second + lines[1].count + 1 + lines[2].count + 1
        XCTAssertEqual(rejects.map(\.sourceOffset), [UInt64(second), UInt64(fourth)])
        XCTAssertEqual(rejects.map(\.sourceLength), [UInt64(lines[1].count + 1), UInt64(lines[3].count + 1)])
        XCTAssertTrue(String(decoding: lines[1], as: UTF8.self).contains("9.12678E+11"))
    }
}
