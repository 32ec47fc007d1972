import PluginAPI
import XCTest

/// The probe recognises CUCM files; the descriptor describes the plugin.
final class ProbeRecognisesCUCMFilesTests: XCTestCase {
    func testFixtureScores() throws {
        let expected: [(String, Int32)] = [
            ("cdr_133_basic.txt", 90), ("cdr_129.txt", 90), ("cdr_123_cucm105.txt", 90), ("cmr.txt", 90),
            ("cdr_headerless_129.txt", 60), ("cdr_headerless_133.txt", 60), ("cdr_car_export_reordered.txt", 85),
            ("cdr_crlf.txt", 90),
        ]
        for (name, score) in expected {
            XCTAssertEqual(try CiscoPluginHarness.probe(try CiscoPluginHarness.fixture(name)), score, name)
        }
    }

    func testUnquotedHeaderAndOtherText() throws {
        XCTAssertEqual(try CiscoPluginHarness.probe(Array("cdrRecordType,globalCallID_callManagerId\n".utf8)), 90)
        XCTAssertEqual(try CiscoPluginHarness.probe(Array("date,time,caller\n1,2,3\n".utf8)), 0)
        XCTAssertEqual(try CiscoPluginHarness.probe(Array("1,2,3\n".utf8)), 0)
        XCTAssertEqual(try CiscoPluginHarness.probe([]), 0)
    }

    func testTruncatedHeadStillProbes() throws {
        // The host passes at most 64 KiB; a head cut inside the first line still counts.
        let head = Array(try CiscoPluginHarness.fixture("cdr_133_basic.txt").prefix(40))
        XCTAssertEqual(try CiscoPluginHarness.probe(head), 90)
    }
}

final class DescriptorDescribesThePluginTests: XCTestCase {
    func testIdentityAndVersions() throws {
        let d = try CiscoPluginHarness.descriptor().pointee
        XCTAssertEqual(d.magic, UInt32(TB_ABI_MAGIC))
        XCTAssertEqual(d.struct_size, 160)
        XCTAssertEqual(d.abi_major, 1)
        XCTAssertEqual(d.abi_minor, 0)
        XCTAssertEqual(d.min_host_abi_minor, 0)
        XCTAssertEqual(d.id.string, "cisco.cucm")
        XCTAssertEqual(d.name.string, "Cisco CUCM CDR files")
        XCTAssertEqual(d.vendor.string, "Tollbook")
        XCTAssertEqual(d.version.string, "1.0.0")
        XCTAssertFalse(d.description.string.isEmpty)
        let formats = (0..<Int(d.format_count)).map { d.formats[$0].string }
        XCTAssertEqual(formats, ["cucm-cdr-flat-file", "cucm-cmr-flat-file"])
        XCTAssertNotNil(d.probe)
    }

    func testOptionsSchemaIsClosedJSONSchema() throws {
        let schema = try CiscoPluginHarness.descriptor().pointee.options_schema.string
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(schema.utf8)) as? [String: Any])
        XCTAssertEqual(object["$schema"] as? String, "https://json-schema.org/draft/2020-12/schema")
        XCTAssertEqual(object["additionalProperties"] as? Bool, false)
        let properties = try XCTUnwrap(object["properties"] as? [String: Any])
        XCTAssertEqual(Set(properties.keys), ["columns", "trunk_patterns", "phone_patterns", "cluster_id"])
    }

    func testSameDescriptorEveryTimeAndNilForAnotherMajor() throws {
        let entry = try CiscoPluginHarness.entry()
        XCTAssertEqual(entry(1, 0), entry(1, 7))
        XCTAssertNil(entry(2, 0))
    }
}
