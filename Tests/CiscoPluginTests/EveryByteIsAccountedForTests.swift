import XCTest

/// Records, rejects and skipped spans cover the input exactly once, in order, without gaps.
final class EveryByteIsAccountedForTests: XCTestCase {
    private func assertCovered(_ input: [UInt8], _ name: String, chunkSize: Int? = nil) throws {
        let outcome = try CiscoPluginHarness.parse(input, chunkSize: chunkSize)
        var next: UInt64 = 0
        for event in outcome.events {
            let span = event.span
            XCTAssertEqual(span.offset, next, "\(name): gap or overlap at \(next)")
            XCTAssertGreaterThan(span.length, 0, name)
            next = span.offset + span.length
        }
        XCTAssertEqual(next, UInt64(input.count), "\(name): spans end at \(next) of \(input.count)")
    }

    func testFixtures() throws {
        for name in allFixtureNames {
            try assertCovered(try CiscoPluginHarness.fixture(name), name)
            try assertCovered(try CiscoPluginHarness.fixture(name), name + " (7-byte chunks)", chunkSize: 7)
        }
    }

    func testRealSamples() throws {
        try assertCovered(try CiscoPluginHarness.sample("cdr.txt"), "cdr.txt")
        try assertCovered(try CiscoPluginHarness.sample("cmr.txt"), "cmr.txt")
    }

    func testOddInputs() throws {
        let cases: [String] = ["", "\n", "\r\n\r\n", "\r", "x", "\"open", "a,b\n\n\"c\"d\n", "\u{FEFF}cdrRecordType,pkid\n"]
        for text in cases {
            try assertCovered(Array(text.utf8), text.debugDescription)
            try assertCovered(Array(text.utf8), text.debugDescription + " (1-byte chunks)", chunkSize: 1)
        }
    }
}
