import PluginAPI
import XCTest

/// LF, CRLF and a last line without a line break.
final class LineEndingsAreHandledTests: XCTestCase {
    private let t = fixtureBase

    private func simpleCall(_ callID: Int, _ offset: Int64) -> CallFields {
        expectedCall(
            id: "c0ffee00-0000-4000-8000-0000000\(callID)", correlation: "StandAloneCluster:1:\(callID)",
            start: t + offset, answer: t + offset + 2, end: t + offset + 12, talkSeconds: 10,
            calling: "2001", called: "2002", originalCalled: "2002", connected: "2002",
            extension: "2001", remote: "2002", direction: .internalCall, disposition: .answered,
            device: "SEP00505600A001", remoteDevice: "SEP00505600A002", cause: 16,
            extra: cucmExtra(origIP: "10.20.30.201", destIP: "10.20.30.202", origCause: "16", destCause: "0",
                             patternUsage: "2"))
    }

    func testLastLineWithoutNewlineIsReadAtEndOfInput() throws {
        let input = try CiscoPluginHarness.fixture("cdr_no_trailing_newline.txt")
        XCTAssertNotEqual(input.last, 0x0A)
        let outcome = try parseFixture("cdr_no_trailing_newline.txt")
        XCTAssertEqual(outcome.records.map(\.fields), [simpleCall(12001, 15000), simpleCall(12002, 15100)])
        XCTAssertEqual(outcome.records.last.map { $0.sourceOffset + $0.sourceLength }, UInt64(input.count))
    }

    func testLastLineWithoutNewlineIsNotConsumedBeforeEndOfInput() throws {
        let input = try CiscoPluginHarness.fixture("cdr_no_trailing_newline.txt")
        // Feed everything without the end flag through the raw ABI: the last line must stay unconsumed.
        let descriptor = try CiscoPluginHarness.descriptor()
        let lastLineStart = (input.lastIndex(of: 0x0A) ?? -1) + 1
        var host = makeSilentHost()
        var config = tb_parser_config()
        config.struct_size = UInt32(MemoryLayout<tb_parser_config>.size)
        var parser: OpaquePointer?
        XCTAssertEqual(descriptor.pointee.create?(&host, &config, &parser), 0)
        defer { descriptor.pointee.destroy?(parser) }
        var consumed = -1
        let status = input.withUnsafeBufferPointer {
            descriptor.pointee.feed?(parser, $0.baseAddress, $0.count, 0, 0, &consumed)
        }
        XCTAssertEqual(status, 0)
        XCTAssertEqual(consumed, lastLineStart)
    }

    func testCRLFFileWithBlankLine() throws {
        let outcome = try parseFixture("cdr_crlf.txt")
        assertSkipped(outcome, ["header line", "field type line", "blank line"])
        XCTAssertEqual(outcome.records.map(\.fields), [simpleCall(13001, 16000), simpleCall(13002, 16100)])
        // The CR belongs to the line ending, not to the last field.
        XCTAssertEqual(outcome.skipped.last?.sourceLength, 2)
    }
}
