import Foundation
import PluginTestSupport
import XCTest

/// The probe recognises both SwyxWare layouts by their header; the descriptor describes the plugin.
final class ProbeRecognisesSwyxHeadersTests: XCTestCase {
    func testFixtureScores() throws {
        let plugin = try Swyx.harness().plugin
        XCTAssertEqual(plugin.probe(try Swyx.bytes("swyx_cdr.txt")), 90)
        XCTAssertEqual(plugin.probe(try Swyx.bytes("swyx_ippbxcdr.csv")), 90)
        XCTAssertEqual(plugin.probe(try Swyx.bytes("swyx_malformed.txt")), 90)
    }

    func testCutHeaderAndOtherText() throws {
        let plugin = try Swyx.harness().plugin
        XCTAssertEqual(plugin.probe(Array(try Swyx.bytes("swyx_cdr.txt").prefix(40))), 70)
        XCTAssertEqual(plugin.probe(Array("\"CallId\"\n".utf8)), 0)
        XCTAssertEqual(plugin.probe(Array("cdrRecordType,globalCallID_callManagerId\n".utf8)), 0)
        XCTAssertEqual(plugin.probe(Array("1001,201,202\n".utf8)), 0)
        XCTAssertEqual(plugin.probe([]), 0)
    }
}

final class DescriptorDescribesTheSwyxPluginTests: XCTestCase {
    func testIdentity() throws {
        let info = try Swyx.harness().plugin.info
        XCTAssertEqual(info.id, "swyx.swyxware")
        XCTAssertEqual(info.name, "SwyxWare CDR files")
        XCTAssertEqual(info.vendor, "Tollbook")
        XCTAssertEqual(info.version, "1.0.0")
        XCTAssertEqual(info.formats, ["swyxware-cdr-text", "swyxware-ippbxcdr-csv"])
        XCTAssertEqual(info.abiVersion, "1.0")
        XCTAssertTrue(info.hasProbe)
        XCTAssertFalse(info.description.isEmpty)
    }

    func testOptionsSchemaIsAClosedDraft2020Schema() throws {
        let schema = try Swyx.harness().plugin.info.optionsSchema
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(schema.utf8)) as? [String: Any])
        XCTAssertEqual(object["$schema"] as? String, "https://json-schema.org/draft/2020-12/schema")
        XCTAssertEqual(object["additionalProperties"] as? Bool, false)
        let properties = try XCTUnwrap(object["properties"] as? [String: Any])
        XCTAssertEqual(Set(properties.keys), ["trunk_patterns", "conference_patterns"])
    }
}
