import XCTest

/// Options are validated in create(): unknown keys and bad values are configuration errors that
/// name the key; string and number forms of values are both accepted.
final class InvalidOptionsAreRefusedTests: XCTestCase {
    private let configError: Int32 = -2

    private func create(_ options: String) throws -> ParseOutcome {
        try CiscoPluginHarness.parse(Array("".utf8), options: options)
    }

    func testUnknownKeyIsAConfigErrorNamingTheKey() throws {
        let outcome = try create(#"{"colums":"129"}"#)
        XCTAssertEqual(outcome.createStatus, configError)
        XCTAssertEqual(outcome.errors.map(\.key), ["colums"])
        XCTAssertEqual(outcome.errors.first?.message, "unknown option")
    }

    func testBadColumnsValues() throws {
        for value in [#""128""#, "128", "true", #"["129"]"#, #""abc""#] {
            let outcome = try create(#"{"columns":\#(value)}"#)
            XCTAssertEqual(outcome.createStatus, configError, value)
            XCTAssertEqual(outcome.errors.map(\.key), ["columns"], value)
        }
    }

    func testBadPatternAndClusterValues() throws {
        XCTAssertEqual(try create(#"{"trunk_patterns":5}"#).errors.map(\.key), ["trunk_patterns"])
        XCTAssertEqual(try create(#"{"phone_patterns":false}"#).errors.map(\.key), ["phone_patterns"])
        XCTAssertEqual(try create(#"{"cluster_id":["a"]}"#).errors.map(\.key), ["cluster_id"])
    }

    func testUnreadableJSONIsAConfigError() throws {
        for text in ["{", "[1]", #"{"columns":"129",}"#, #"{"a":{"b":1}}"#, "{} x", #"{"columns":"129","columns":"133"}"#] {
            let outcome = try create(text)
            XCTAssertEqual(outcome.createStatus, configError, text)
            XCTAssertEqual(outcome.errors.count, 1, text)
        }
    }

    func testValidOptionsInStringAndNumberForm() throws {
        for text in ["{}", "", #"{"columns":"123"}"#, #"{"columns":133}"#,
                     #"{"trunk_patterns":"SIP-*, BER-GW??","phone_patterns":"SEP*","cluster_id":"C1"}"#,
                     #"{"trunk_patterns":["SIP-*","BER-*"],"cluster_id":42}"#, #" { "columns" : "129" } "#] {
            let outcome = try create(text)
            XCTAssertEqual(outcome.createStatus, 0, text)
            XCTAssertEqual(outcome.errors, [], text)
        }
    }
}
