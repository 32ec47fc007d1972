import Foundation
import Host
import PluginTestSupport
import TestSupport
import TollbookCore
import XCTest

/// Both SDK examples — the C plugin and the Swift template — driven through the real host
/// (dlopen, ABI checks, parser sessions): every kind of line gets its record, reject reason and
/// field, every byte is accounted for, chunk boundaries change nothing, and the two plugins
/// produce identical output for the same input.
final class ExamplePluginsHonourTheContractTests: XCTestCase {
    /// Lines of every kind, with the BOM, CR LF line ends, UTF-8 text and an unfinished last line.
    private static let skippedLines: [[UInt8]] = [
        [0xEF, 0xBB, 0xBF] + Array("id,start_utc,ring_s,talk_s,direction,calling,called,trunk\r\n".utf8),
        Array("\r\n".utf8),
        Array("# exported by hand\n".utf8),
    ]
    private static let input: [UInt8] = skippedLines[0]
        + Array("a1,2025-03-30T00:59:58Z,1,5,out,201,+4930111,t1\r\n".utf8)
        + skippedLines[1] + skippedLines[2]
        + Array("a2,2025-02-29T10:00:00Z,1,5,out,201,+4930111,t1\n".utf8)
        + Array("a3,2025-03-01T10:00:00Z,1,5,sideways,201,+4930111,t1\n".utf8)
        + Array(",2025-03-01T10:00:00Z,1,5,in,201,+4930111,t1\n".utf8)
        + Array("a4,2025-03-01T10:00:00Z,1,5,in,201,,t1\n".utf8)
        + Array("a5,2025-03-01T10:00:00Z,1,5,in,201\n".utf8)
        + Array("a6,2025-03-01T10:00:00Z,1,5,in,2".utf8) + [0xFF] + Array("1,202,t1\n".utf8)
        + Array("a7,2025-03-01T10:00:00Z,1,5,in,201,202,t1,x\n".utf8)
        + Array("a8,2025-03-01T23:59:59Z,7,0,internal,201,202,Zoë\n".utf8)
        + Array("a9,2025-03-01T10:00:0".utf8)

    /// (reason, field) of each reject, in input order.
    private static let expectedRejects: [(RejectReason, String)] = [
        (.outOfRange, "start_utc"), (.outOfRange, "direction"), (.missingField, "id"), (.missingField, "called"),
        (.malformed, ""), (.malformed, ""), (.malformed, ""), (.truncated, ""),
    ]

    private func harnesses() throws -> [(name: String, harness: PluginHarness)] {
        let c = try SDKBuilds.cMinimalPluginDirectory().appendingPathComponent("libtollbook_cminimal.so")
        let swift = try SDKBuilds.swiftTemplatePlugin().plugin
        return [("C example", try PluginHarness(path: c.path)), ("Swift template", try PluginHarness(path: swift.path))]
    }

    func testEveryKindOfLineIsRecordedRejectedOrSkipped() throws {
        for (name, harness) in try harnesses() {
            let outcome = try harness.parse(Self.input, timeZone: "UTC")
            XCTAssertEqual(outcome.records.map(\.vendorRecordID), ["a1", "a8"], name)
            XCTAssertEqual(outcome.skipped, 3, name)
            XCTAssertEqual(outcome.rejects.map(\.reason), Self.expectedRejects.map(\.0), name)
            XCTAssertEqual(outcome.rejects.map(\.field), Self.expectedRejects.map(\.1), name)
            XCTAssertEqual(outcome.rejects.last.map { String(decoding: $0.raw, as: UTF8.self) }, "a9,2025-03-01T10:00:0", name)
            XCTAssertTrue(outcome.rejects.allSatisfy { !$0.message.isEmpty }, name)

            guard outcome.records.count == 2 else { continue }
            let a1 = outcome.records[0]
            XCTAssertEqual(a1.startMs, 1_743_296_398_000, name)
            XCTAssertEqual(a1.answerMs, 1_743_296_399_000, name)
            XCTAssertEqual(a1.endMs, 1_743_296_404_000, name)
            XCTAssertEqual(a1.ringMs, 1_000, name)
            XCTAssertEqual(a1.talkMs, 5_000, name)
            XCTAssertEqual(a1.direction, .outgoing, name)
            XCTAssertEqual(a1.disposition, .answered, name)
            XCTAssertEqual(a1.parties.extension, "201", name)
            XCTAssertEqual(a1.parties.remote, "+4930111", name)
            XCTAssertEqual(a1.trunk, "t1", name)
            XCTAssertEqual(a1.sourceOffset, UInt64(Self.skippedLines[0].count), name)
            XCTAssertEqual(a1.sourceLength, 49, "the span includes the CR LF (\(name))")

            let a8 = outcome.records[1]
            XCTAssertEqual(a8.startMs, 1_740_873_599_000, name)
            XCTAssertNil(a8.answerMs, name)
            XCTAssertEqual(a8.endMs, 1_740_873_606_000, name)
            XCTAssertEqual(a8.ringMs, 7_000, name)
            XCTAssertEqual(a8.talkMs, 0, name)
            XCTAssertEqual(a8.direction, .internal, name)
            XCTAssertEqual(a8.disposition, .noAnswer, name)
            // UTF-8 text in a text field (a name in a number field would be refused at import).
            XCTAssertEqual(a8.parties.calling, "201", name)
            XCTAssertEqual(a8.trunk, "Zoë", name)
        }
    }

