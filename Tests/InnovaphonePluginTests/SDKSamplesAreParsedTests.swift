import PluginTestSupport
import TollbookCore
import XCTest

/// The innovaphone SDK 13r1 and wiki 14r2 sample CDRs (Tests/Fixtures/innovaphone/samples/pbx-xml).
final class SDKSamplesAreParsedTests: XCTestCase {
    private let samples = [
        "docs_sdk13r1_pbxcdr_basic_call_A100_calls_B101.xmlfrag": 2,
        "docs_sdk13r1_pbxcdr_blind_transfer_with_consultation.xmlfrag": 4,
        "docs_sdk13r1_pbxcdr_blind_transfer_without_consultation.xmlfrag": 4,
        "docs_sdk13r1_pbxcdr_call_forward_no_reply_cfnr.xmlfrag": 4,
        "docs_sdk13r1_pbxcdr_call_forward_unconditional_cfu.xmlfrag": 3,
        "docs_sdk13r1_pbxcdr_transfer_with_consultation.xmlfrag": 4,
        "docs_wiki14r2_pbxcdr_transfer_objectA_excerpt.xmlfrag": 1,
    ]

    func testEverySampleCDRBecomesARecord() throws {
        for (name, count) in samples {
            let outcome = try Innovaphone.sample("pbx-xml/" + name)
            XCTAssertEqual(outcome.problems, [], name)
            XCTAssertEqual(outcome.records.count, count, name)
            try Innovaphone.harness().assertChunkingDoesNotMatter(try PluginHarness.sharedSample("innovaphone/pbx-xml/" + name))
        }
    }

    func testBasicCallAtoB() throws {
        let r = try Innovaphone.sample("pbx-xml/docs_sdk13r1_pbxcdr_basic_call_A100_calls_B101.xmlfrag").records
        assertRecord(r.first, Expected(id: "e78cb2b8e909d31188ce0090330602e8:from:1272551262:e89277f0e909d31192e80090331032dd",
            correlation: "e89277f0e909d31192e80090331032dd", start: 1_272_551_262, answer: 1_272_551_264, end: 1_272_551_266,
            calling: "100", called: "101", originalCalled: "101", connected: "101", ext: "100", remote: "101",
            direction: .internal, disposition: .answered, device: "a", remoteDevice: "b", cause: 0,
            extra: ["billable": "1", "dir": "from", "object": "a", "local_offset_s": "7200"]))
        assertRecord(r.last, Expected(id: "9362bef8e909d31188ce0090330602e8:to:1272551263:e89277f0e909d31192e80090331032dd",
            correlation: "e89277f0e909d31192e80090331032dd", start: 1_272_551_263, answer: 1_272_551_264, end: 1_272_551_266,
            calling: "100", called: "101", originalCalled: "101", connected: "101", ext: "101", remote: "100",
            direction: .internal, disposition: .answered, device: "b", remoteDevice: "a", cause: 0,
            extra: ["billable": "0", "dir": "to", "object": "b", "local_offset_s": "7200"]))
    }

    func testForwardNoReplyGivesTheForwarderAnUnansweredAndAForwardingRecord() throws {
        let r = try Innovaphone.sample("pbx-xml/docs_sdk13r1_pbxcdr_call_forward_no_reply_cfnr.xmlfrag").records
        let conf = "f5092783e909d31192e80090331032dd"
        assertRecord(r[1], Expected(id: "9362bef8e909d31188ce0090330602e8:to:1272552610:" + conf, correlation: conf,
            start: 1_272_552_610, answer: nil, end: 1_272_552_614,
            calling: "100", called: "101", originalCalled: "101", ext: "101", remote: "100",
            direction: .internal, disposition: .noAnswer, device: "b", remoteDevice: "a", cause: 0,
            extra: ["billable": "0", "dir": "to", "object": "b", "local_offset_s": "7200"]))
        assertRecord(r[2], Expected(id: "9362bef8e909d31188ce0090330602e8:cf:1272552614:" + conf, correlation: conf,
            start: 1_272_552_614, answer: 1_272_552_617, end: 1_272_552_618,
            calling: "100", called: "102", originalCalled: "101", connected: "102", redirecting: "101", ext: "101", remote: "102",
            direction: .internal, disposition: .answered, flags: .forwarded, cause: 0,
            extra: ["billable": "1", "dir": "cf", "object": "b", "local_offset_s": "7200"]))
    }

    func testWiki14r2RecordUsesItsIdAndRelativeEventTimes() throws {
        let r = try Innovaphone.sample("pbx-xml/docs_wiki14r2_pbxcdr_transfer_objectA_excerpt.xmlfrag").records
        assertRecord(r.first, Expected(id: "df052c5c1ee56701d7240090334209f2", correlation: "9ce01d5b1ee56701e054009033300cdb",
            start: 1_743_068_764, answer: 1_743_068_769, end: 1_743_068_804,
            calling: "201", called: "203", originalCalled: "202", connected: "203", ext: "201", remote: "203",
            direction: .internal, disposition: .answered, flags: .transferred, device: "a", remoteDevice: "c", cause: nil,
            extra: ["billable": "1", "dir": "from", "object": "a", "seq": "17", "local_offset_s": "3600"]))
    }

    func testTheSDKPageItselfIsNotMistakenForCDRs() throws {
        let outcome = try Innovaphone.sample("pbx-xml/innovaphone-sdk13r1_doc_pbx_cdr.htm")
        XCTAssertEqual(outcome.records, [])
    }
}
