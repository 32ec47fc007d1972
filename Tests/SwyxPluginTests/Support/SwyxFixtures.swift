import Foundation
import Host
import PluginTestSupport
import TollbookCore
import XCTest

/// Loads the built `libTollbookSwyx.so` once for all tests.
enum Swyx {
    /// The harness around the plugin (loaded on first use).
    nonisolated(unsafe) static var loaded: PluginHarness?

    /// The harness, loading the plugin on first use.
    static func harness() throws -> PluginHarness {
        if let loaded { return loaded }
        let harness = try PluginHarness(product: "TollbookSwyx")
        loaded = harness
        return harness
    }

    /// Parses `Tests/Fixtures/swyx/<name>`.
    static func parse(_ name: String, options: String = "{}", chunkSize: Int = 1 << 20) throws -> PluginHarness.Outcome {
        try harness().parseFixture("swyx/" + name, options: options, chunkSize: chunkSize)
    }

    /// Parses bytes given inline.
    static func parse(text: String, options: String = "{}") throws -> PluginHarness.Outcome {
        try harness().parse(Array(text.utf8), options: options)
    }

    /// The bytes of `Tests/Fixtures/swyx/<name>`.
    static func bytes(_ name: String) throws -> [UInt8] {
        try PluginHarness.fixture("swyx/" + name)
    }

    /// The span (offset, length including the line ending) of 1-based line `number` of a fixture,
    /// found by splitting the bytes at LF (independently of the plugin).
    static func span(_ name: String, line number: Int) throws -> (offset: UInt64, length: UInt64) {
        let data = try bytes(name)
        var line = 1, start = 0
        for (index, byte) in data.enumerated() where byte == 0x0A {
            if line == number { return (UInt64(start), UInt64(index + 1 - start)) }
            line += 1
            start = index + 1
        }
        return (UInt64(start), UInt64(data.count - start))
    }

    /// UTC milliseconds of an ISO 8601 instant such as `2025-03-03T07:00:00Z` or
    /// `2025-03-03T07:00:12.347Z` (computed by Foundation, not by the plugin).
    static func utc(_ iso: String) -> Int64 {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = iso.contains(".") ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        guard let date = formatter.date(from: iso) else {
            XCTFail("bad instant in a test: \(iso)")
            return 0
        }
        return Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// The record with `id` (vendor record id), failing the test when there is none.
    static func record(_ outcome: PluginHarness.Outcome, _ id: String, file: StaticString = #filePath,
                       line: UInt = #line) -> CallRecord? {
        let found = outcome.records.first { $0.vendorRecordID == id }
        if found == nil { XCTFail("no record \(id)", file: file, line: line) }
        return found
    }

    /// The trunk device used throughout the fixtures.
    static let trunk = "SIP Trunk Telekom"
}

/// An expected record, written out by hand: every field has to be named by the test, except
/// those that are empty.
func expectedCall(
    _ id: String, fixture: String, line: Int, correlation: String? = nil,
    start: String, answer: String? = nil, end: String, ring: Int64, talk: Int64 = 0,
    direction: Direction, disposition: Disposition, flags: CallFlags = [],
    calling: String = "", called: String = "", originalCalled: String = "", connected: String = "",
    redirecting: String = "", extension ext: String = "", remote: String = "", projectCode: String = "",
    trunk: String = "", device: String = "", remoteDevice: String = "", huntGroup: String = "",
    causeText: String, chargeMinor: Int64? = nil, chargeCurrency: String = "",
    extra: [(String, String)] = []
) throws -> CallRecord {
    let span = try Swyx.span(fixture, line: line)
    return CallRecord(
        vendorRecordID: id, correlationID: correlation ?? id, startMs: Swyx.utc(start),
        answerMs: answer.map(Swyx.utc), endMs: Swyx.utc(end), ringMs: ring, talkMs: talk,
        direction: direction, disposition: disposition, flags: flags,
        parties: CallParties(calling: calling, called: called, originalCalled: originalCalled, connected: connected,
                             redirecting: redirecting, extension: ext, remote: remote, projectCode: projectCode),
        trunk: trunk, device: device, remoteDevice: remoteDevice, huntGroup: huntGroup, cause: nil,
        causeText: causeText, chargeUnits: nil, chargeMinor: chargeMinor, chargeCurrency: chargeCurrency,
        sourceOffset: span.offset, sourceLength: span.length,
        extra: extra.map { VendorField(key: $0.0, value: $0.1) })
}
