import Foundation
@testable import Store
import TestSupport
import XCTest

/// No code of an untrusted plugin runs in the `tollbook` process: a C plugin that leaves a trace
/// from its ELF constructor and its entry (`Tests/Fixtures/plugins/marker_plugin.c`) is placed in
/// every search location — `--plugin-dir`, `TOLLBOOK_PLUGIN_PATH` and the executable's own
/// directory — and the host commands must never load it.
final class PluginTrustTests: CLITestCase {
    /// An installation of its own: hard links to the built `tollbook` and the four bundled plugins
    /// in `bin/`, so that a marker plugin can be put beside the executable.
    private func makeInstallation() throws -> URL {
        let bin = directory.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let products = TestEnvironment.productsDirectory
        for name in ["tollbook", "libTollbookCisco.so", "libTollbookUnify.so", "libTollbookInnovaphone.so", "libTollbookSwyx.so"] {
            let source = products.appendingPathComponent(name).resolvingSymlinksInPath()
            try FileManager.default.linkItem(at: source, to: bin.appendingPathComponent(name))
        }
        return bin.appendingPathComponent("tollbook")
    }

    private func markerPlugin(id: String, into folder: URL, name: String) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try TestEnvironment.compileCPlugin(source: "marker_plugin.c", name: name, defines: [#"TEST_ID="\#(id)""#], into: folder)
    }

    private var markerPath: String { directory.appendingPathComponent("marker.txt").path }

    /// The commands (argv[1]) of the processes in which marker code ran.
    private func markedCommands() -> [String] {
        let text = (try? String(contentsOfFile: markerPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map { line in
            String(line.split(separator: " ").last { $0.hasPrefix("command=") }?.dropFirst("command=".count) ?? "")
        }
    }

    private func run(_ executable: URL, _ arguments: [String], pluginPath: String) throws -> TestEnvironment.CommandResult {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TOLLBOOK_") }
        environment["TOLLBOOK_PLUGIN_PATH"] = pluginPath
        environment["TB_TEST_MARKER"] = markerPath
        environment["TOLLBOOK_TRUST_STORE"] = directory.appendingPathComponent("no-trust-store").path
        return try TestEnvironment.run(executable, arguments, environment: environment, currentDirectory: directory)
    }

    /// An installation with a marker plugin in each search location: beside its executable, in
    /// the `--plugin-dir` folder (`explicit`) and in the `TOLLBOOK_PLUGIN_PATH` folder.
    private func makeMarkedInstallation() throws -> (tollbook: URL, explicit: URL, fromEnvironment: URL) {
        let tollbook = try makeInstallation()
        let explicit = directory.appendingPathComponent("explicit")
        let fromEnvironment = directory.appendingPathComponent("from-env")
        try markerPlugin(id: "test.marker.explicit", into: explicit, name: "libmarker.so")
        try markerPlugin(id: "test.marker.env", into: fromEnvironment, name: "libmarker.so")
        try markerPlugin(id: "test.marker.bin", into: tollbook.deletingLastPathComponent(), name: "libmarker.so")
        return (tollbook, explicit, fromEnvironment)
    }

    func testUntrustedPluginsInEverySearchLocationNeverRunInTheHost() throws {
        let (tollbook, explicit, fromEnvironment) = try makeMarkedInstallation()
        let sample = TestEnvironment.vendorSample("cisco/cdr.txt").path

        // import with a trusted connector: no marker code runs anywhere (nothing untrusted is even described).
        let imported = try run(tollbook, ["import", "--db", database, "--plugin-dir", explicit.path, "--connector", "cisco.cucm", sample],
                               pluginPath: fromEnvironment.path)
        XCTAssertEqual(imported.status, 0, imported.stderr)
        XCTAssertEqual(imported.stdout, "\(sample): 3 imported, 0 duplicates, 0 rejected, 2 skipped\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: markerPath), "plugin code ran: \(markedCommands())")

        // Also with --allow-unsigned: a bundled connector needs no untrusted file.
        let again = try run(tollbook, ["import", "--db", database, "--allow-unsigned", "--plugin-dir", explicit.path,
                                       "--connector", "cisco.cucm", sample], pluginPath: fromEnvironment.path)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: markerPath), "plugin code ran: \(markedCommands())")

        // plugins list reads the untrusted descriptors in describe workers only.
        let listed = try run(tollbook, ["plugins", "list", "--format", "json", "--plugin-dir", explicit.path], pluginPath: fromEnvironment.path)
        XCTAssertEqual(listed.status, 0, listed.stderr)
        let plugins = try XCTUnwrap(try json(listed.stdout) as? [[String: Any]])
        let trust = Dictionary(uniqueKeysWithValues: plugins.map { ($0["id"] as? String ?? "", $0["trust"] as? String ?? "") })
        XCTAssertEqual(trust, ["test.marker.explicit": "unsigned", "test.marker.env": "unsigned", "test.marker.bin": "unsigned",
                               "cisco.cucm": "bundled", "unify.osbiz": "bundled", "innovaphone.pbx": "bundled",
                               "swyx.swyxware": "bundled"])
        XCTAssertEqual(markedCommands().count, 6)  // constructor and entry of each of the three files
        XCTAssertEqual(Set(markedCommands()), ["__describe-plugin"])

        // Asking for an untrusted connector names it and refuses it; its code ran in a worker only.
        try? FileManager.default.removeItem(atPath: markerPath)
        let refused = try run(tollbook, ["import", "--db", database, "--plugin-dir", explicit.path, "--connector", "test.marker.bin", sample],
                              pluginPath: fromEnvironment.path)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("plugin test.marker.bin (\(tollbook.deletingLastPathComponent().path)/libmarker.so) is not trusted: "
                                              + "no install record"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("pass --allow-unsigned to run it anyway"), refused.stderr)
        XCTAssertEqual(Set(markedCommands()), ["__describe-plugin"])
    }

    func testServeNeverLoadsUntrustedPlugins() throws {
        let (tollbook, explicit, fromEnvironment) = try makeMarkedInstallation()
        for requireCertification in [false, true] {
            let spool = directory.appendingPathComponent("spool-\(requireCertification)")
            try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
            let config = directory.appendingPathComponent("serve-\(requireCertification).yaml")
            try """
                tariffs: \(TestEnvironment.packageRoot.appendingPathComponent("tariffs").path)
                service:
                  data_directory: data-\(requireCertification)
                  listen: 127.0.0.1:0
                  commit_interval_ms: 100
                sites:
                  - name: berlin
                    time_zone: Europe/Berlin
                    numbering:
                      country_code: "49"
                      area_code: "30"
                      outside_line_prefixes: ["0"]
                      extensions: ["2000-2999"]
                    providers:
                      default: nordtel
                    plugins:
                      require_certification: \(requireCertification)
                    connectors:
                      - name: cucm
                        plugin: cisco.cucm
                        transport: { type: spool, path: \(spool.path), poll_interval_ms: 100, stable_ms: 0 }
                """.write(to: config, atomically: true, encoding: .utf8)
            let checked = try run(tollbook, ["serve", "--config", config.path, "--check", "--plugin-dir", explicit.path],
                                  pluginPath: fromEnvironment.path)
            XCTAssertEqual(checked.status, 0, checked.stderr)
            // Start the service, let it load its connector and ingest a file, then stop it.
            var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TOLLBOOK_") }
            environment["TOLLBOOK_PLUGIN_PATH"] = fromEnvironment.path
            environment["TB_TEST_MARKER"] = markerPath
            let process = Process()
            process.executableURL = tollbook
            process.arguments = ["serve", "--config", config.path, "--plugin-dir", explicit.path]
            process.environment = environment
            process.currentDirectoryURL = directory
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            try FileManager.default.copyItem(at: TestEnvironment.vendorSample("cisco/cdr.txt"), to: spool.appendingPathComponent("cdr.txt"))
            let database = directory.appendingPathComponent("data-\(requireCertification)/tollbook.db").path
            var stored = 0
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline, stored < 3, process.isRunning {
                Thread.sleep(forTimeInterval: 0.2)
                let calls = try run(tollbook, ["calls", "--db", database, "--format", "jsonl"], pluginPath: "")
                stored = calls.status == 0 ? calls.stdout.split(separator: "\n").count : 0
            }
            process.terminate()
            process.waitUntilExit()
            XCTAssertEqual(stored, 3, "serve (require_certification: \(requireCertification)) did not ingest the sample")
            XCTAssertFalse(FileManager.default.fileExists(atPath: markerPath),
                           "plugin code ran with require_certification \(requireCertification): \(markedCommands())")
        }
    }

    func testBundledConnectorCannotBeShadowed() throws {
        let early = directory.appendingPathComponent("early")
        try FileManager.default.createDirectory(at: early, withIntermediateDirectories: true)
        let fake = try TestEnvironment.compileCPlugin(name: "libfakecisco.so", defines: [#"TEST_ID="cisco.cucm""#], into: early)
        let sample = TestEnvironment.vendorSample("cisco/cdr.txt").path
        // Earlier in the path and with --allow-unsigned, the fake still does not replace the bundled plugin.
        let imported = try tollbook(["import", "--db", database, "--allow-unsigned", "--plugin-dir", early.path,
                                     "--connector", "cisco.cucm", sample],
                                    environment: ["TOLLBOOK_PLUGIN_PATH": early.path])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        XCTAssertEqual(imported.stdout, "\(sample): 3 imported, 0 duplicates, 0 rejected, 2 skipped\n")
        let listed = try tollbook(["plugins", "list", "--format", "json", "--plugin-dir", early.path])
        XCTAssertEqual(listed.status, 0, listed.stderr)
        let plugins = try XCTUnwrap(try json(listed.stdout) as? [[String: Any]])
        XCTAssertEqual(plugins.filter { $0["id"] as? String == "cisco.cucm" }.map { $0["trust"] as? String }, ["bundled"])
        let bundled = TestEnvironment.productsDirectory.resolvingSymlinksInPath().appendingPathComponent("libTollbookCisco.so").path
        XCTAssertTrue(listed.stderr.contains("warning: \(fake.path): plugin cisco.cucm is already provided by \(bundled); refused"),
                      listed.stderr)
    }

    func testThirdPartyPluginParsesInAWorkerAndItsCrashIsQuarantined() throws {
        let plugins = directory.appendingPathComponent("vendor")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        try TestEnvironment.compileCPlugin(source: "faulty_plugin.c", name: "libfaulty.so", into: plugins)
        let input = directory.appendingPathComponent("calls.txt")
        try """
            1;1700000000;1700000060;100;200
            2;1700000000;1700000060;CRASH;200
            3;1700000100;1700000160;101;201

            """.write(to: input, atomically: true, encoding: .utf8)
        let result = try tollbook(["import", "--db", database, "--allow-unsigned", "--plugin-dir", plugins.path,
                                   "--connector", "test.faulty", input.path])
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssertEqual(result.stdout, "\(input.path): 2 imported, 0 duplicates, 0 rejected, 0 skipped, 1 plugin violations\n")
        XCTAssertTrue(result.stderr.contains("connector test.faulty broke the plugin contract on 1 records"), result.stderr)
        let rejects = try succeed(["rejects", "--format", "json"])
        let rows = try XCTUnwrap(try json(rejects) as? [[String: Any]])
        XCTAssertEqual(rows.map { $0["reason"] as? String }, ["plugin_crashed"])
        XCTAssertEqual(rows.map { $0["offset"] as? Int }, [32])
        let store = try SQLiteDatabase(path: database)
        XCTAssertEqual(try store.scalarText("SELECT status || ' ' || imported || ' ' || rejected || ' ' || plugin_violations FROM imports"),
                       "completed 2 0 1")
    }

    /// A signal stops the import cleanly: it exits 130, the log row says `interrupted`, and its
    /// counts are exactly what was committed; a SIGKILLed import's row is marked by the next one.
    func testInterruptedImportsLeaveNoRunningRowAndClaimOnlyWhatWasCommitted() throws {
        let big = directory.appendingPathComponent("big.txt")
        let generated = try TestEnvironment.run(URL(fileURLWithPath: "/usr/bin/env"),
                                                ["python3", TestEnvironment.packageRoot.appendingPathComponent("benchmarks/generate_cucm.py").path,
                                                 "160000", big.path])
        XCTAssertEqual(generated.status, 0, generated.stderr)
        for (signal, expectedStatus) in [(SIGINT, "interrupted"), (SIGKILL, "running")] {
            let database = directory.appendingPathComponent("signal-\(signal).db").path
            let process = Process()
            process.executableURL = TestEnvironment.tollbookExecutable
            process.arguments = ["import", "--db", database, "--connector", "cisco.cucm", big.path]
            process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TOLLBOOK_") }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Wait for the first committed transaction (50,000 records), then signal.
            var committed: Int64 = 0
            let deadline = Date().addingTimeInterval(120)
            while Date() < deadline, committed == 0, process.isRunning {
                Thread.sleep(forTimeInterval: 0.05)
                committed = (try? SQLiteDatabase(path: database).scalarInt("SELECT imported FROM imports WHERE id = 1")) ?? 0
            }
            XCTAssertGreaterThan(committed, 0)
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            let store = try SQLiteDatabase(path: database)
            let calls = try XCTUnwrap(try store.scalarInt("SELECT count(*) FROM calls"))
            XCTAssertLessThan(calls, 160_000)
            XCTAssertEqual(try store.scalarText("SELECT status FROM imports WHERE id = 1"), expectedStatus)
            XCTAssertEqual(try store.scalarInt("SELECT imported FROM imports WHERE id = 1"), calls)
            if signal == SIGINT { XCTAssertEqual(process.terminationStatus, 130) }
            // The next import marks a row its dead process left running.
            let next = try tollbook(["import", "--db", database, "--connector", "cisco.cucm", TestEnvironment.vendorSample("cisco/cdr.txt").path])
            XCTAssertEqual(next.status, 0, next.stderr)
            XCTAssertEqual(try SQLiteDatabase(path: database).scalarText("SELECT status FROM imports WHERE id = 1"), "interrupted")
        }
    }
}
