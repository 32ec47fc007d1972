import Host
import TestSupport
import TollbookCore
import XCTest

/// Feeding plugins through a parser session: chunking, validation of what plugins return.
final class ParserSessionTests: XCTestCase {
    var fixture: PluginFixture!
    let utc = WallClockConverter(identifier: "UTC")!
    let input = """
        # two calls, one comment, one broken line
        1|1700000000|1700000005|1700000065|100|200
        bad line
        2|1700000100|0|1700000130|100|201
        """

    override func setUpWithError() throws {
        fixture = try PluginFixture()
    }

    override func tearDown() {
        fixture.remove()
    }

    private func parse(_ text: String, plugin: PluginLibrary, chunk: Int, converter: WallClockConverter? = nil) throws -> ParserOutput {
        let session = try ParserSession(plugin: plugin, optionsJSON: "{}", sourceName: "t.pipe", timeZone: converter ?? utc)
        var records: [CallRecord] = []
        var rejects: [QuarantinedInput] = []
        var skipped = 0
        let bytes = Array(text.utf8)
        var index = 0
        func collect() {
            let output = session.takeOutput()
            records += output.records
            rejects += output.rejects
            skipped += output.skipped
        }
        while index < bytes.count {
            let end = min(index + chunk, bytes.count)
            try bytes[index..<end].withUnsafeBytes { try session.feed($0) }
            collect()
            index = end
        }
        try session.finish()
        collect()
        XCTAssertEqual(session.consumedBytes, UInt64(bytes.count))
        return ParserOutput(calls: CallBatch(records), rejects: rejects, skipped: skipped)
    }

    func testRecordsAndRejectsAreTheSameWhateverTheChunkSize() throws {
        let plugin = try PluginLibrary(path: try fixture.plugin("libpipe.so").path)
        let whole = try parse(input, plugin: plugin, chunk: 1 << 20)
        XCTAssertEqual(whole.records.count, 2)
        XCTAssertEqual(whole.skipped, 1)
        XCTAssertEqual(whole.rejects, [QuarantinedInput(
            reason: .malformed, sourceOffset: 85, raw: Array("bad line\n".utf8), field: "", message: "expected 6 fields")])
        let first = whole.records[0]
        XCTAssertEqual(first.vendorRecordID, "1")
        XCTAssertEqual(first.startMs, 1_700_000_000_000)
        XCTAssertEqual(first.answerMs, 1_700_000_005_000)
        XCTAssertEqual(first.endMs, 1_700_000_065_000)
        XCTAssertEqual(first.ringMs, 5000)
        XCTAssertEqual(first.talkMs, 60000)
        XCTAssertEqual(first.parties.calling, "100")
        XCTAssertEqual(first.parties.called, "200")
        XCTAssertEqual(first.disposition, .answered)
        XCTAssertEqual(first.sourceOffset, 42)
        XCTAssertEqual(first.sourceLength, 43)
        let second = whole.records[1]
        XCTAssertNil(second.answerMs)
        XCTAssertEqual(second.ringMs, 30000, "an unanswered leg rings from start to end")
        XCTAssertEqual(second.talkMs, 0)
        XCTAssertEqual(second.sourceLength, 33, "the last line has no newline and ends at end of input")
        for chunk in [1, 2, 7, 13] {
            let split = try parse(input, plugin: plugin, chunk: chunk)
            XCTAssertEqual(split.records, whole.records, "chunk size \(chunk)")
            XCTAssertEqual(split.rejects, whole.rejects, "chunk size \(chunk)")
            XCTAssertEqual(split.skipped, whole.skipped, "chunk size \(chunk)")
        }
    }

    func testLocalWallClockTimesAreConvertedWithTheSourceZone() throws {
        let plugin = try PluginLibrary(path: try fixture.plugin("liblocal.so", defines: ["TEST_LOCAL_TIME"]).path)
        let berlin = try XCTUnwrap(WallClockConverter(identifier: "Europe/Berlin"))
        // 2024-07-01 12:00:00 local (CEST, +02:00) and 2024-10-27 02:30:00 (the repeated hour).
        let text = "s|1719835200|0|1719835260|1|2\nw|1729996200|0|1729996260|1|2\n"
        let output = try parse(text, plugin: plugin, chunk: 1 << 20, converter: berlin)
        XCTAssertEqual(output.records[0].startMs, 1_719_828_000_000, "12:00 CEST is 10:00 UTC")
        XCTAssertEqual(output.records[0].flags, [])
        XCTAssertEqual(output.records[1].startMs, 1_729_989_000_000, "the earlier 02:30 (CEST) is 00:30 UTC")
        XCTAssertEqual(output.records[1].flags, [.ambiguousLocalTime])
    }

