import PluginTestSupport
import TollbookCore
import XCTest

/// The lines of a fixture file with their byte spans, to build expected records and rejects.
struct FixtureLines {
    /// One line: its span (with the line break) and its content (without line break and leading
    /// form feeds), as the plugin hashes it for the record id.
    struct Line {
        let offset: UInt64
        let raw: [UInt8]
        let content: [UInt8]
    }

    let lines: [Line]

    /// Splits `bytes` at LF.
    init(_ bytes: [UInt8]) {
        var result: [Line] = []
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            let next = min(end + 1, bytes.count)
            var content = Array(bytes[start..<end])
            while content.last == 0x0D || content.last == 0x0C { content.removeLast() }
            while content.first == 0x0C { content.removeFirst() }
            result.append(Line(offset: UInt64(start), raw: Array(bytes[start..<next]), content: content))
            start = next
        }
        lines = result
    }

    subscript(index: Int) -> Line { lines[index] }
}

/// 64-bit FNV-1a as lower-case hex: the test's own implementation of the documented id hash.
func fnv1aHex(_ bytes: [UInt8]) -> String {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in bytes {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01B3
    }
    let text = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - text.count) + text
}

/// UTC milliseconds of an ISO 8601 literal written in the test.
func utc(_ text: String) -> Int64 {
    guard let value = UTCTimestamp.parse(text) else {
        XCTFail("bad time literal \(text)")
        return 0
    }
    return value
}

/// Builds the expected record of `line`: `stamp` is the `YYMMDDhhmmss` id prefix, times are UTC
/// literals, `ring`/`talk` the milliseconds the host stores.
func expected(
    _ line: FixtureLines.Line, stamp: String, start: String, answer: String?, end: String, ring: Int64, talk: Int64,
    _ direction: Direction, _ disposition: Disposition, flags: CallFlags = [], calling: String, called: String,
    originalCalled: String = "", redirecting: String = "", extension ext: String, remote: String,
    account: String = "", trunk: String, units: Int64? = nil, minor: Int64? = nil, currency: String = "",
    extra: [(String, String)]
) -> CallRecord {
    let id = stamp + "-" + fnv1aHex(line.content)
    return CallRecord(
        vendorRecordID: id, correlationID: id, startMs: utc(start), answerMs: answer.map(utc), endMs: utc(end),
        ringMs: ring, talkMs: talk, direction: direction, disposition: disposition, flags: flags,
        parties: CallParties(calling: calling, called: called, originalCalled: originalCalled, redirecting: redirecting,
                             extension: ext, remote: remote, accountCode: account),
        trunk: trunk, chargeUnits: units, chargeMinor: minor, chargeCurrency: currency,
        sourceOffset: line.offset, sourceLength: UInt64(line.raw.count),
        extra: extra.map { VendorField(key: $0.0, value: $0.1) })
}

/// Compares record lists one by one (so a failure names the record) and their count.
func assertRecords(_ actual: [CallRecord], _ expectedRecords: [CallRecord], file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.count, expectedRecords.count, "record count", file: file, line: line)
    for (index, pair) in zip(actual, expectedRecords).enumerated() where pair.0 != pair.1 {
        XCTFail("record \(index) differs:\n actual   \(pair.0)\n expected \(pair.1)", file: file, line: line)
    }
}

/// The loaded plugin, shared by the tests of one process.
enum Unify {
    nonisolated(unsafe) private static var cached: PluginHarness?

    /// The harness for `libTollbookUnify.so`.
    static func harness() throws -> PluginHarness {
        if let cached { return cached }
        let harness = try PluginHarness(product: "TollbookUnify")
        cached = harness
        return harness
    }
}
