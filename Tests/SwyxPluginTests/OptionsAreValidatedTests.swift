import Host
import TollbookCore
import XCTest

/// Options: unknown keys and bad values are refused naming the key; trunk patterns decide which
/// devices are external.
final class OptionsAreValidatedTests: XCTestCase {
    private func refusal(_ options: String) throws -> (key: String, message: String)? {
        do {
            _ = try Swyx.parse(text: "", options: options)
            return nil
        } catch HostError.invalidOptions(let connector, let key, let message) {
            XCTAssertEqual(connector, "swyx.swyxware")
            return (key, message)
        }
    }

    func testUnknownKeyIsRefused() throws {
        let refused = try refusal(#"{"colour":"blue"}"#)
        XCTAssertEqual(refused?.key, "colour")
        XCTAssertEqual(refused?.message, "unknown option")
    }

    func testBadValuesAreRefused() throws {
        XCTAssertEqual(try refusal(#"{"trunk_patterns":""}"#)?.key, "trunk_patterns")
        XCTAssertEqual(try refusal(#"{"trunk_patterns":5}"#)?.key, "trunk_patterns")
        XCTAssertEqual(try refusal(#"{"conference_patterns":true}"#)?.key, "conference_patterns")
        XCTAssertEqual(try refusal(#"{"trunk_patterns":"x","trunk_patterns":"y"}"#)?.key, "")
        XCTAssertEqual(try refusal(#"{"trunk_patterns":"#)?.key, "")
    }

    func testValidOptionsAreAccepted() throws {
        XCTAssertNil(try refusal("{}"))
        XCTAssertNil(try refusal(#"{"trunk_patterns":"SIP Trunk*,ISDN*","conference_patterns":["Conf*"]}"#))
    }

    func testTrunkPatternsDecideTheDirection() throws {
        let narrow = try Swyx.parse("swyx_cdr.txt", options: #"{"trunk_patterns":"ISDN*"}"#)
        // The SIP trunk is no trunk any more: the outgoing call 1001 becomes internal.
        let record = try XCTUnwrap(Swyx.record(narrow, "1001@2025-03-03"))
        XCTAssertEqual(record.direction, .internal)
        XCTAssertEqual(record.trunk, "")
        XCTAssertEqual(record.parties.extension, "201")
        XCTAssertEqual(record.remoteDevice, Swyx.trunk)
        let same = try Swyx.parse("swyx_cdr.txt", options: #"{"trunk_patterns":["sip trunk *"]}"#)
        XCTAssertEqual(same.records, try Swyx.parse("swyx_cdr.txt").records)
    }

    func testConferencePatternsDecideTheConferenceFlag() throws {
        let outcome = try Swyx.parse("swyx_cdr.txt", options: #"{"conference_patterns":"Meet*"}"#)
        XCTAssertEqual(try XCTUnwrap(Swyx.record(outcome, "1021@2025-03-03")).flags, [])
    }
}
