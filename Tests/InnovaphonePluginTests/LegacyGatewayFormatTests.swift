import Host
import PluginTestSupport
import TollbookCore
import XCTest

/// The deprecated gateway-level CDRs (savecdrs SampleCDRs/s1..s12): one record per `B:Rel`, `A:X`
/// and `B:X` block.
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

    func testEverySampleParsesWithoutRejectsAndOneRecordPerReleaseAndTransferBlock() throws {
        // (records = B:Rel + A:X + B:X blocks, skipped spans = all other blocks: one span each,
        // the indentation before `event` included)
        let expected: [String: (records: Int, skipped: Int)] = [
            "s1": (1, 7), "s2": (1, 7), "s3": (2, 11), "s4": (2, 7), "s5": (2, 15), "s6": (3, 16),
            "s7": (4, 17), "s8": (4, 16), "s9": (4, 16), "s10": (1, 8), "s11": (1, 8), "s12": (2, 7),
        ]
        for (name, want) in expected {
            let bytes = try PluginHarness.sharedSample("innovaphone/gateway-legacy/\(name).txt")
            let outcome = try Innovaphone.sample("gateway-legacy/\(name).txt")
            XCTAssertEqual(outcome.problems, [], name)
            XCTAssertEqual(outcome.records.count, want.records, name)
            XCTAssertEqual(outcome.skipped, want.skipped, name)
            // Byte accounting: the record and skipped spans tile the file exactly, without overlaps.
            var spans = outcome.records.map { ($0.sourceOffset, $0.sourceLength) }
            spans += outcome.rejects.map { ($0.sourceOffset, UInt64($0.raw.count)) }
            spans += outcome.skippedSpans.map { ($0.offset, $0.length) }
            spans.sort { $0.0 < $1.0 }
            var covered: UInt64 = 0
            for (offset, length) in spans {
                XCTAssertEqual(offset, covered, "\(name): gap or overlap at \(offset)")
                covered = offset + length
            }
            XCTAssertEqual(covered, UInt64(bytes.count), name)
            try Innovaphone.harness().assertChunkingDoesNotMatter(bytes)
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
