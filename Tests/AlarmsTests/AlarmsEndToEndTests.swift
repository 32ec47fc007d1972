import Crypto
import Foundation
import Store
import TestSupport
import XCTest

/// The real `tollbook` binary: `alarms scan` on an imported fixture (exact JSON, dedupe on re-scan),
/// `alarms list|ack`; and `tollbook serve` raising the alarms of a spooled file within seconds and
/// posting them, signed, to a real webhook receiver — with no phone number in any message, body or log line.
final class AlarmsEndToEndTests: XCTestCase {
    private var fixture: AlarmFixture!
    private var fixtureFile: String { TestEnvironment.fixtures.appendingPathComponent("alarms/cdr_alarms.txt").path }
    /// Digits of the fixture's remote numbers: none may appear in any output.
    private let numbers = ["8765550100", "8765550101", "2079460001", "2079460002", "305550123"]

    override func setUpWithError() throws {
        fixture = try AlarmFixture()
    }

    override func tearDown() {
        fixture.remove()
    }

    private func tollbook(_ arguments: [String]) throws -> TestEnvironment.CommandResult {
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TOLLBOOK_") }
        return try TestEnvironment.run(TestEnvironment.tollbookExecutable, arguments, environment: environment,
                                       currentDirectory: fixture.directory)
    }

    private func succeed(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try tollbook(arguments + ["--db", fixture.storePath])
        XCTAssertEqual(result.status, 0, "tollbook \(arguments.joined(separator: " ")): \(result.stderr)", file: file, line: line)
        return result.stdout
    }

