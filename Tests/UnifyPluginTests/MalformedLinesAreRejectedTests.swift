import PluginTestSupport
import TollbookCore
import XCTest

/// `unify_malformed.txt`: every bad line becomes one reject naming the field, without digits in
/// the message; the good lines around them still become records (the last one has no line break).
final class MalformedLinesAreRejectedTests: XCTestCase {
    func testBadLinesAreRejectedAndParsingGoesOn() throws {
        let bytes = try PluginHarness.fixture("unify/unify_malformed.txt")
        let f = FixtureLines(bytes)
        let outcome = try Unify.harness().parse(bytes)
        assertRecords(outcome.records, [
            expected(f[0], stamp: "250303140000", start: "2025-03-03T12:59:00Z", answer: "2025-03-03T12:59:00Z",
                     end: "2025-03-03T13:00:00Z", ring: 0, talk: 60_000, .outgoing, .answered,
                     calling: "101", called: "0305550123", extension: "101", remote: "0305550123", trunk: "1", units: 1,
                     extra: [("layout", "pipe"), ("information_element", "2")]),
            expected(f[14], stamp: "250303141300", start: "2025-03-03T13:12:00Z", answer: "2025-03-03T13:12:00Z",
                     end: "2025-03-03T13:13:00Z", ring: 0, talk: 60_000, .outgoing, .answered,
                     calling: "101", called: "0305550123", extension: "101", remote: "0305550123", trunk: "1", units: 1,
                     extra: [("layout", "compressed"), ("information_element", "2")]),
            expected(f[16], stamp: "250303141400", start: "2025-03-03T13:13:50Z", answer: "2025-03-03T13:13:50Z",
                     end: "2025-03-03T13:14:00Z", ring: 0, talk: 10_000, .outgoing, .answered,
                     calling: "102", called: "0305550124", extension: "102", remote: "0305550124", trunk: "1",
                     extra: [("layout", "pipe"), ("information_element", "2")]),
        ])
        let expectedRejects: [(Int, RejectReason, String)] = [
            (1, .outOfRange, "date"), (2, .outOfRange, "date"), (3, .outOfRange, "time"),
            (4, .outOfRange, "information_element"), (5, .missingField, "information_element"),
            (6, .missingField, "extension"), (7, .malformed, ""), (8, .malformed, "number"),
            (9, .outOfRange, "charge"), (10, .outOfRange, "ring_time"), (11, .outOfRange, "duration"),
            (12, .malformed, ""), (13, .malformed, ""),
        ]
        XCTAssertEqual(outcome.rejects.count, expectedRejects.count)
        for (reject, want) in zip(outcome.rejects, expectedRejects) {
            XCTAssertEqual(reject.reason, want.1, "line \(want.0)")
            XCTAssertEqual(reject.field, want.2, "line \(want.0)")
            XCTAssertEqual(reject.sourceOffset, f[want.0].offset, "line \(want.0)")
            XCTAssertEqual(reject.raw, f[want.0].raw, "line \(want.0)")
            XCTAssertFalse(reject.message.isEmpty, "line \(want.0)")
            XCTAssertFalse(reject.message.contains { $0.isNumber }, "message of line \(want.0) holds a digit")
        }
        XCTAssertEqual(outcome.skipped, 1, "the blank line")
    }

    func testTruncatedLastLineIsRejectedAsTruncated() throws {
        let line = Array("03.03.25|14:00:00|1|101||00:01:00|0305550123|1|2||||".utf8)
        let outcome = try Unify.harness().parse(Array(line[..<20]))
        XCTAssertEqual(outcome.records, [])
        XCTAssertEqual(outcome.rejects.map(\.reason), [.truncated])
        XCTAssertEqual(outcome.rejects.first?.raw, Array(line[..<20]))
        let terminated = try Unify.harness().parse(Array(line[..<20]) + [0x0D, 0x0A])
        XCTAssertEqual(terminated.rejects.map(\.reason), [.malformed], "a complete short line is malformed")
    }

    func testUnknownInformationElementsAreRejected() throws {
        for code in ["10", "49", "60", "99", "x"] {
            let line = "03.03.25|14:00:00|1|101||00:01:00|0305550123|1|\(code)||||\r\n"
            let outcome = try Unify.harness().parse(Array(line.utf8))
            XCTAssertEqual(outcome.records, [], code)
            XCTAssertEqual(outcome.rejects.map(\.field), ["information_element"], code)
        }
    }

    func testDISARingingNoticeIsSkipped() throws {
        let line = "03.03.25|14:00:00|1|101|||0305550123||50|||||\r\n"
        let outcome = try Unify.harness().parse(Array(line.utf8))
        XCTAssertEqual(outcome.records, [])
        XCTAssertEqual(outcome.rejects, [])
        XCTAssertEqual(outcome.skipped, 1)
    }
}
