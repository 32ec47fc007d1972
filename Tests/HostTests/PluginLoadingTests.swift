import Host
import TestSupport
import XCTest

/// Loading plugins with dlopen and reading their descriptors.
final class PluginLoadingTests: XCTestCase {
    var fixture: PluginFixture!

    override func setUpWithError() throws {
        fixture = try PluginFixture()
    }

    override func tearDown() {
        fixture.remove()
    }

    func testCPluginLoadsAndDescribesItself() throws {
        let path = try fixture.plugin("libpipe.so")
        let plugin = try PluginLibrary(path: path.path)
        XCTAssertEqual(plugin.info.id, "test.pipe")
        XCTAssertEqual(plugin.info.name, "Pipe test format")
        XCTAssertEqual(plugin.info.vendor, "Tollbook tests")
        XCTAssertEqual(plugin.info.version, "0.1.0")
        XCTAssertEqual(plugin.info.abiVersion, "1.0")
        XCTAssertEqual(plugin.info.formats, ["test-pipe"])
        XCTAssertEqual(plugin.info.optionsSchema, #"{"type":"object","additionalProperties":false}"#)
        XCTAssertEqual(plugin.info.path, path.path)
        XCTAssertEqual(plugin.probe(Array("1|2|3".utf8)), 80)
        XCTAssertEqual(plugin.probe(Array("no pipes".utf8)), 0)
    }

    func testCatalogFindsPluginsInExplicitDirectory() throws {
        try fixture.plugin("libpipe.so")
        try fixture.plugin("libother.so", defines: [#"TEST_ID="test.other""#])
        let catalog = fixture.catalog()
        XCTAssertEqual(catalog.describeAll().compactMap(\.info?.id), ["test.other", "test.pipe"])
        XCTAssertEqual(catalog.warnings, [])
        XCTAssertEqual(try catalog.load(id: "test.pipe", allowUnsigned: true).plugin.info.name, "Pipe test format")
    }

    func testUnknownConnectorNamesTheLoadedOnes() throws {
        try fixture.plugin("libpipe.so")
        let catalog = fixture.catalog()
        XCTAssertThrowsError(try catalog.load(id: "cisco.nope", allowUnsigned: true)) { error in
            XCTAssertEqual(error as? HostError, .unknownConnector(id: "cisco.nope", available: ["test.pipe"]))
            XCTAssertEqual("\(error)", "unknown connector 'cisco.nope'; loaded: test.pipe")
        }
    }

    func testSearchPathOrderIsExplicitThenEnvironmentThenExecutableDirectory() {
        let path = PluginCatalog.searchPath(explicit: ["/a", "/b"], environment: ["TOLLBOOK_PLUGIN_PATH": "/c::/a:/d"])
        XCTAssertEqual(Array(path.prefix(4)), ["/a", "/b", "/c", "/d"])
        XCTAssertEqual(path.last, PluginCatalog.executableDirectory())
    }

    func testSamePluginIdTwiceKeepsTheFirstAndWarns() throws {
        let first = try fixture.plugin("liba.so")
        let second = try fixture.plugin("libb.so")
        let catalog = fixture.catalog()
        var warnings: [String] = []
        XCTAssertEqual(try catalog.load(id: "test.pipe", allowUnsigned: true, warn: { warnings.append($0) }).plugin.info.path, first.path)
        let shadowed = "\(second.path): plugin test.pipe is already provided by \(first.path); refused (a plugin id cannot be taken over)"
        XCTAssertEqual(warnings, [shadowed])
        let listings = catalog.describeAll()
        XCTAssertEqual(listings.map(\.path), [first.path, second.path])
        XCTAssertEqual(listings.map(\.problem), [nil, shadowed])
    }
}
