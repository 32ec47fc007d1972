import Foundation
import TestSupport
import XCTest

/// The analytics benchmark's generator (`benchmarks/generate_analytics.py`, docs/benchmarks.md)
/// means what the benchmark says: its CDR files, imported by the real `tollbook import` with the
/// site configuration it writes, give `tollbook kpi` exactly the per-group outcome counts and talk
/// the generator booked for the calls it made (`expected.json`), and the enterprise's offered and
/// answered calls.
final class BenchmarkDataTests: XCTestCase {
    /// The part of the generator's `expected.json` the test reads.
    private struct Expected: Decodable {
        /// Calls generated.
        let calls: Int
        /// The CDR files, one per day with calls.
        let files: [String]
        /// Hunt group → month (`YYYY-MM`) → count name → count.
        let groups: [String: [String: [String: Int]]]
        /// Month → `offered` / `answered` → count.
        let enterprise: [String: [String: Int]]
    }

    private var directory: URL!
    private var database: String { directory.appendingPathComponent("bench.db").path }
    private var data: URL { directory.appendingPathComponent("data") }

    override func setUpWithError() throws {
        directory = try TestEnvironment.makeTemporaryDirectory("tollbook-bench-data")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: directory)
    }

    private func tollbook(_ arguments: [String]) throws -> String {
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TOLLBOOK_") }
        let result = try TestEnvironment.run(TestEnvironment.tollbookExecutable, arguments, environment: environment,
                                             currentDirectory: directory)
        XCTAssertEqual(result.status, 0, "tollbook \(arguments.prefix(12).joined(separator: " ")): \(result.stderr)")
        return result.stdout
    }

    private func kpi(_ entity: String) throws -> [String: Any] {
        let output = try tollbook(["kpi", "--db", database, "--config", data.appendingPathComponent("tollbook.yaml").path,
                                   "--entity", entity, "--from", "2025-03-03", "--to", "2025-03-09", "--bucket", "all",
                                   "--format", "json"])
        let buckets = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]], output)
        XCTAssertEqual(buckets.count, 1)
        return try XCTUnwrap(buckets.first)
    }

    func testGeneratedCallsGiveTheGeneratorsCountsThroughImportAndKpi() throws {
        let script = TestEnvironment.packageRoot.appendingPathComponent("benchmarks/generate_analytics.py").path
        // 200 calls in one week (Monday 2025-03-03 … Sunday 2025-03-09), 4 hunt groups of 10 members, 2 trunk groups.
        let generated = try TestEnvironment.run(URL(fileURLWithPath: "/usr/bin/env"), [
            "python3", script, "--calls", "200", "--days", "7", "--start", "2025-03-03", "--groups", "4",
            "--extensions", "40", "--trunk-groups", "2", "--seed", "19", "--out", data.path,
        ])
        XCTAssertEqual(generated.status, 0, generated.stderr)
        let expected = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: data.appendingPathComponent("expected.json")))
        XCTAssertEqual(expected.calls, 200, "exactly the calls asked for")
        let files = expected.files
        XCTAssertEqual(files.count, 7, "one CDR file per day")
        let yaml = try String(contentsOf: data.appendingPathComponent("tollbook.yaml"), encoding: .utf8)
        XCTAssertTrue(yaml.contains(#"- {name: "7000", members: ["20000", "20001", "#), yaml)
        XCTAssertTrue(yaml.contains("- {name: TG01, channels: 30, trunks: [GW-TG01-A, GW-TG01-B]}"), yaml)

        _ = try tollbook(["import", "--db", database, "--config", data.appendingPathComponent("tollbook.yaml").path,
                          "--connector", "cisco.cucm", "--source", "bench"] + files.map { data.appendingPathComponent($0).path })

        let groups = expected.groups
        XCTAssertEqual(groups.keys.sorted(), ["7000", "7001", "7002", "7003"])
        let outcomes = ["offered", "answered", "abandoned", "short_abandoned", "lost_busy", "overflowed"]
        var totals: [String: Int] = [:]
        for (group, months) in groups.sorted(by: { $0.key < $1.key }) {
            let want = try XCTUnwrap(months["2025-03"], "all calls of the week are in March")
            XCTAssertEqual(months.count, 1)
            // Every outcome is one of four (K1 = K2 + K3 + K4 + K5).
            XCTAssertEqual(want["offered"], (want["answered"] ?? 0) + (want["abandoned"] ?? 0) + (want["lost_busy"] ?? 0)
                           + (want["overflowed"] ?? 0), group)
            let bucket = try kpi("group:\(group)")
            for key in outcomes {
                XCTAssertEqual((bucket[key] as? NSNumber)?.intValue, want[key], "group:\(group) \(key)")
                totals[key, default: 0] += want[key] ?? 0
            }
            XCTAssertEqual((bucket["talk_seconds"] as? NSNumber)?.intValue, want["talk_seconds"], "group:\(group) talk")
        }
        // The week exercises every outcome the benchmark claims to generate.
        for key in outcomes { XCTAssertGreaterThan(totals[key] ?? 0, 0, "some calls \(key)") }

        let enterprise = try XCTUnwrap(expected.enterprise["2025-03"])
        let bucket = try kpi("enterprise")
        XCTAssertEqual((bucket["offered"] as? NSNumber)?.intValue, enterprise["offered"])
        XCTAssertEqual((bucket["answered"] as? NSNumber)?.intValue, enterprise["answered"])
    }
}
