import PluginTestSupport
import Host
import TollbookCore
import XCTest

/// The descriptor, the probe and the options.
final class OptionsProbeAndDescriptorTests: XCTestCase {
    func testDescriptor() throws {
        let info = try Innovaphone.harness().plugin.info
        XCTAssertEqual(info.id, "innovaphone.pbx")
        XCTAssertEqual(info.name, "innovaphone PBX CDRs")
        XCTAssertEqual(info.vendor, "Tollbook")
        XCTAssertEqual(info.version, "1.0.0")
        XCTAssertEqual(info.formats, ["innovaphone-cdr-xml", "innovaphone-gateway-cdr"])
        XCTAssertTrue(info.optionsSchema.contains(#""additionalProperties":false"#))
        XCTAssertTrue(info.optionsSchema.contains("draft/2020-12"))
        XCTAssertTrue(info.hasProbe)
    }

    func testProbeScores() throws {
        let plugin = try Innovaphone.harness().plugin
        func score(_ text: String) -> Int? { plugin.probe(Array(text.utf8)) }
        XCTAssertEqual(score("<cdr guid=\"x\">"), 95)
        XCTAssertEqual(score("\r\n<?xml version=\"1.0\"?>\n<cdr guid=\"x\">"), 95)
        XCTAssertEqual(score("log-msg<cdr guid=\"x\">"), 95)
        XCTAssertEqual(score("?event=syslog&time=1&msg=%3Ccdr+guid"), 90)
        XCTAssertEqual(score("event=syslog&msg=%3ccdr%20guid"), 90)
        XCTAssertEqual(score("    event A:Call\n    time 1\n    ref ab\nend\n"), 80)
        XCTAssertEqual(score("<html><body><pre><cdr guid=\"x\"></pre>"), 50)
        XCTAssertEqual(score("cdrRecordType,globalCallID_callManagerId\n"), 0)
        XCTAssertEqual(score(""), 0)
        XCTAssertEqual(try plugin.probe(PluginHarnessFiles.legacyS1()), 80)
    }

    func testOptionsAsStringsAndArraysAreAccepted() throws {
        XCTAssertNoThrow(try Innovaphone.text("", options: #"{"trunk_objects":"a,b","trunk_interfaces":["GW1","TEL2"]}"#))
        XCTAssertNoThrow(try Innovaphone.text("", options: "{}"))
    }

    func testUnknownAndBadOptionsAreRefusedWithTheirKey() throws {
        let cases: [(String, String, String)] = [
            (#"{"trunks":"x"}"#, "trunks", "unknown option"),
            (#"{"trunk_objects":5}"#, "trunk_objects", "must be a comma-separated string of names"),
            (#"{"trunk_interfaces":true}"#, "trunk_interfaces", "must be a comma-separated string of names"),
        ]
        for (json, key, message) in cases {
            XCTAssertThrowsError(try Innovaphone.text("", options: json)) { error in
                XCTAssertEqual(error as? HostError, .invalidOptions(connector: "innovaphone.pbx", key: key, message: message))
            }
        }
        XCTAssertThrowsError(try Innovaphone.text("", options: "{")) { error in
            guard case .invalidOptions(_, let key, _)? = error as? HostError else { return XCTFail("\(error)") }
            XCTAssertEqual(key, "")
        }
    }
}

/// Sample bytes used by the probe test.
enum PluginHarnessFiles {
    static func legacyS1() throws -> [UInt8] {
        try PluginHarness.sharedSample("innovaphone/gateway-legacy/s1.txt")
    }
}
