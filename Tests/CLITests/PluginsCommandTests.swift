import Foundation
import TestSupport
import XCTest

/// `tollbook plugins list` and plugin search paths, end to end.
final class PluginsCommandTests: CLITestCase {
    func testListsTheBundledCiscoPlugin() throws {
        let list = try XCTUnwrap(try json(try succeed(["plugins", "list", "--format", "json"])) as? [[String: Any]])
        let cisco = try XCTUnwrap(list.first { $0["id"] as? String == "cisco.cucm" })
        XCTAssertEqual(cisco["name"] as? String, "Cisco CUCM CDR files")
        XCTAssertEqual(cisco["abi"] as? String, "1.0")
        XCTAssertEqual(cisco["path"] as? String, TestEnvironment.ciscoPlugin.path)
        XCTAssertEqual(cisco["formats"] as? [String], ["cucm-cdr-flat-file", "cucm-cmr-flat-file"])
        XCTAssertEqual(cisco["trust"] as? String, "bundled", "plugins beside the executable are bundled")
        let table = try succeed(["plugins", "list"])
        XCTAssertTrue(table.hasPrefix("ID  "), table)
        XCTAssertTrue(table.contains("cisco.cucm"))
    }

    func testPluginDirectoriesFromOptionAndEnvironmentWithWarnings() throws {
        let extra = directory.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: extra, withIntermediateDirectories: true)
        try TestEnvironment.compileCPlugin(name: "libpipe.so", into: extra)
        let major2 = try TestEnvironment.compileCPlugin(name: "libmajor2.so", defines: ["TEST_ABI_MAJOR=2"], into: extra)
        let viaOption = try tollbook(["plugins", "list", "--format", "json", "--plugin-dir", extra.path])
        XCTAssertEqual(viaOption.status, 0)
        let ids = try XCTUnwrap(try json(viaOption.stdout) as? [[String: Any]]).compactMap { $0["id"] as? String }
        XCTAssertEqual(ids.first, "test.pipe", "explicit directories are searched first")
        let pipe = try XCTUnwrap(try json(viaOption.stdout) as? [[String: Any]]).first
        XCTAssertEqual(pipe?["trust"] as? String, "unsigned")
        XCTAssertTrue(ids.contains("cisco.cucm"))
        XCTAssertEqual(viaOption.stderr, "warning: \(major2.path): refused: plugin ABI 2.0 has a different major version than the host's ABI 1.0\n")
        let viaEnvironment = try tollbook(["plugins", "list", "--format", "json"], environment: ["TOLLBOOK_PLUGIN_PATH": extra.path])
        let envIDs = try XCTUnwrap(try json(viaEnvironment.stdout) as? [[String: Any]]).compactMap { $0["id"] as? String }
        XCTAssertEqual(envIDs.first, "test.pipe")
        XCTAssertTrue(envIDs.contains("cisco.cucm"))
    }
}
