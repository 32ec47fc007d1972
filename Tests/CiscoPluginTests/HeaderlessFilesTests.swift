import XCTest

/// Files without a header are read with the `columns` option, or with the layout that matches the
/// field count of their rows.
final class HeaderlessFilesUseColumnsOptionOrFieldCountTests: XCTestCase {
    private let t = fixtureBase

    private var outgoing40001: CallFields {
        expectedCall(
            id: "c0ffee00-0000-4000-8000-000000040001", correlation: "StandAloneCluster:1:40001",
            start: t + 5000, answer: t + 5005, end: t + 5065, talkSeconds: 60,
            calling: "2004", called: "00305550999", originalCalled: "00305550999", connected: "00305550999",
            extension: "2004", remote: "+49305550999", direction: .outgoing, disposition: .answered,
            trunk: "BER-GW01", device: "CSFMUELLER", cause: 16, flags: .remoteNetworkFormat,
            extra: cucmExtra(origIP: "10.20.30.204", destIP: "10.20.1.10", origCause: "16", destCause: "0",
                             patternUsage: "5"))
    }

    private var incoming40002: CallFields {
        expectedCall(
            id: "c0ffee00-0000-4000-8000-000000040002", correlation: "StandAloneCluster:1:40002",
            start: t + 5100, answer: t + 5103, end: t + 5113, talkSeconds: 10,
            calling: "+4917655502222", called: "2004", originalCalled: "2004", connected: "2004",
            extension: "2004", remote: "+4917655502222", direction: .incoming, disposition: .answered,
            trunk: "SIP-PSTN-TRUNK", device: "CSFMUELLER", cause: 16,
            extra: cucmExtra(origIP: "10.20.1.20", destIP: "10.20.30.204", origCause: "0", destCause: "16",
                             patternUsage: "2"))
    }

    func test129ColumnsOptionAsString() throws {
        let outcome = try parseFixture("cdr_headerless_129.txt", options: #"{"columns":"129"}"#)
        XCTAssertEqual(outcome.rejects, [])
        XCTAssertEqual(outcome.records.count, 2)
        assertRecord(outcome.records.first, outgoing40001)
        assertRecord(outcome.records.dropFirst().first, incoming40002)
        XCTAssertEqual(outcome.records.first?.sourceOffset, 0)
    }

    func test129ColumnsOptionAsNumber() throws {
        let outcome = try parseFixture("cdr_headerless_129.txt", options: #"{"columns":129}"#)
        XCTAssertEqual(outcome.records.map(\.fields), [outgoing40001, incoming40002])
    }

    func test129InferredFromFieldCountWithoutOption() throws {
        let outcome = try parseFixture("cdr_headerless_129.txt")
        XCTAssertEqual(outcome.rejects, [])
        XCTAssertEqual(outcome.records.map(\.fields), [outgoing40001, incoming40002])
    }

    func test133ColumnsOptionAndInference() throws {
        for options in [#"{"columns":"133"}"#, "{}"] {
            let outcome = try parseFixture("cdr_headerless_133.txt", options: options)
            XCTAssertEqual(outcome.rejects, [], options)
            XCTAssertEqual(outcome.records.count, 2, options)
            assertRecord(outcome.records.first, expectedCall(
                id: "c0ffee00-0000-4000-8000-000000050001", correlation: "StandAloneCluster:1:50001",
                start: t + 6000, answer: t + 6002, end: t + 6010, talkSeconds: 8,
                calling: "2101", called: "2102", originalCalled: "2102", connected: "2102",
                extension: "2101", remote: "2102", direction: .internalCall, disposition: .answered,
                device: "SEP00505600B101", remoteDevice: "SEP00505600B102", cause: 16,
                extra: cucmExtra(origIP: "10.20.31.101", destIP: "10.20.31.102", origCause: "16", destCause: "0",
                                 patternUsage: "2")))
            // Abandoned incoming call: both causes 0.
            assertRecord(outcome.records.dropFirst().first, expectedCall(
                id: "c0ffee00-0000-4000-8000-000000050002", correlation: "StandAloneCluster:1:50002",
                start: t + 6100, end: t + 6130, talkSeconds: 0,
                calling: "+4917655503333", called: "2101", originalCalled: "2101",
                extension: "2101", remote: "+4917655503333", direction: .incoming, disposition: .noAnswer,
                trunk: "SIP-PSTN-TRUNK", device: "SEP00505600B101", cause: 0,
                extra: cucmExtra(origIP: "10.20.1.20", destIP: "10.20.31.101", origCause: "0", destCause: "0",
                                 patternUsage: "2")))
        }
    }

    func testWrongColumnsOptionRejectsEveryRowAsMalformed() throws {
        let outcome = try parseFixture("cdr_headerless_129.txt", options: #"{"columns":"133"}"#)
        XCTAssertEqual(outcome.records, [])
        XCTAssertEqual(outcome.rejects.map(\.reason), [ParsedReject.malformed, ParsedReject.malformed])
        XCTAssertEqual(outcome.rejects.map(\.message), ["wrong number of fields", "wrong number of fields"])
    }

    func testUnknownFieldCountWithoutHeaderOrOptionIsMalformed() throws {
        let input = Array("1,2,3,4\n1,2,3,4\n".utf8)
        let outcome = try CiscoPluginHarness.parse(input)
        XCTAssertEqual(outcome.records, [])
        XCTAssertEqual(outcome.rejects.map(\.reason), [ParsedReject.malformed, ParsedReject.malformed])
        XCTAssertEqual(outcome.rejects.map(\.message), ["no header and no columns option", "no header and no columns option"])
    }
}