    func testEveryByteIsAccountedForExactlyOnce() throws {
        let skippedBytes = Self.skippedLines.reduce(0) { $0 + $1.count }
        for (name, harness) in try harnesses() {
            let outcome = try harness.parse(Self.input, chunkSize: 5, timeZone: "UTC")
            XCTAssertFalse(outcome.rejects.contains { $0.reason == .pluginViolation }, name)
            let recordBytes = outcome.records.reduce(0) { $0 + Int($1.sourceLength) }
            let rejectBytes = outcome.rejects.reduce(0) { $0 + $1.raw.count }
            XCTAssertEqual(recordBytes + rejectBytes + skippedBytes, Self.input.count, name)
            // Spans follow each other without gaps or overlaps among records and rejects.
            let spans = (outcome.records.map { ($0.sourceOffset, $0.sourceLength) }
                         + outcome.rejects.map { ($0.sourceOffset, UInt64($0.raw.count)) }).sorted { $0.0 < $1.0 }
            for (first, second) in zip(spans, spans.dropFirst()) {
                XCTAssertLessThanOrEqual(first.0 + first.1, second.0, "overlapping spans (\(name))")
            }
        }
    }

    func testChunkBoundariesChangeNothing() throws {
        let sample = Array(try Data(contentsOf: SDKBuilds.sample))
        for (_, harness) in try harnesses() {
            try harness.assertChunkingDoesNotMatter(Self.input, timeZone: "UTC")
            try harness.assertChunkingDoesNotMatter(sample, timeZone: "UTC")
        }
    }

    func testAFinalLineWithoutLineBreakIsStillARecord() throws {
        for (name, harness) in try harnesses() {
            let outcome = try harness.parse(Array("b1,2025-03-01T10:00:00Z,2,3,in,+4930111,203,t2".utf8), timeZone: "UTC")
            XCTAssertEqual(outcome.records.map(\.vendorRecordID), ["b1"], name)
            XCTAssertEqual(outcome.records.first?.parties.extension, "203", name)
            XCTAssertEqual(outcome.rejects, [], name)
        }
    }

    func testTheCAndSwiftExamplesAgree() throws {
        let sample = Array(try Data(contentsOf: SDKBuilds.sample))
        let plugins = try harnesses()
        for bytes in [Self.input, sample] {
            for options in ["{}", "{\"node\":\"pbx-7\"}"] {
                let c = try plugins[0].harness.parse(bytes, options: options, chunkSize: 3, timeZone: "UTC")
                let swift = try plugins[1].harness.parse(bytes, options: options, chunkSize: 3, timeZone: "UTC")
                XCTAssertEqual(c.records, swift.records, options)
                XCTAssertEqual(c.rejects, swift.rejects, options)
                XCTAssertEqual(c.skipped, swift.skipped, options)
            }
        }
        let node = try plugins[1].harness.parse(sample, options: "{\"node\":\"pbx-7\"}", timeZone: "UTC")
        XCTAssertEqual(node.records.first?.correlationID, "pbx-7:c-1001")
    }

    func testInvalidOptionsAreRefusedNamingTheKey() throws {
        for (name, harness) in try harnesses() {
            for (options, key) in [("{\"nodes\":\"x\"}", "nodes"), ("{\"node\":\"a b\"}", "node"), ("{\"node\":7}", "node"),
                                   ("[1]", "")] {
                XCTAssertThrowsError(try harness.parse(Self.input, options: options), "\(name) \(options)") { error in
                    guard case let HostError.invalidOptions(_, actualKey, message) = error else {
                        return XCTFail("\(name) \(options): \(error)")
                    }
                    XCTAssertEqual(actualKey, key, "\(name) \(options)")
                    XCTAssertFalse(message.isEmpty, "\(name) \(options)")
                }
            }
        }
    }
}
