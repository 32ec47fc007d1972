import Host
import TestSupport
import XCTest

/// Shared objects the host must refuse or skip, each with a message naming the file and reason.
final class PluginRefusalTests: XCTestCase {
    var fixture: PluginFixture!

    override func setUpWithError() throws {
        fixture = try PluginFixture()
    }

    override func tearDown() {
        fixture.remove()
    }

    func testDifferentMajorIsRefused() throws {
        let path = try fixture.plugin("libmajor2.so", defines: ["TEST_ABI_MAJOR=2"])
        XCTAssertThrowsError(try PluginLibrary(path: path.path)) { error in
            XCTAssertEqual(error as? PluginLoadError, .incompatible(
                path: path.path, reason: "plugin ABI 2.0 has a different major version than the host's ABI 1.0"))
        }
        let listings = fixture.catalog().describeAll()
        XCTAssertEqual(listings.compactMap(\.info).count, 0)
        XCTAssertEqual(listings.compactMap(\.problem), ["\(path.path): refused: plugin ABI 2.0 has a different major version than the host's ABI 1.0"])
    }

    func testPluginNeedingNewerHostMinorIsRefused() throws {
        let path = try fixture.plugin("libnewer.so", defines: ["TEST_ABI_MINOR=5", "TEST_MIN_HOST_MINOR=5"])
        XCTAssertThrowsError(try PluginLibrary(path: path.path)) { error in
            XCTAssertEqual(error as? PluginLoadError, .incompatible(
                path: path.path, reason: "plugin needs a host with ABI 1.5 or newer; this host has ABI 1.0"))
        }
    }

    func testPluginBuiltAgainstNewerMinorThatNeedsNothingNewLoads() throws {
        let path = try fixture.plugin("libnewer.so", defines: ["TEST_ABI_MINOR=7"])
        XCTAssertEqual(try PluginLibrary(path: path.path).info.abiVersion, "1.7")
    }

    func testOlderMinorIsAcceptedByNewerHost() {
        let plugin = ABIFingerprint(magic: HostABI.magic, structSize: 160, major: 1, minor: 0, minimumHostMinor: 0)
        XCTAssertNil(plugin.refusal(hostMajor: 1, hostMinor: 3))
        XCTAssertNil(plugin.refusal(hostMajor: 1, hostMinor: 0))
        XCTAssertEqual(plugin.refusal(hostMajor: 2, hostMinor: 0),
                       "plugin ABI 1.0 has a different major version than the host's ABI 2.0")
        let needsMinor2 = ABIFingerprint(magic: HostABI.magic, structSize: 160, major: 1, minor: 2, minimumHostMinor: 2)
        XCTAssertNil(needsMinor2.refusal(hostMajor: 1, hostMinor: 3))
        XCTAssertNotNil(needsMinor2.refusal(hostMajor: 1, hostMinor: 1))
    }

    func testTruncatedDescriptorIsRefused() {
        let small = ABIFingerprint(magic: HostABI.magic, structSize: 40, major: 1, minor: 0, minimumHostMinor: 0)
        XCTAssertEqual(small.refusal(hostMajor: 1, hostMinor: 0),
                       "descriptor size 40 is smaller than a version 1.0 descriptor (\(HostABI.minimumDescriptorSize) bytes)")
    }

    func testBadMagicIsRefused() throws {
        let path = try fixture.plugin("libmagic.so", defines: ["TEST_BAD_MAGIC"])
        XCTAssertThrowsError(try PluginLibrary(path: path.path)) { error in
            guard case let .incompatible(errorPath, reason) = error as? PluginLoadError else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(errorPath, path.path)
            XCTAssertTrue(reason.hasPrefix("bad magic number 0xdeadbeef"), reason)
        }
    }

    func testSharedObjectWithoutEntrySymbolIsSkippedWithWarning() throws {
        let path = try fixture.plugin("libplain.so", defines: ["TEST_NO_ENTRY"])
        try fixture.plugin("libpipe.so")
        let listings = fixture.catalog().describeAll()
        XCTAssertEqual(listings.compactMap(\.info?.id), ["test.pipe"])
        XCTAssertEqual(listings.compactMap(\.problem), ["\(path.path): not a Tollbook plugin (no tollbook_plugin_entry symbol); skipped"])
    }

    func testFileThatIsNoSharedObjectIsSkippedWithWarning() throws {
        let path = try fixture.file("libjunk.so", "this is not an ELF file\n")
        let problems = fixture.catalog().describeAll().compactMap(\.problem)
        XCTAssertEqual(problems.count, 1)
        XCTAssertTrue(problems.first?.hasPrefix("\(path.path): cannot be loaded: ") == true, "\(problems)")
    }

    func testUnreadablePluginDirectoryIsReported() {
        let catalog = PluginCatalog(directories: ["/nonexistent/tollbook-plugins"])
        XCTAssertEqual(catalog.warnings, ["/nonexistent/tollbook-plugins: plugin directory cannot be read"])
    }
}