    /// The output with the `raised` times (the moment of the scan) replaced by `T`.
    private func withoutRaisedTimes(_ text: String) throws -> String {
        let pattern = try NSRegularExpression(pattern: "\"raised\":\"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z\"")
        return pattern.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "\"raised\":\"T\"")
    }

    private static let expected = """
        [
        {"id":1,"rule":"long_call","severity":"low","site":"berlin","entity_kind":"extension","entity":"berlin/2003","call_ids":[1],\
        "at":"2025-03-03T10:00:00Z","raised":"T","message":"Call of 7201 s talk time (limit 7200 s) to Welt","state":"open",\
        "acknowledged_by":null,"acknowledged":null,"comment":null},
        {"id":2,"rule":"after_hours","severity":"high","site":"berlin","entity_kind":"extension","entity":"berlin/2001","call_ids":[3],\
        "at":"2025-03-03T17:00:00Z","raised":"T","message":"International call outside business hours (Mon 18:00 local time) to Jamaika",\
        "state":"open","acknowledged_by":null,"acknowledged":null,"comment":null},
        {"id":3,"rule":"high_risk_destination","severity":"high","site":"berlin","entity_kind":"extension","entity":"berlin/2001",\
        "call_ids":[3],"at":"2025-03-03T17:00:00Z","raised":"T","message":"Call to a destination on the high-risk list: Jamaika",\
        "state":"open","acknowledged_by":null,"acknowledged":null,"comment":null},
        {"id":4,"rule":"high_risk_destination","severity":"high","site":"berlin","entity_kind":"extension","entity":"berlin/2001",\
        "call_ids":[5],"at":"2025-03-04T10:00:00Z","raised":"T","message":"Call to a destination on the high-risk list: Jamaika",\
        "state":"open","acknowledged_by":null,"acknowledged":null,"comment":null},
        {"id":5,"rule":"call_cost","severity":"medium","site":"berlin","entity_kind":"extension","entity":"berlin/2001","call_ids":[5],\
        "at":"2025-03-04T10:00:00Z","raised":"T","message":"Call costing 51.00 EUR (limit 50.00) to Jamaika","state":"open",\
        "acknowledged_by":null,"acknowledged":null,"comment":null}
        ]

        """

    func testScanOnImportedCallsListAndAcknowledge() throws {
        _ = try fixture.loadConfiguration()
        _ = try succeed(["import", "--config", fixture.configPath, "--connector", "cisco.cucm", "--source", "cucm", fixtureFile])
        let scan = ["alarms", "scan", "--config", fixture.configPath, "--from", "2025-03-01", "--to", "2025-03-09"]
        XCTAssertEqual(try withoutRaisedTimes(try succeed(scan + ["--format", "json"])), Self.expected)
        XCTAssertEqual(try succeed(scan + ["--format", "json"]), "[]\n", "a re-scan raises nothing again")
        XCTAssertEqual(try succeed(scan), "5 alarms found, 0 new\n")
        XCTAssertEqual(try withoutRaisedTimes(try succeed(["alarms", "list", "--format", "json"])), Self.expected)

        XCTAssertEqual(try succeed(["alarms", "ack", "2", "--comment", "test call by the technician"]), "alarm 2 acknowledged by SUPERUSER\n")
        let acknowledged = try succeed(["alarms", "list", "--state", "acknowledged", "--format", "json"])
        let list = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(acknowledged.utf8)) as? [[String: Any]])
        XCTAssertEqual(list.map { $0["id"] as? Int }, [2])
        XCTAssertEqual(list.first?["acknowledged_by"] as? String, "SUPERUSER")
        XCTAssertEqual(list.first?["comment"] as? String, "test call by the technician")
        let open = try succeed(["alarms", "list", "--state", "open"])
        XCTAssertEqual(open.split(separator: "\n").count, 5, "header and alarms 1, 3, 4, 5:\n\(open)")
        let header = open.split(separator: "\n").first.map { $0.split(separator: " ").map(String.init) }
        XCTAssertEqual(header, ["id", "at", "rule", "severity", "site", "entity", "state", "message"])
        let again = try tollbook(["alarms", "ack", "2", "--db", fixture.storePath])
        XCTAssertEqual(again.status, 1)
        XCTAssertEqual(again.stderr, "Error: alarm 2 is acknowledged already\n")
        for text in [acknowledged, open] { for number in numbers { XCTAssertFalse(text.contains(number), text) } }
    }

    func testImportRaisesTheAlarmsOfTheImportedCallsOnceAndQueuesTheirNotifications() throws {
        // Nothing listens on the webhook's port: the notifications stay queued for serve or alarms scan.
        _ = try fixture.loadConfiguration(alarms: """
                alarms:
                  webhook: { url: "http://127.0.0.1:9/hook", secret_file: webhook.secret }
            """)
        let arguments = ["import", "--config", fixture.configPath, "--connector", "cisco.cucm", "--source", "cucm", fixtureFile]
        let first = try succeed(arguments)
        XCTAssertEqual(first.split(separator: "\n").last.map(String.init),
                       "alarms: 5 found, 5 new (#1 long_call, #2 after_hours, #3 high_risk_destination, "
                       + "#4 high_risk_destination, #5 call_cost)", first)
        XCTAssertEqual(try withoutRaisedTimes(try succeed(["alarms", "list", "--format", "json"])), Self.expected)
        let queued = try CallStore(path: fixture.storePath).alarmDeliveries()
        XCTAssertEqual(queued.map { "\($0.alarmID) \($0.channel) \($0.state) \($0.attempts)" },
                       ["1 webhook pending 0", "2 webhook pending 0", "3 webhook pending 0", "4 webhook pending 0",
                        "5 webhook pending 0"])
        // The same file again: nothing stored, nothing evaluated, no alarm added.
        let again = try succeed(arguments)
        XCTAssertEqual(again, "\(fixtureFile): 0 imported, 5 duplicates, 0 rejected, 2 skipped\n")
        XCTAssertEqual(try withoutRaisedTimes(try succeed(["alarms", "list", "--format", "json"])), Self.expected)
        XCTAssertEqual(try CallStore(path: fixture.storePath).alarmDeliveries().count, 5)
        for text in [first, again] { for number in numbers { XCTAssertFalse(text.contains(number), text) } }
    }

    func testImportWithoutAnAlarmsSectionRaisesNothing() throws {
        _ = try fixture.loadConfiguration()
        let output = try succeed(["import", "--config", fixture.configPath, "--connector", "cisco.cucm", "--source", "cucm", fixtureFile])
        XCTAssertEqual(output, "\(fixtureFile): 5 imported, 0 duplicates, 0 rejected, 2 skipped\n")
        XCTAssertEqual(try succeed(["alarms", "list", "--format", "json"]), "[]\n")
    }

    func testScanWithoutConfigurationSaysWhy() throws {
        let result = try tollbook(["alarms", "scan", "--db", fixture.storePath, "--from", "2025-03-01", "--to", "2025-03-09"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "Error: alarms scan needs the configuration (--config): the rules are configured per site\n")
    }

    func testServeRaisesAlarmsWithinSecondsOfACallArrivingAndPostsThemSigned() throws {
        let receiver = try WebhookReceiver(directory: fixture.directory)
        let tariffs = TestEnvironment.fixtures.appendingPathComponent("alarms/tariffs").path
        try """
            tariffs: \(tariffs)
            service:
              data_directory: data
              listen: 127.0.0.1:\(try Self.freePort())
              commit_interval_ms: 100
            sites:
              - name: berlin
                time_zone: Europe/Berlin
                numbering: { country_code: "49", area_code: "30", outside_line_prefixes: ["0"], extensions: ["2000-2999"] }
                providers: { default: alarmnet }
                alarms:
                  webhook: { url: "\(receiver.url)", secret_file: webhook.secret }
                connectors:
                  - name: cucm
                    plugin: cisco.cucm
                    transport: { type: spool, path: spool, poll_interval_ms: 100, stable_ms: 200 }
            """.write(toFile: fixture.configPath, atomically: true, encoding: .utf8)
        let logPath = fixture.directory.appendingPathComponent("serve.log").path
        FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        let serve = Process()
        serve.executableURL = TestEnvironment.tollbookExecutable
        serve.arguments = ["serve", "--config", fixture.configPath, "--log-level", "info"]
        serve.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TOLLBOOK_") }
        serve.currentDirectoryURL = fixture.directory
        serve.standardError = log
        serve.standardOutput = log
        try serve.run()
        defer {
            if serve.isRunning {
                serve.terminate()
                serve.waitUntilExit()
            }
        }
        func serveLog() -> String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }
        XCTAssertTrue(Self.wait(seconds: 60) { serveLog().contains("tollbook serve running") }, serveLog())

        // The PBX drops a file: written as _name, then renamed.
        let spool = fixture.directory.appendingPathComponent("spool")
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: fixtureFile, toPath: spool.appendingPathComponent("_cdr_alarms.txt").path)
        let dropped = Date()
        try FileManager.default.moveItem(at: spool.appendingPathComponent("_cdr_alarms.txt"),
                                         to: spool.appendingPathComponent("cdr_alarms.txt"))
        let storePath = fixture.directory.appendingPathComponent("data/tollbook.db").path
        var alarms: [AlarmRecord] = []
        let raised = Self.wait(seconds: 30) {
            alarms = (try? CallStore(path: storePath, readOnly: true).alarms()) ?? []
            return alarms.count == 5
        }
        let seconds = Date().timeIntervalSince(dropped)
        XCTAssertTrue(raised, "alarms after \(seconds) s: \(alarms.map(\.rule))\n\(serveLog())")
        XCTAssertLessThan(seconds, 10, "raised within seconds of the file arriving")
        print("alarms raised \(String(format: "%.2f", seconds)) s after the file was dropped")
        XCTAssertEqual(alarms.map(\.rule), ["long_call", "after_hours", "high_risk_destination", "high_risk_destination", "call_cost"])
        XCTAssertEqual(alarms.map(\.callIDs), [[1], [3], [3], [5], [5]])

        XCTAssertTrue(Self.wait(seconds: 30) { ((try? receiver.requests()) ?? []).count == 5 }, serveLog())
        for request in try receiver.requests() {
            let headers = try XCTUnwrap(request["headers"] as? [String: String])
            let body = try XCTUnwrap(request["body"] as? String)
            let timestamp = try XCTUnwrap(headers["x-tollbook-timestamp"])
            let code = HMAC<SHA256>.authenticationCode(for: Data("\(timestamp).\(body)".utf8),
                                                       using: SymmetricKey(data: Data(AlarmFixture.secret.utf8)))
            XCTAssertEqual(headers["x-tollbook-signature"], "sha256=" + code.map { String(format: "%02x", $0) }.joined())
            for number in numbers { XCTAssertFalse(body.contains(number), body) }
        }
        serve.terminate()
        serve.waitUntilExit()
        let text = serveLog()
        XCTAssertEqual(text.components(separatedBy: "alarm raised").count - 1, 5, text)
        for number in numbers { XCTAssertFalse(text.contains(number), "the log names no phone number:\n\(text)") }
    }

    static func wait(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return condition()
    }

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
