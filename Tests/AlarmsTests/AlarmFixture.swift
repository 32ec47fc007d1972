import Alarms
import Access
import Foundation
import Store
import TestSupport
import TollbookConfiguration
import TollbookCore
import XCTest

/// A temporary folder with a real store, a configuration of site berlin (source `cucm`) and the
/// webhook secret (mode 0600), for the alarm tests.
final class AlarmFixture {
    let directory: URL
    var storePath: String { directory.appendingPathComponent("tollbook.db").path }
    var configPath: String { directory.appendingPathComponent("tollbook.yaml").path }
    var secretPath: String { directory.appendingPathComponent("webhook.secret").path }
    static let secret = "s3cr3t-shared-with-the-receiver"

    init() throws {
        directory = try TestEnvironment.makeTemporaryDirectory("tollbook-alarms")
        FileManager.default.createFile(atPath: secretPath, contents: Data((Self.secret + "\n").utf8),
                                       attributes: [.posixPermissions: 0o600])
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// The configuration text with the given `alarms:` lines (indented under the site).
    func configuration(alarms: String = "") -> String {
        let tariffs = TestEnvironment.fixtures.appendingPathComponent("alarms/tariffs").path
        return """
            tariffs: \(tariffs)
            sites:
              - name: berlin
                time_zone: Europe/Berlin
                sources: [cucm]
                numbering: { country_code: "49", area_code: "30", outside_line_prefixes: ["0"], extensions: ["2000-2999"] }
                providers: { default: alarmnet }
            \(alarms)
            """
    }

    /// Writes and loads the configuration.
    func loadConfiguration(alarms: String = "") throws -> ConfigurationFile {
        try configuration(alarms: alarms).write(toFile: configPath, atomically: true, encoding: .utf8)
        return try ConfigurationFile.load(path: configPath)
    }

    /// An answered outgoing leg of `extension` to `e164`, priced as given.
    static func leg(_ id: String, extension: String = "2001", e164: String, category: String = "international", startMs: Int64,
                    talkSeconds: Int64, costMinor: Int64, zone: String, destination: String) -> CallRecord {
        var parties = CallParties()
        parties.extension = `extension`
        parties.calling = `extension`
        parties.called = "000" + e164.dropFirst()
        let pricing = CallPricing(remoteE164: e164, remoteCategory: category, extensionKey: "berlin/\(`extension`)", status: .rated,
                                  costMinor: costMinor, currency: "EUR", provider: "alarmnet", zone: zone, destination: destination)
        return CallRecord(vendorRecordID: id, correlationID: id, startMs: startMs, answerMs: startMs + 5_000,
                          endMs: startMs + 5_000 + talkSeconds * 1000, talkMs: talkSeconds * 1000, direction: .outgoing,
                          disposition: .answered, parties: parties, trunk: "GW1", pricing: pricing)
    }

    /// Stores `calls` for source `cucm` (ids 1, 2, … in order on a new store).
    func store(_ calls: [CallRecord]) throws {
        let store = try CallStore(path: storePath)
        let source = try store.sourceID(named: "cucm", connector: "cisco.cucm", timeZone: "Europe/Berlin", nowMs: 1)
        _ = try store.insert(CallBatch(calls), sourceID: source, importID: nil)
    }

    /// The audit log of the store.
    func auditLog() throws -> AuditLog {
        try AuditLog(databasePath: storePath, keyPath: directory.appendingPathComponent("audit.key").path)
    }
}

/// The receiver did not say its port (python3 missing or failing: the test fails).
enum ReceiverError: Error {
    case noPort(String)
}

/// The webhook peer: `Tests/Fixtures/alarms/webhook_receiver.py` (Python's http.server) on loopback.
final class WebhookReceiver {
    let process = Process()
    let port: Int
    let logPath: String

    /// Starts the receiver; it answers the n-th request with `statuses[n]` (200 after them).
    init(directory: URL, statuses: [Int] = []) throws {
        logPath = directory.appendingPathComponent("webhook-\(UUID().uuidString).log").path
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [TestEnvironment.fixtures.appendingPathComponent("alarms/webhook_receiver.py").path, logPath]
            + statuses.map(String.init)
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var line = Data()
        while true {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            guard !byte.isEmpty, byte != Data("\n".utf8) else { break }
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            process.terminate()
            throw ReceiverError.noPort(String(decoding: line, as: UTF8.self))
        }
        self.port = port
    }

    var url: String { "http://127.0.0.1:\(port)/hook" }

    /// The requests received so far.
    func requests() throws -> [[String: Any]] {
        guard let text = try? String(contentsOfFile: logPath, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map {
            try XCTUnwrap(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    deinit { stop() }
}
