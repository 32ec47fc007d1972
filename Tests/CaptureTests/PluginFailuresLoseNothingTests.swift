import Foundation
import TestSupport
import XCTest

/// Whatever a plugin returns, every byte the service journaled ends in a stored record, a reject
/// with its raw bytes, or a skipped span — in both isolation modes. A plugin error in process
/// quarantines the unparsed rest of the stream as `plugin_error` with the plugin's message and is
/// counted in the import log, the metrics and `sites list`; in a worker only the failing record is
/// lost. A record whose replay crashes the worker ends its stream the same way (`plugin_crashed`).
final class PluginFailuresLoseNothingTests: XCTestCase {
    private var harness: ServiceHarness!
    private var ports: [String: Int] = [:]
    private static let statuses = ["ERRINTERNAL": "TB_ERR_INTERNAL", "ERRUNSUPPORTED": "TB_ERR_UNSUPPORTED",
                                   "ERRINVALID": "TB_ERR_INVALID_ARGUMENT", "ERRABORTED": "TB_ERR_ABORTED",
                                   "ERRCONFIG": "TB_ERR_CONFIG"]

    override func setUpWithError() throws {
        harness = try ServiceHarness()
        let plugins = harness.directory.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        let flag = harness.directory.appendingPathComponent("second-crash.flag").path
        try TestEnvironment.compileCPlugin(source: "faulty_plugin.c", name: "libfaulty.so", defines: ["FAULTY_FLAG_FILE=\"\(flag)\""],
                                           into: plugins)
        harness.pluginDirectories = [plugins.path]
    }

    override func tearDown() {
        harness.stop()
        harness = nil
    }

    private func configure(_ instances: [(name: String, isolation: String)]) throws {
        var yaml = ""
        for instance in instances {
            let port = try ServiceHarness.freePort()
            ports[instance.name] = port
            yaml += """
                      - name: \(instance.name)
                        plugin: test.faulty
                        isolation: \(instance.isolation)
                        limits: { timeout_s: 10, memory_mb: 512 }
                        transport: { type: tcp, listen: "127.0.0.1:\(port)" }

                """
        }
        try harness.writeConfiguration(connectors: yaml, site: "    plugins: { allow_unsigned: true }")
    }

    /// Lines 1…count of the faulty plugin's format, line `i` carrying `markers[i]`.
    private func lines(_ range: ClosedRange<Int>, markers: [Int: String]) -> [[UInt8]] {
        range.map { index in
            let start = 1_772_442_000 + index * 60
            return Array("\(index);\(start);\(start + 30);20\(index % 10)\(markers[index] ?? "");0305550\(index)\n".utf8)
        }
    }

    /// Every stored call and reject of `source` as (offset, length), sorted.
    private func spans(_ source: String) throws -> [(offset: Int, length: Int)] {
        try harness.query("""
            SELECT source_offset, source_length FROM calls WHERE source_id = (SELECT id FROM sources WHERE name = '\(source)')
            UNION ALL SELECT source_offset, length(raw) FROM rejects WHERE source_id = (SELECT id FROM sources WHERE name = '\(source)')
            ORDER BY 1
            """).map { row in
            let columns = row.split(separator: "|").map { Int($0) ?? -1 }
            return (columns[0], columns[1])
        }
    }

    /// Whether the spans of `source` tile `[0, total)` without gap or overlap.
    private func coversExactly(_ source: String, total: Int) -> Bool {
        guard let spans = try? spans(source) else { return false }
        var next = 0
        for span in spans {
            guard span.offset == next else { return false }
            next += span.length
        }
        return next == total
    }

