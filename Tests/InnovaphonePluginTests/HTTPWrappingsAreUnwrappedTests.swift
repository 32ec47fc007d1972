import TollbookCore
import XCTest

/// The three HTTP shapes (raw XML is calls.xml): "Standard" POST bodies prefixed `log-msg`, and
/// the URL-encoded argument string of the GET and "External(POST)" methods.
final class HTTPWrappingsAreUnwrappedTests: XCTestCase {
    private func assertSameRecordsAsRawXML(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let raw = Array(try callRecords().prefix(3))
        let wrapped = try Innovaphone.fixture(name)
        XCTAssertEqual(wrapped.problems, [], file: file, line: line)
        XCTAssertEqual(wrapped.records.count, 3, file: file, line: line)
        for (a, b) in zip(raw, wrapped.records) {
            var a = a, b = b
            a.sourceOffset = 0; a.sourceLength = 0; b.sourceOffset = 0; b.sourceLength = 0
            XCTAssertEqual(a, b, file: file, line: line)
        }
    }

    func testStandardBodyWithLogMsgPrefix() throws {
        try assertSameRecordsAsRawXML("wrapped_standard.txt")
        let outcome = try Innovaphone.fixture("wrapped_standard.txt")
        // Three log-msg prefixes and three CR LF.
        XCTAssertEqual(outcome.skipped, 6)
        XCTAssertEqual(outcome.records.first?.sourceOffset, 7)
    }

    func testGETQueryString() throws {
        try assertSameRecordsAsRawXML("wrapped_get.txt")
        XCTAssertEqual(try Innovaphone.fixture("wrapped_get.txt").records.first?.sourceOffset, 0)
    }

    func testExternalPOSTBodySkipsArgumentsWithoutACDR() throws {
        try assertSameRecordsAsRawXML("wrapped_post.txt")
        // The "PBX started" syslog line.
        XCTAssertEqual(try Innovaphone.fixture("wrapped_post.txt").skipped, 1)
    }

    func testBadArgumentStringsAreRejected() throws {
        let outcome = try Innovaphone.text("?event=syslog&time=1&msg=%3Ccdr%2\n?event=syslog&time=1\nevent=syslog&msg=%3Ccdr%20guid%3D%22x%22%3E\n")
        XCTAssertEqual(outcome.records, [])
        XCTAssertEqual(outcome.problems, ["malformed||invalid percent escape", "missing_field|msg|argument string without msg",
                                          "malformed||element not closed"])
    }
}
