import Foundation
import TestSupport
import XCTest

/// The Swift template, built with `swift build` (through its Makefile) in a temporary copy of its
/// folder, is a self-contained plugin: static Swift stdlib, no RUNPATH into the build machine's
/// toolchain, one exported function — and the real `tollbook` loads it.
final class SwiftTemplateBuildsAPortablePluginTests: XCTestCase {
    func testTheSharedObjectIsSelfContained() throws {
        let (plugin, seconds) = try SDKBuilds.swiftTemplatePlugin()
        print("Swift template build (release, static stdlib) took \(Int(seconds.rounded())) s")
        let dynamic = try readelf(["-d", plugin.path])
        let needed = lines(dynamic, containing: "(NEEDED)")
        XCTAssertFalse(needed.isEmpty, "readelf -d printed no NEEDED entries:\n\(dynamic)")
        XCTAssertEqual(needed.filter { $0.contains("libswift") || $0.contains("libFoundation") }, [],
                       "the template must link the Swift stdlib statically")
        XCTAssertEqual(lines(dynamic, containing: "PATH)"), [], "no RPATH / RUNPATH at all is expected")
        XCTAssertFalse(dynamic.contains("/opt/swift") || dynamic.contains("lib/swift/linux"), dynamic)

        let symbols = try readelf(["--dyn-syms", "-W", plugin.path])
        let exported = symbols.split(separator: "\n").compactMap { line -> String? in
            let columns = line.split(separator: " ", omittingEmptySubsequences: true)
            guard columns.count >= 8, columns[3] == "FUNC", columns[6] != "UND" else { return nil }
            return String(columns[7])
        }
        XCTAssertEqual(exported, ["tollbook_plugin_entry"])
    }

    func testCheckScriptAcceptsTheTemplateAndRefusesAToolchainLinkedPlugin() throws {
        let (plugin, _) = try SDKBuilds.swiftTemplatePlugin()
        let script = SDKBuilds.swiftTemplate.appendingPathComponent("check.sh")
        let good = try TestEnvironment.run(script, [plugin.path])
        XCTAssertEqual(good.status, 0, good.stderr)
        XCTAssertEqual(good.stdout, "OK: \(plugin.path) is self-contained and exports only tollbook_plugin_entry\n")
        // The bundled Cisco plugin of a debug build links the toolchain's runtime: check.sh says so.
        let bad = try TestEnvironment.run(script, [TestEnvironment.ciscoPlugin.path])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("needs Swift runtime libraries"), bad.stderr)
    }

    func testTollbookLoadsAndRunsTheTemplate() throws {
        let (plugin, _) = try SDKBuilds.swiftTemplatePlugin()
        let directory = plugin.deletingLastPathComponent()
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TOLLBOOK_") }
        let list = try TestEnvironment.run(TestEnvironment.tollbookExecutable,
                                           ["plugins", "list", "--plugin-dir", directory.path, "--format", "json"],
                                           environment: environment)
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertEqual(list.stderr, "")
        let items = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        let template = try XCTUnwrap(items.first { $0["id"] as? String == "example.swift-template" }, list.stdout)
        XCTAssertEqual(template["abi"] as? String, "1.0")
        XCTAssertEqual(template["path"] as? String, plugin.path)

        let work = try TestEnvironment.makeTemporaryDirectory("tollbook-sdk-swift-import")
        defer { try? FileManager.default.removeItem(at: work) }
        let database = work.appendingPathComponent("t.db").path
        let imported = try TestEnvironment.run(TestEnvironment.tollbookExecutable,
                                               ["import", "--plugin-dir", directory.path, "--allow-unsigned", "--connector", "example.swift-template",
                                                "--db", database, SDKBuilds.sample.path], environment: environment)
        XCTAssertEqual(imported.status, 0, imported.stderr)
        XCTAssertEqual(imported.stdout, "\(SDKBuilds.sample.path): 4 imported, 0 duplicates, 1 rejected, 3 skipped\n")
    }

    private func readelf(_ arguments: [String]) throws -> String {
        let result = try TestEnvironment.run(URL(fileURLWithPath: "/usr/bin/env"), ["readelf"] + arguments)
        XCTAssertEqual(result.status, 0, result.stderr)
        return result.stdout
    }

    private func lines(_ text: String, containing needle: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { $0.contains(needle) }
    }
}
