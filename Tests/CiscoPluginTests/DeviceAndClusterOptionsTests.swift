import XCTest

/// `trunk_patterns`, `phone_patterns` and `cluster_id` change how rows are read.
final class DeviceAndClusterOptionsTests: XCTestCase {
    /// A sparse CAR-style export: only a few columns, no cluster column.
    private let sparse = """
        cdrRecordType,globalCallID_callManagerId,globalCallID_callId,dateTimeOrigination,dateTimeConnect,dateTimeDisconnect,pkid,callingPartyNumber,originalCalledPartyNumber,finalCalledPartyNumber,origDeviceName,destDeviceName,origIpAddr,duration
        1,4,501,1000,1005,1065,p-501,2001,00305550100,00305550100,SEP00505600A001,BER-GW01,-871692278,60
        1,4,502,2000,2003,2013,"p-""502",2099,2002,2002,ATA00505600A099,SEP00505600A002,0,10

        """

    func testClusterOptionStandsInForAMissingClusterColumn() throws {
        let outcome = try CiscoPluginHarness.parse(Array(sparse.utf8), options: #"{"cluster_id":"BER1"}"#)
        XCTAssertEqual(outcome.records.map(\.fields.correlationID), ["BER1:4:501", "BER1:4:502"])
        XCTAssertEqual(outcome.records.first?.fields.extra, ["orig_ip": "10.8.11.204"])
    }

    func testWithoutClusterTheCorrelationStartsWithAColon() throws {
        let outcome = try CiscoPluginHarness.parse(Array(sparse.utf8))
        XCTAssertEqual(outcome.records.map(\.fields.correlationID), [":4:501", ":4:502"])
        // Missing cause columns: the cause is absent.
        XCTAssertEqual(outcome.records.map(\.fields.cause), [Int64.min, Int64.min])
    }

    func testDoubledQuotesAreUnescaped() throws {
        let outcome = try CiscoPluginHarness.parse(Array(sparse.utf8))
        // (in a text column: a quote in a number column would make the row a malformed reject)
        XCTAssertEqual(outcome.records.dropFirst().first?.fields.vendorRecordID, "p-\"502")
        XCTAssertEqual(outcome.records.dropFirst().first?.fields.calling, "2099")
        // ATA… is a phone by default: an internal call.
        XCTAssertEqual(outcome.records.dropFirst().first?.fields.direction, .internalCall)
    }

    func testDefaultTreatsUnknownDevicesAsTrunks() throws {
        let outcome = try CiscoPluginHarness.parse(Array(sparse.utf8))
        XCTAssertEqual(outcome.records.first?.fields.direction, .outgoing)
        XCTAssertEqual(outcome.records.first?.fields.trunk, "BER-GW01")
    }

    func testTrunkPatternsMakeOtherDevicesInternal() throws {
        // Only SIP-* are trunks now: BER-GW01 is an internal device, so the call is internal.
        let outcome = try CiscoPluginHarness.parse(Array(sparse.utf8), options: #"{"trunk_patterns":"sip-*"}"#)
        let first = try XCTUnwrap(outcome.records.first?.fields)
        XCTAssertEqual(first.direction, .internalCall)
        XCTAssertEqual(first.extensionNumber, "2001")
        XCTAssertEqual(first.remote, "00305550100")
        XCTAssertEqual(first.device, "SEP00505600A001")
        XCTAssertEqual(first.remoteDevice, "BER-GW01")
        XCTAssertEqual(first.trunk, "")
    }

    func testTrunkPatternsWithQuestionMarksMatchCaseInsensitively() throws {
        let outcome = try CiscoPluginHarness.parse(Array(sparse.utf8), options: #"{"trunk_patterns":"ber-gw0?"}"#)
        XCTAssertEqual(outcome.records.first?.fields.direction, .outgoing)
    }

    func testPhonePatternsDecideWhatIsAPhone() throws {
        // With only SEP* as phones, ATA00505600A099 counts as a trunk: an incoming call.
        let outcome = try CiscoPluginHarness.parse(Array(sparse.utf8), options: #"{"phone_patterns":"SEP*"}"#)
        let second = try XCTUnwrap(outcome.records.dropFirst().first?.fields)
        XCTAssertEqual(second.direction, .incoming)
        XCTAssertEqual(second.trunk, "ATA00505600A099")
        XCTAssertEqual(second.extensionNumber, "2002")
    }
}