    func testStartDerivedFromEndAndDurationsCrossesTheSpringGapCorrectly() throws {
        let plugin = try PluginLibrary(path: try fixture.plugin("libderived.so", defines: ["TEST_LOCAL_TIME", "TEST_DERIVED_START"]).path)
        let berlin = try XCTUnwrap(WallClockConverter(identifier: "Europe/Berlin"))
        // Ended 2025-03-30 03:05 summer time (01:05 UTC) after 5 min ringing and 60 min talking:
        // it began at 01:00 winter time (00:00 UTC), before the clocks jumped from 02:00 to 03:00.
        // Wall-clock subtraction (03:05 − 65 min = 02:00) would name an hour that did not exist.
        let text = "d|300|3600|1743303900|1|2\nu|300|0|1743303900|1|2\n"
        let output = try parse(text, plugin: plugin, chunk: 1 << 20, converter: berlin)
        XCTAssertEqual(output.rejects, [])
        let answered = output.records[0]
        XCTAssertEqual(UTCTimestamp.iso8601(milliseconds: answered.endMs), "2025-03-30T01:05:00Z")
        XCTAssertEqual(answered.answerMs.map(UTCTimestamp.iso8601(milliseconds:)), "2025-03-30T00:05:00Z")
        XCTAssertEqual(UTCTimestamp.iso8601(milliseconds: answered.startMs), "2025-03-30T00:00:00Z")
        XCTAssertEqual(answered.talkMs, 3_600_000)
        XCTAssertEqual(answered.ringMs, 300_000)
        XCTAssertEqual(answered.flags, [])
        let unanswered = output.records[1]
        XCTAssertNil(unanswered.answerMs)
        XCTAssertEqual(UTCTimestamp.iso8601(milliseconds: unanswered.startMs), "2025-03-30T01:00:00Z")
        XCTAssertEqual(unanswered.ringMs, 300_000)
        XCTAssertEqual(unanswered.talkMs, 0)
    }

    func testNumberFieldThatIsNotADialStringIsRejectedAsMalformedAtImport() throws {
        // The pipe plugin passes numbers through as written: the host applies the number-field
        // rule (NumberField, the same as corpus.field_sanity) and names the ABI field.
        let plugin = try PluginLibrary(path: try fixture.plugin("libpipe.so").path)
        let lines = ["8|1700000000|1700000005|1700000065|9.12678E+11|200\n", "9|1700000100|0|1700000130|100|Anna\n",
                     "10|1700000200|0|1700000230|sip:anna@example.com|+49 30\n", "11|1700000300|0|1700000330|0176555XXXX|*31#\n"]
        let output = try parse(lines.joined(), plugin: plugin, chunk: 64)
        XCTAssertEqual(output.records.map(\.vendorRecordID), ["11"])
        var offset: UInt64 = 0
        var expected: [QuarantinedInput] = []
        for (line, field) in zip(lines.prefix(3), ["calling", "called", "called"]) {
            expected.append(QuarantinedInput(reason: .malformed, sourceOffset: offset, raw: Array(line.utf8), field: field,
                                             message: NumberField.rejectMessage))
            offset += UInt64(line.utf8.count)
        }
        XCTAssertEqual(output.rejects, expected)
    }

    func testRecordWithEndBeforeStartIsQuarantinedNotStored() throws {
        let plugin = try PluginLibrary(path: try fixture.plugin("libbad.so", defines: ["TEST_END_BEFORE_START"]).path)
        let output = try parse("7|1700000000|0|1700000010|1|2\n", plugin: plugin, chunk: 64)
        XCTAssertEqual(output.records, [])
        XCTAssertEqual(output.rejects, [QuarantinedInput(
            reason: .pluginViolation, sourceOffset: 0, raw: Array("7|1700000000|0|1700000010|1|2\n".utf8), field: "end",
            message: "invalid record from the connector: end lies before start")])
    }

    func testRecordStrideSmallerThanTheABIStopsTheSession() throws {
        let plugin = try PluginLibrary(path: try fixture.plugin("libstride.so", defines: ["TEST_SMALL_STRIDE"]).path)
        XCTAssertThrowsError(try parse("7|1700000000|0|1700000010|1|2\n", plugin: plugin, chunk: 64)) { error in
            XCTAssertEqual(error as? HostError, .contractViolation(
                connector: "test.pipe",
                detail: "record stride 16 is smaller than a version 1.0 record (\(HostABI.minimumRecordSize))"))
        }
    }

    func testInvalidOptionsNameTheKey() throws {
        let plugin = try PluginLibrary(path: try fixture.plugin("libpipe.so").path)
        XCTAssertThrowsError(try ParserSession(plugin: plugin, optionsJSON: #"{"x":"1"}"#, sourceName: "f", timeZone: utc)) { error in
            XCTAssertEqual(error as? HostError, .invalidOptions(connector: "test.pipe", key: "any", message: "this plugin takes no options"))
            XCTAssertEqual("\(error)", "connector test.pipe refused option 'any': this plugin takes no options")
        }
    }

    func testOptionsFromAssignmentsBecomeAJSONObjectOfStrings() throws {
        XCTAssertEqual(try ConnectorOptions.json(fromAssignments: ["columns=129", "trunk_patterns=GW*,SIP\"T*", "columns=133"]),
                       #"{"trunk_patterns":"GW*,SIP\"T*","columns":"133"}"#)
        XCTAssertEqual(try ConnectorOptions.json(fromAssignments: []), "{}")
        XCTAssertThrowsError(try ConnectorOptions.json(fromAssignments: ["novalue"])) {
            XCTAssertEqual($0 as? HostError, .malformedOption("novalue"))
        }
        XCTAssertThrowsError(try ConnectorOptions.json(fromAssignments: ["=x"]))
    }
}
