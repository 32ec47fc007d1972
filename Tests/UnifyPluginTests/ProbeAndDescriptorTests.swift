import PluginTestSupport
import XCTest

/// The descriptor says who the plugin is; the probe recognises each layout and refuses others.
final class ProbeAndDescriptorTests: XCTestCase {
    func testDescriptor() throws {
        let info = try Unify.harness().plugin.info
        XCTAssertEqual(info.id, "unify.osbiz")
        XCTAssertEqual(info.name, "Unify OpenScape Business / HiPath 3000 call charges")
        XCTAssertEqual(info.vendor, "Tollbook")
        XCTAssertEqual(info.version, "1.0.0")
        XCTAssertEqual(info.formats, ["osbiz-cdr-pipe", "hipath-cdr-compressed", "hipath-cdr-long"])
        XCTAssertTrue(info.hasProbe)
        XCTAssertTrue(info.optionsSchema.contains(#""additionalProperties":false"#))
        XCTAssertTrue(info.optionsSchema.contains("draft/2020-12"))
        XCTAssertFalse(info.description.isEmpty)
    }

    func testProbeValues() throws {
        let plugin = try Unify.harness().plugin
        XCTAssertEqual(plugin.probe(try PluginHarness.fixture("unify/osbiz_pipe_calls.txt")), 90)
        XCTAssertEqual(plugin.probe(try PluginHarness.fixture("unify/hipath_compressed_calls.txt")), 80)
        XCTAssertEqual(plugin.probe(try PluginHarness.fixture("unify/hipath_long_calls.txt")), 80)
        XCTAssertEqual(plugin.probe(try PluginHarness.sharedSample(
            "unify/docs_openscape-office_cdr_uncompressed_example1_lcr-number-set.txt")), 90)
        XCTAssertEqual(plugin.probe(Array("Datum|Uhrzeit|Lt|Tln|Ruf|Dauer|Rufnummer|Betrag|I|\r\n".utf8)), 50)
        XCTAssertEqual(plugin.probe(Array("hello world\n".utf8)), 0)
        XCTAssertEqual(plugin.probe(Array(#"<cdr guid="x"/>"#.utf8)), 0)
        XCTAssertEqual(plugin.probe(Array("cdrRecordType,globalCallID_callManagerId\n".utf8)), 0)
        XCTAssertEqual(plugin.probe(Array("99.99.99|10:00:00|1|101||00:01:00|1|1|2|||||\r\n".utf8)), 0)
        XCTAssertEqual(plugin.probe([]), 0)
    }
}
