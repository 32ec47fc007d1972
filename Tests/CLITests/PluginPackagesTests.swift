import Foundation
import TestSupport
import XCTest

/// Signed plugin packages end to end with the built `tollbook` and the C test plugin: keygen →
/// pack (with a real `plugin certify --format json` report on the pipe corpus) → sign → install →
/// `plugins list` → import for a site that allows only trusted plugins; and each refusal.
final class PluginPackagesTests: CLITestCase {
    private var source: URL { directory.appendingPathComponent("src") }
    private var keys: URL { directory.appendingPathComponent("keys") }
    private var trust: URL { directory.appendingPathComponent("trust") }
    private var installed: URL { directory.appendingPathComponent("installed") }
    private var package: String { directory.appendingPathComponent("pipe.tbplugin").path }
    private var config: String { directory.appendingPathComponent("tollbook.yaml").path }
    private var calls: String { TestEnvironment.fixtures.appendingPathComponent("pipe/calls.txt").path }

    override func setUpWithError() throws {
        try super.setUpWithError()
        for folder in [source, trust] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        try TestEnvironment.compileCPlugin(name: "libpipe.so", into: source)
    }

    /// Creates key `name`; returns its key id. `trusted` copies the public key into the trust store.
    private func keygen(_ name: String, trusted: Bool = true) throws -> String {
        let out = try ok(["plugin", "keygen", "--out", keys.path, "--name", name])
        let keyID = String(try XCTUnwrap(out.split(separator: "\n").first?.split(separator: " ").last))
        XCTAssertFalse(out.contains(try String(contentsOf: keys.appendingPathComponent("\(name).key"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)), "the private key is never printed")
        if trusted {
            try FileManager.default.copyItem(at: keys.appendingPathComponent("\(name).pub"),
                                             to: trust.appendingPathComponent("\(name).pub"))
        }
        return keyID
    }

    /// Certifies the plugin in `src` (pipe corpus, fixed seed) into `src/certification.json`.
    private func certify() throws {
        let report = try tollbook(["plugin", "certify", source.appendingPathComponent("libpipe.so").path, "--seed", "7",
                                   "--corpus", TestEnvironment.fixtures.appendingPathComponent("pipe").path, "--format", "json"])
        XCTAssertEqual(report.status, 0, report.stderr)
        try Data(report.stdout.utf8).write(to: source.appendingPathComponent("certification.json"))
    }

    private func packAndSign(key: String?, withReport: Bool = true) throws {
        if withReport { try certify() }
        _ = try ok(["plugin", "pack", source.path, "--out", package])
        if let key { _ = try ok(["plugin", "sign", package, "--key", keys.appendingPathComponent("\(key).key").path]) }
    }

    /// Runs `tollbook ARGS` (no `--db`) and fails the test unless it exits 0.
    private func ok(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try tollbook(arguments)
        XCTAssertEqual(result.status, 0, "tollbook \(arguments.joined(separator: " ")) failed: \(result.stderr)", file: file, line: line)
        return result.stdout
    }

    private func install() throws -> TestEnvironment.CommandResult {
        try tollbook(["plugin", "install", package, "--trust-store", trust.path, "--plugin-dir", installed.path])
    }

    private func assertRefused(_ result: TestEnvironment.CommandResult, _ message: String,
                               file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(result.status, 1, file: file, line: line)
        XCTAssertEqual(result.stderr, "Error: \(message)\n", file: file, line: line)
        XCTAssertFalse(FileManager.default.fileExists(atPath: installed.appendingPathComponent("libpipe.so").path),
                       "nothing is installed", file: file, line: line)
    }

    private func writeConfig(_ plugins: String) throws {
        let tariffs = directory.appendingPathComponent("tariffs")
        try FileManager.default.createDirectory(at: tariffs, withIntermediateDirectories: true)
        try Data("""
            [provider]
            id = testnet
            name = Test Net
            currency = EUR

            [zone DE_FIXED]
            name = Deutschland Festnetz
            class = national
            prefixes = +492, +493

            [version 2025-01]
            valid_from = 2025-01-01
            DE_FIXED = 1 ct/min 60/60

            """.utf8).write(to: tariffs.appendingPathComponent("testnet.ini"))
        try Data("""
            tariffs: tariffs
            sites:
              - name: berlin
                time_zone: Europe/Berlin
                sources: [pbx]
                numbering: { country_code: "49", area_code: "30", outside_line_prefixes: ["0"], extensions: ["2000-2999"] }
                providers: { default: testnet }
                plugins: \(plugins)
            """.utf8).write(to: URL(fileURLWithPath: config))
    }

    private func importPipe(pluginDir: URL, extra: [String] = []) throws -> TestEnvironment.CommandResult {
        try tollbook(["import", "--db", database, "--config", config, "--plugin-dir", pluginDir.path, "--trust-store", trust.path,
                      "--connector", "test.pipe", "--source", "pbx", calls] + extra)
    }

    func testSignedPackageInstallsListsAsSignedAndImportsForAStrictSite() throws {
        let keyID = try keygen("vendor")
        XCTAssertEqual(keyID.count, 16)
        let mode = try FileManager.default.attributesOfItem(atPath: keys.appendingPathComponent("vendor.key").path)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
        try packAndSign(key: "vendor")
        let result = try install()
        XCTAssertEqual(result.status, 0, result.stderr)
        let target = installed.appendingPathComponent("libpipe.so").path
        XCTAssertEqual(result.stdout, "installed test.pipe 0.1.0 to \(target) (signed with key \(keyID), certified)\n")
        for record in ["libpipe.so.manifest.json", "libpipe.so.sig"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: installed.appendingPathComponent(record).path), record)
        }
        let list = try tollbook(["plugins", "list", "--format", "json", "--plugin-dir", installed.path, "--trust-store", trust.path])
        XCTAssertEqual(list.stderr, "", "install records are not taken for plugins")
        let items = try XCTUnwrap(try json(list.stdout) as? [[String: Any]])
        XCTAssertEqual(items.first { $0["id"] as? String == "test.pipe" }?["trust"] as? String, "signed:\(keyID)")
        XCTAssertEqual(items.first { $0["id"] as? String == "cisco.cucm" }?["trust"] as? String, "bundled")

