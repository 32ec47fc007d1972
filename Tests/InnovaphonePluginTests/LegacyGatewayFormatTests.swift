import PluginTestSupport
import TollbookCore
import XCTest

/// The deprecated gateway-level CDRs (savecdrs SampleCDRs/s1..s12): one record per `B:Rel` block.
final class LegacyGatewayFormatTests: XCTestCase {
    func testS1GivesOneAnsweredCallFromItsReleaseBlock() throws {
        let outcome = try Innovaphone.sample("gateway-legacy/s1.txt")
        XCTAssertEqual(outcome.problems, [])
        XCTAssertEqual(outcome.records.count, 1)
        assertRecord(outcome.records.first, Expected(id: "453b6335e909d311b89e009033060014:885:1",
            correlation: "453b6335e909d311b89e009033060014", start: 876, answer: 879, end: 883,
            calling: "070317300932", called: "44", originalCalled: "44", connected: "44",
            direction: .unknown, disposition: .answered, device: "TEL1", remoteDevice: "GW1", cause: nil,
            extra: ["src_if": "TEL1", "dst_if": "GW1"]))
    }

    func testS5WithTrunkInterfacesGivesAnIncomingAndAnInternalCall() throws {
        let outcome = try Innovaphone.sample("gateway-legacy/s5.txt", options: #"{"trunk_interfaces":["GW1"]}"#)
        XCTAssertEqual(outcome.problems, [])
        XCTAssertEqual(outcome.records.count, 2)
        assertRecord(outcome.records.first, Expected(id: "d8fe8305e909d311b89e009033060014:1889:1",
            correlation: "d8fe8305e909d311b89e009033060014", start: 1865, answer: 1885, end: 1889,
            calling: "0070317300932", called: "07033529969", originalCalled: "07033529969", connected: "07033529969",
            ext: "07033529969", remote: "0070317300932",
            direction: .incoming, disposition: .answered, trunk: "GW1", device: "TEL1", cause: 16,
            extra: ["src_if": "GW1", "dst_if": "TEL1"]))
        assertRecord(outcome.records.last, Expected(id: "d8fe8305e909d311b89e009033060014:1891:2",
            correlation: "d8fe8305e909d311b89e009033060014", start: 1865, answer: 1885, end: 1889,
            calling: "070317300932", called: "44", originalCalled: "44", connected: "44",
            ext: "070317300932", remote: "44",
            direction: .outgoing, disposition: .answered, trunk: "GW1", device: "TEL1", cause: 16,
            extra: ["src_if": "TEL1", "dst_if": "GW1"]))
    }

    func testEverySampleParsesWithoutRejectsAndOneRecordPerReleaseBlock() throws {
        let expected = ["s1": 1, "s2": 1, "s3": 1, "s4": 1, "s5": 2, "s6": 2, "s7": 2, "s8": 2, "s9": 2, "s10": 1, "s11": 1, "s12": 1]
        for (name, count) in expected {
            let outcome = try Innovaphone.sample("gateway-legacy/\(name).txt")
            XCTAssertEqual(outcome.problems, [], name)
            XCTAssertEqual(outcome.records.count, count, name)
            try Innovaphone.harness().assertChunkingDoesNotMatter(try PluginHarness.sharedSample("innovaphone/gateway-legacy/\(name).txt"))
        }
    }

    func testBrokenBlocksAreRejected() throws {
        let text = "    event B:Rel\n    time soon\n    ref 01\nend\n    event B:Rel\n    time 5\nend\n    event A:Call\n    time 5\n    event A:Rel\n    time 6\n    ref 02\nend\n    event B:Call\n    ref 03\n"
        let outcome = try Innovaphone.text(text)
        XCTAssertEqual(outcome.records, [])
        XCTAssertEqual(outcome.problems, ["out_of_range|time|not a non-negative integer", "missing_field|ref|gateway CDR block without ref",
                                          "truncated||gateway CDR block without end line", "truncated||input ends inside a gateway CDR block"])
    }
}