    private func rejects(_ source: String) throws -> [(offset: Int, reason: String, raw: String, message: String)] {
        try harness.query("""
            SELECT source_offset, reason, hex(raw), message FROM rejects
            WHERE source_id = (SELECT id FROM sources WHERE name = '\(source)') ORDER BY source_offset
            """).map { row in
            let columns = row.split(separator: "|", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
            return (Int(columns[0]) ?? -1, columns[1], columns[2], columns[3])
        }
    }

    private func callCount(_ source: String) throws -> Int {
        Int(try harness.query("SELECT count(*) FROM calls WHERE source_id = (SELECT id FROM sources WHERE name = '\(source)')").first ?? "") ?? -1
    }

    /// The import-log row of the source's one stream: imported | rejected | status | error.
    private func importRow(_ source: String) throws -> String {
        try harness.query("""
            SELECT imported, rejected, status, coalesce(error, '') FROM imports
            WHERE source_id = (SELECT id FROM sources WHERE name = '\(source)')
            """).joined(separator: "\n")
    }

    private static func hex(_ lines: ArraySlice<[UInt8]>) -> String {
        lines.joined().map { String(format: "%02X", $0) }.joined()
    }

    func testEveryErrorStatusLosesNothingInBothModes() throws {
        let markers = Self.statuses.keys.sorted()
        try configure(markers.flatMap { [("\($0.lowercased())-process", "in_process"), ("\($0.lowercased())-worker", "worker")] })
        try harness.start()
        var inputs: [String: [[UInt8]]] = [:]
        for marker in markers {
            for mode in ["process", "worker"] {
                let name = "\(marker.lowercased())-\(mode)"
                inputs[name] = lines(1...100, markers: [40: marker])
                try PeerClients.sendTCP(Array(inputs[name]!.joined()), port: ports[name]!, chunkSizes: [1 << 20])
            }
        }
        for (name, input) in inputs.sorted(by: { $0.key < $1.key }) {
            let total = input.reduce(0) { $0 + $1.count }
            XCTAssertTrue(harness.wait(timeout: 60) { coversExactly(name, total: total) && ((try? importRow(name)) ?? "").contains("completed") },
                          "\(name): \((try? spans(name)) ?? [])\n\(harness.log)")
            let status = Self.statuses[String(name.split(separator: "-")[0]).uppercased()]!
            let found = try rejects(name)
            XCTAssertEqual(Set(found.map(\.reason)), ["plugin_error"], name)
            XCTAssertEqual(found.first?.offset, input[0..<39].reduce(0) { $0 + $1.count }, name)
            if name.hasSuffix("-process") {
                // The rest of the stream, from the failing record on.
                XCTAssertEqual(try callCount(name), 39, name)
                XCTAssertEqual(found.map(\.raw).joined(), Self.hex(input[39...]), name)
                XCTAssertEqual(found.first?.message, "not parsed: the connector returned \(status) from feed (failing on purpose)", name)
                XCTAssertEqual(try importRow(name),
                               "39|\(found.count)|completed|plugin_error: the connector returned \(status) from feed (failing on purpose)", name)
            } else {
                // Only the failing record.
                XCTAssertEqual(try callCount(name), 99, name)
                XCTAssertEqual(found.map(\.raw), [Self.hex(input[39...39])], name)
                XCTAssertEqual(found.first?.message, "the connector returned \(status) (failing on purpose) while parsing this record", name)
                XCTAssertEqual(try importRow(name), "99|1|completed|", name)
            }
        }
        let metrics = try harness.get("/metrics")
        XCTAssertTrue(metrics.contains("tollbook_plugin_errors_total{instance=\"errinternal-process\"} 1"), metrics)
        XCTAssertTrue(metrics.contains("tollbook_rejects_total{instance=\"errinternal-worker\"} 1"), metrics)
        let list = try harness.tollbook(["sites", "list", "--config", harness.configPath, "--format", "json"])
        XCTAssertTrue(list.stdout.contains("\"name\":\"errinternal-process\",\"plugin\":\"test.faulty\",\"plugin_errors\":1,"), list.stdout)
        XCTAssertTrue(list.stdout.contains("\"name\":\"errinternal-worker\",\"plugin\":\"test.faulty\",\"plugin_errors\":0,"), list.stdout)
    }

    func testContractViolationsAndACrashingReplayLoseNothing() throws {
        try configure([("overconsume-process", "in_process"), ("overconsume-worker", "worker"), ("badsize-process", "in_process"),
                       ("replay-worker", "worker")])
        try harness.start()
        let overconsume = lines(1...100, markers: [40: "OVERCONSUME"])
        let badsize = lines(1...100, markers: [40: "BADSIZE"])
        try PeerClients.sendTCP(Array(overconsume.joined()), port: ports["overconsume-process"]!, chunkSizes: [1 << 20])
        try PeerClients.sendTCP(Array(overconsume.joined()), port: ports["overconsume-worker"]!, chunkSizes: [1 << 20])
        try PeerClients.sendTCP(Array(badsize.joined()), port: ports["badsize-process"]!, chunkSizes: [1 << 20])
        // Line 5 parses in the first entry; the crash on line 60 in the second makes the worker
        // restart, and replaying line 5 crashes the new worker too.
        let replay = lines(1...100, markers: [5: "SECONDCRASH", 60: "CRASH"])
        let connection = try PeerClients.sendTCP(Array(replay[0..<30].joined()), port: ports["replay-worker"]!, chunkSizes: [1 << 20],
                                                 keepOpen: true)
        XCTAssertTrue(harness.wait(timeout: 60) { (try? callCount("replay-worker")) == 30 }, harness.log)
        try PeerClients.send(Array(replay[30...].joined()), over: connection, chunkSizes: [1 << 20])
        close(connection)

        for (name, input) in [("overconsume-process", overconsume), ("overconsume-worker", overconsume),
                              ("badsize-process", badsize), ("replay-worker", replay)] {
            let total = input.reduce(0) { $0 + $1.count }
            XCTAssertTrue(harness.wait(timeout: 60) { coversExactly(name, total: total) && ((try? importRow(name)) ?? "").contains("completed") },
                          "\(name): \((try? spans(name)) ?? [])\n\(harness.log)")
        }
        // In a worker, only the record is quarantined.
        XCTAssertEqual(try callCount("overconsume-worker"), 99)
        XCTAssertEqual(try rejects("overconsume-worker").map(\.reason), ["plugin_violation"])
        XCTAssertEqual(try rejects("overconsume-worker").map(\.raw), [Self.hex(overconsume[39...39])])
        // In process, what the plugin handed over is kept and the stream's rest is quarantined.
        let overconsumeRow = try importRow("overconsume-process")
        XCTAssertTrue(overconsumeRow.contains("|completed|plugin_violation: the connector broke the plugin contract (consumed"), overconsumeRow)
        XCTAssertTrue(try rejects("overconsume-process").allSatisfy { $0.reason == "plugin_violation" })
        XCTAssertEqual(try callCount("badsize-process"), 39)
        XCTAssertEqual(try rejects("badsize-process").map(\.raw).joined(), Self.hex(badsize[39...]))
        XCTAssertEqual(Set(try rejects("badsize-process").map(\.reason)), ["plugin_violation"])
        // The crashing replay: the second entry is quarantined whole as plugin_crashed.
        XCTAssertEqual(try callCount("replay-worker"), 30)
        let crashed = try rejects("replay-worker")
        XCTAssertEqual(Set(crashed.map(\.reason)), ["plugin_crashed"])
        XCTAssertEqual(crashed.map(\.raw).joined(), Self.hex(replay[30...]))
        let replayRow = try importRow("replay-worker")
        XCTAssertTrue(replayRow.hasPrefix("30|\(crashed.count)|completed|plugin_crashed: worker"), replayRow)
        XCTAssertTrue(harness.process?.isRunning ?? false)
    }
}

/// A record longer than `service.max_record_mb` ends its stream with a message that says so (the
/// limit and the option that raises it), and its bytes are kept as a reject.
final class RecordsLongerThanTheLimitTests: XCTestCase {
    func testAnOverlongRecordIsQuarantinedWithTheLimitAndTheOption() throws {
        let harness = try ServiceHarness()
        defer { harness.stop() }
        let port = try ServiceHarness.freePort()
        try harness.writeConfiguration(connectors: """
                  - name: hipath
                    plugin: unify.osbiz
                    transport: { type: tcp, listen: "127.0.0.1:\(port)" }
            """, service: "  max_record_mb: 1")
        try harness.start()
        let fixture = Array(try Data(contentsOf: TestEnvironment.fixtures.appendingPathComponent("unify/hipath_compressed_calls.txt")))
        let long = [UInt8](repeating: UInt8(ascii: "7"), count: 3 << 20)
        try PeerClients.sendTCP(fixture + long, port: port, chunkSizes: [64 << 10])
        let total = fixture.count + long.count
        XCTAssertTrue(harness.wait(timeout: 60) {
            let rows = (try? harness.query("SELECT coalesce(sum(length(raw)), 0) FROM rejects")) ?? []
            return rows.first.flatMap { Int($0) } == long.count
        }, harness.log)
        XCTAssertEqual(harness.callCount(), 13)
        let rejects = try harness.query("SELECT DISTINCT reason FROM rejects")
        XCTAssertEqual(rejects, ["malformed"])
        let message = try harness.query("SELECT message FROM rejects ORDER BY source_offset LIMIT 1").first ?? ""
        XCTAssertTrue(message.hasPrefix("not parsed: a record longer than the limit of 1 MiB starts at stream offset \(fixture.count): "
                                        + "the connector found no record end"), message)
        XCTAssertTrue(message.hasSuffix("(raise service.max_record_mb if records this long are real)"), message)
        XCTAssertFalse(message.contains("plugin contract"), message)
        XCTAssertEqual(total, fixture.count + (3 << 20))
    }
}