        try writeConfig("{ allow_unsigned: false, require_certification: true }")
        let imported = try importPipe(pluginDir: installed)
        XCTAssertEqual(imported.status, 0, imported.stderr)
        XCTAssertTrue(imported.stdout.hasPrefix("\(calls): "), imported.stdout)

        // Changing the installed .so afterwards makes it untrusted again.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: target))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([0]))
        try handle.close()
        let listed = try tollbook(["plugins", "list", "--format", "json", "--plugin-dir", installed.path, "--trust-store", trust.path])
        let after = try XCTUnwrap(try json(listed.stdout) as? [[String: Any]])
        XCTAssertEqual(after.first { $0["id"] as? String == "test.pipe" }?["trust"] as? String, "unsigned")
    }

    func testTamperedSharedObjectIsRefused() throws {
        _ = try keygen("vendor")
        try packAndSign(key: "vendor")
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: package)))
        let elf: [UInt8] = [0x7f, 0x45, 0x4c, 0x46]
        let start = try XCTUnwrap((0..<bytes.count - 4).first { Array(bytes[$0..<$0 + 4]) == elf })
        bytes[start + 200] ^= 0xff
        try Data(bytes).write(to: URL(fileURLWithPath: package))
        assertRefused(try install(), "\(package): libpipe.so: SHA-256 does not match the manifest (the file was changed after packing)")
    }

    func testUnknownKeyIsRefused() throws {
        let keyID = try keygen("stranger", trusted: false)
        _ = try keygen("vendor")
        try packAndSign(key: "stranger")
        assertRefused(try install(), "\(package): package refused: signed with unknown key \(keyID) (not in trust store \(trust.path))")
    }

    func testRevokedKeyIsRefusedEvenIfItsPublicKeyIsPresent() throws {
        let keyID = try keygen("vendor")
        try Data("# compromised 2026-11\n\(keyID)  # old laptop\n".utf8).write(to: trust.appendingPathComponent("revoked"))
        try packAndSign(key: "vendor")
        assertRefused(try install(), "\(package): package refused: signed with revoked key \(keyID)")
    }

    func testUndeclaredExtraFileIsRefused() throws {
        _ = try keygen("vendor")
        try packAndSign(key: "vendor", withReport: false)
        let extra = directory.appendingPathComponent("extra")
        try FileManager.default.createDirectory(at: extra, withIntermediateDirectories: true)
        try Data("#!/bin/sh\n".utf8).write(to: extra.appendingPathComponent("postinstall.sh"))
        let appended = try TestEnvironment.run(URL(fileURLWithPath: "/usr/bin/env"),
                                               ["tar", "--format=ustar", "-C", extra.path, "-rf", package, "postinstall.sh"])
        XCTAssertEqual(appended.status, 0, appended.stderr)
        assertRefused(try install(), "\(package): the package holds postinstall.sh, which its manifest does not declare")
    }

    func testUnsignedPackageIsRefused() throws {
        _ = try keygen("vendor")
        try packAndSign(key: nil, withReport: false)
        assertRefused(try install(), "\(package): package refused: the package is not signed")
    }

    func testMissingReportIsRefusedWhenTheSiteRequiresCertification() throws {
        _ = try keygen("vendor")
        try packAndSign(key: "vendor", withReport: false)
        XCTAssertEqual(try install().status, 0)
        try writeConfig("{ require_certification: true }")
        let result = try importPipe(pluginDir: installed)
        XCTAssertEqual(result.status, 1)
        let path = installed.appendingPathComponent("libpipe.so").path
        XCTAssertEqual(result.stderr, "Error: plugin test.pipe (\(path)) has no passing certification report; "
            + "site 'berlin' requires one (plugins.require_certification)\n")
        try writeConfig("{ require_certification: false }")
        XCTAssertEqual(try importPipe(pluginDir: installed).status, 0)
    }

    func testUnsignedPluginNeedsDevelopmentMode() throws {
        try writeConfig("{ allow_unsigned: false }")
        let refused = try importPipe(pluginDir: source, extra: ["--allow-unsigned"])
        XCTAssertEqual(refused.status, 1)
        let path = source.appendingPathComponent("libpipe.so").path
        XCTAssertEqual(refused.stderr, "Error: plugin test.pipe (\(path)) is not trusted: no install record "
            + "(install it with `tollbook plugin install`); site 'berlin' does not allow unsigned plugins "
            + "(development mode: plugins.allow_unsigned: true)\n", "the flag does not override a site's policy")
        try writeConfig("{ allow_unsigned: true }")
        let accepted = try importPipe(pluginDir: source)
        XCTAssertEqual(accepted.status, 0, accepted.stderr)

        // Without a site, the --allow-unsigned flag decides.
        let noSite = ["import", "--db", database, "--plugin-dir", source.path, "--connector", "test.pipe", "--source", "lab", calls]
        let withoutFlag = try tollbook(noSite)
        XCTAssertEqual(withoutFlag.status, 1)
        XCTAssertTrue(withoutFlag.stderr.contains("pass --allow-unsigned to run it anyway (development)"), withoutFlag.stderr)
        XCTAssertEqual(try tollbook(noSite + ["--allow-unsigned"]).status, 0)
    }

    func testBadPluginsSectionNamesFileLineAndKey() throws {
        try writeConfig("{ allow_unsigned: maybe }")
        let result = try importPipe(pluginDir: source)
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "Error: \(config):8: sites[0].plugins.allow_unsigned: must be true or false\n")
    }
}
