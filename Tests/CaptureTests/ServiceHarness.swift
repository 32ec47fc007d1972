import Foundation
import TestSupport
import XCTest

/// Runs the built `tollbook serve` for a test: writes a configuration into a temporary folder,
/// starts and kills the service, and reads what it stored through `tollbook calls`.
final class ServiceHarness {
    /// The test's folder (configuration, data, spool folders).
    let directory: URL
    /// The operations port.
    let opsPort: Int
    private(set) var process: Process?
    private var logPath: String { directory.appendingPathComponent("serve.log").path }

    init() throws {
        directory = try TestEnvironment.makeTemporaryDirectory("tollbook-serve")
        opsPort = try Self.freePort()
    }

    deinit {
        kill()
        try? FileManager.default.removeItem(at: directory)
    }

    var configPath: String { directory.appendingPathComponent("tollbook.yaml").path }
    var dataDirectory: String { directory.appendingPathComponent("data").path }
    var database: String { dataDirectory + "/tollbook.db" }

    /// A site with the given `connectors:` YAML (indented as list items under `connectors:`).
    func writeConfiguration(connectors: String, service extra: String = "", site siteExtra: String = "") throws {
        let tariffs = TestEnvironment.packageRoot.appendingPathComponent("tariffs").path
        let text = """
            tariffs: \(tariffs)
            service:
              data_directory: data
              listen: 127.0.0.1:\(opsPort)
              commit_interval_ms: 100
            \(extra)
            sites:
              - name: berlin
                time_zone: Europe/Berlin
                numbering:
                  country_code: "49"
                  area_code: "30"
                  outside_line_prefixes: ["0"]
                  extensions: ["2000-2999", "201-299", "6231"]
                  did_blocks:
                    - { prefix: "+4930555", extensions: "2000-2999" }
                providers:
                  default: nordtel
            \(siteExtra)
                connectors:
            \(connectors)
            """
        try text.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    /// Extra plugin folders for the service (`--plugin-dir`).
    var pluginDirectories: [String] = []

    /// Starts `tollbook serve` and waits until its operations endpoint answers.
    func start(file: StaticString = #filePath, line: UInt = #line) throws {
        let process = Process()
        process.executableURL = TestEnvironment.tollbookExecutable
        process.arguments = ["serve", "--config", configPath, "--log-level", "info"] + pluginDirectories.flatMap { ["--plugin-dir", $0] }
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TOLLBOOK_") }
        process.currentDirectoryURL = directory
        if !FileManager.default.fileExists(atPath: logPath) { FileManager.default.createFile(atPath: logPath, contents: nil) }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        log.seekToEndOfFile()
        process.standardError = log
        process.standardOutput = log
        try process.run()
        self.process = process
        let ready = wait(timeout: 60) { (try? self.get("/healthz")) != nil }
        XCTAssertTrue(ready, "tollbook serve did not come up: \(self.log)", file: file, line: line)
    }

    /// Kills the service with SIGKILL (no clean-up of any kind) and waits for it to be gone.
    func kill() {
        guard let process, process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    /// Stops the service with SIGTERM and waits for it.
    func stop() {
        guard let process, process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
        self.process = nil
    }

    /// Sends a signal to the running service.
    func signal(_ number: Int32) {
        if let process { Foundation.kill(process.processIdentifier, number) }
    }

    /// What the service logged.
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// GET on the operations endpoint; the body, or an error for a refused connection or non-2xx/503.
    func get(_ path: String) throws -> String {
        try request("GET", path).body
    }

    /// The operations token the service created (empty before its first start).
    var opsToken: String {
        let path = dataDirectory + "/ops.token"
        return ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A request to the operations endpoint with the service's token (unless `token` says
    /// otherwise) and extra headers; the HTTP status and body, or an error for a refused connection.
    func request(_ method: String, _ path: String, token: String? = nil, headers: [String] = []) throws -> (status: Int, body: String) {
        let bearer = token ?? opsToken
        var arguments = ["-s", "-S", "--max-time", "20", "-X", method, "-w", "\n%{http_code}"]
        if !bearer.isEmpty { arguments += ["-H", "Authorization: Bearer \(bearer)"] }
        for header in headers { arguments += ["-H", header] }
        let result = try TestEnvironment.run(URL(fileURLWithPath: "/usr/bin/curl"), arguments + ["http://127.0.0.1:\(opsPort)\(path)"])
        guard result.status == 0 else { throw NSError(domain: "curl", code: Int(result.status)) }
        guard let split = result.stdout.lastIndex(of: "\n") else { return (0, result.stdout) }
        return (Int(result.stdout[result.stdout.index(after: split)...]) ?? 0, String(result.stdout[..<split]))
    }

    /// Runs `sqlite3` on the store: rows of `|`-separated columns.
    func query(_ sql: String) throws -> [String] {
        let result = try TestEnvironment.run(URL(fileURLWithPath: "/usr/bin/sqlite3"), ["-readonly", database, sql])
        guard result.status == 0 else { throw NSError(domain: "sqlite3", code: Int(result.status), userInfo: [NSLocalizedDescriptionKey: result.stderr]) }
        return result.stdout.split(separator: "\n").map(String.init)
    }

    /// Runs `tollbook ARGS`.
    func tollbook(_ arguments: [String]) throws -> TestEnvironment.CommandResult {
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TOLLBOOK_") }
        return try TestEnvironment.run(TestEnvironment.tollbookExecutable, arguments, environment: environment,
                                       currentDirectory: directory)
    }

    /// The stored calls as comparable lines (JSON objects without the row id and without where the
    /// bytes were: a stream's offsets differ from a file's), sorted.
    func storedCalls(database path: String? = nil) throws -> [String] {
        let result = try tollbook(["calls", "--db", path ?? database, "--format", "jsonl"])
        guard result.status == 0 else { throw NSError(domain: "calls", code: Int(result.status), userInfo: [NSLocalizedDescriptionKey: result.stderr]) }
        return result.stdout.split(separator: "\n").map { line in
            String(line).replacingOccurrences(of: #"^\{"id":\d+,"#, with: "{", options: .regularExpression)
                .replacingOccurrences(of: #","source_offset":\d+,"source_length":\d+"#, with: "", options: .regularExpression)
        }.sorted()
    }

    /// The calls a plain `tollbook import` of `files` stores for source `source` (the reference).
    func referenceCalls(connector: String, source: String, files: [String], options: [String] = []) throws -> [String] {
        let path = directory.appendingPathComponent("reference-\(UUID().uuidString).db").path
        let result = try tollbook(["import", "--db", path, "--config", configPath, "--connector", connector, "--source", source]
                                  + options.flatMap { ["--set", $0] } + files)
        guard result.status == 0 else { throw NSError(domain: "import", code: Int(result.status), userInfo: [NSLocalizedDescriptionKey: result.stderr]) }
        return try storedCalls(database: path)
    }

    /// The number of stored calls (0 while the store does not exist yet).
    func callCount() -> Int {
        guard FileManager.default.fileExists(atPath: database) else { return 0 }
        return (try? storedCalls().count) ?? 0
    }

    /// Polls `condition` every 100 ms until it holds or `timeout` seconds pass.
    func wait(timeout: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            usleep(100_000)
        }
        return condition()
    }

    /// A TCP port that was free a moment ago.
    static func freePort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) }
        }
        guard bound == 0 else { throw NSError(domain: "bind", code: Int(errno)) }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
