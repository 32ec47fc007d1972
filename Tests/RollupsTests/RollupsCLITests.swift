import Analytics
import Foundation
import Rollups
import Store
import TestSupport
import XCTest

/// Roll-ups through the built `tollbook` binary on real store files: the KPI fixture of
/// `KpiCommandTests` (`cisco/cdr_kpi.txt`, 3 March 2025 UTC, site berlin, hunt group 2300 on gateway
/// BER-GW01): 81001 from +4930555033333 at 11:00 answered by 2302 after 18 s (82 s talk), 81002 from
/// +4917655501111 at 11:10 missed after 30 s, 81003 from +4917655502222 at 11:20 abandoned after 3 s,
/// and 81004 at 11:40, 2301 calling +4917655501111 back (answered, 120 s).
final class RollupsCLITests: XCTestCase {
    private var directory: URL!
    private var database: String { directory.appendingPathComponent("tollbook.db").path }
    private var config: String { directory.appendingPathComponent("tollbook.yaml").path }
    private let day = ["--from", "2025-03-03", "--to", "2025-03-03"]
    /// 2025-03-03T11:00Z, the quarter of the hunt group's first two calls.
    private let elevenMs: Int64 = 1_740_999_600_000

    override func setUpWithError() throws {
        directory = try TestEnvironment.makeTemporaryDirectory("tollbook-rollups")
        try TestTariffs.writeTestnet(below: directory)
        try writeConfig(config, "")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: directory)
    }

    private func writeConfig(_ path: String, _ extra: String, analytics: String = "") throws {
        try Data(("""
            tariffs: tariffs
            sites:
              - name: berlin
                time_zone: Europe/Berlin
                sources: [cucm]
                numbering: { country_code: "49", area_code: "30", outside_line_prefixes: ["0"], extensions: ["2000-2999"] }
                providers: { default: testnet }
            """ + analytics + """

            access:
              bcrypt_cost: 4
            privacy:
              profile:
                agreement: BV Telefonie 2026
                hunt_group_kpis: true
              erasure:
                signing_key_file: erasure.key

            """ + extra).utf8).write(to: URL(fileURLWithPath: path))
    }

    private func tollbook(_ arguments: [String], db: String? = nil, config: String? = nil) throws -> TestEnvironment.CommandResult {
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TOLLBOOK_") }
        return try TestEnvironment.run(TestEnvironment.tollbookExecutable,
                                       arguments + ["--config", config ?? self.config, "--db", db ?? database],
                                       environment: environment, currentDirectory: directory)
    }

    @discardableResult
    private func run(_ arguments: [String], db: String? = nil, config: String? = nil,
                     file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try tollbook(arguments, db: db, config: config)
        XCTAssertEqual(result.status, 0, "tollbook \(arguments.joined(separator: " ")): \(result.stderr)", file: file, line: line)
        return result.stdout
    }

    /// A CDR file with the fixture's header and its records `records` (0…4).
    private func fixture(_ name: String, records: [Int]) throws -> String {
        let text = try String(contentsOf: TestEnvironment.fixtures.appendingPathComponent("cisco/cdr_kpi.txt"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let path = directory.appendingPathComponent(name).path
        try ((lines[0...1] + records.map { lines[2 + $0] }).joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func importFixture(records: [Int] = [0, 1, 2, 3, 4], db: String? = nil, config: String? = nil) throws {
        try run(["import", "--connector", "cisco.cucm", "--source", "cucm", try fixture("part-\(records.map(String.init).joined()).txt",
                                                                                         records: records)], db: db, config: config)
    }

    private func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    /// `text` parsed and written again with sorted keys.
    private func canonical(_ text: String) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: try json(text), options: [.sortedKeys]), as: UTF8.self)
    }

    /// `kpi --entity ENTITY` of 3 March 2025 as one day bucket: the JSON object.
    private func dayKPIs(_ entity: String, db: String? = nil, config: String? = nil, as user: String? = nil) throws -> [String: Any] {
        let text = try run(["kpi", "--entity", entity, "--bucket", "day", "--format", "json"] + day + (user.map { ["--as", $0] } ?? []),
                           db: db, config: config)
        return try XCTUnwrap((try json(text) as? [[String: Any]])?.first, text)
    }

    private func status(config: String? = nil) throws -> [String: Any] {
        try XCTUnwrap(try json(try run(["rollups", "status", "--format", "json"], config: config)) as? [String: Any])
    }

    private func verify(config: String? = nil) throws -> (status: Int32, report: [String: Any], stdout: String) {
        let result = try tollbook(["rollups", "verify", "--format", "json"], config: config)
        let report = try XCTUnwrap(try json(result.stdout) as? [String: Any], result.stdout + result.stderr)
        return (result.status, report, result.stdout)
    }

    /// The stored rows of hunt group 2300, decoded.
    private func groupRows() throws -> [RollupRow] {
        try CallStore(path: database).rollups(kind: "group", name: "2300", fromMs: 0, toMs: Int64.max / 4).map {
            try RollupRow(quarterMs: $0.quarterMs, entity: KPIEntity(kind: .group, id: "2300"), figures: $0.figures)
        }
    }

    /// Overwrites the figures of group 2300's 11:00 row with `offered` changed (what a corrupted row looks like).
    private func tamperOffered(_ offered: Int) throws {
        let store = try CallStore(path: database)
        let record = try XCTUnwrap(try store.rollups(kind: "group", name: "2300", fromMs: elevenMs, toMs: elevenMs + 900_000).first)
        var row = try RollupRow(quarterMs: record.quarterMs, entity: KPIEntity(kind: .group, id: "2300"), figures: record.figures)
        row.offered = offered
        try store.putRollups([RollupRecord(kind: "group", name: "2300", quarterMs: elevenMs, figures: row.encodedFigures())])
    }

    func testImportBuildsRowsThatVerifyAndKPIsEqualTheDetails() throws {
        try importFixture()
        let disabled = directory.appendingPathComponent("disabled.yaml").path
        try writeConfig(disabled, "rollups:\n  enabled: false\n")
        let detailDB = directory.appendingPathComponent("detail.db").path
        try importFixture(db: detailDB, config: disabled)
        XCTAssertEqual(try CallStore(path: detailDB).rollupRowCounts(), [:], "disabled: no rows")
        XCTAssertEqual(try CallStore(path: detailDB).rollupDirtyRanges().ranges, [], "disabled: no stage")

        let state = try status()
        XCTAssertEqual(state["fingerprint_matches"] as? Bool, true)
        XCTAssertEqual(state["dirty"] as? [String], [])
        XCTAssertEqual((state["rows"] as? [String: Int])?["group"], 2, "group 2300: the 11:00 and the 11:15 quarter")
        XCTAssertEqual((state["entities"] as? [String: Int])?["group"], 1)
        XCTAssertNotNil(state["last_refresh"] as? String)
        let rows = try groupRows()
        XCTAssertEqual(rows.map(\.quarterMs), [elevenMs, elevenMs + 900_000])
        XCTAssertEqual(rows.map(\.offered), [2, 1])
        XCTAssertEqual(rows.map(\.answered), [1, 0])

        let checked = try verify()
        XCTAssertEqual(checked.status, 0, checked.stdout)
        XCTAssertEqual(checked.report["passed"] as? Bool, true)
        let group = try XCTUnwrap((checked.report["kinds"] as? [[String: Any]])?.first { $0["kind"] as? String == "group" })
        XCTAssertEqual(group["rows"] as? Int, 2)
        XCTAssertEqual(group["quarters"] as? Int, 2)
        XCTAssertEqual(group["mismatched_rows"] as? Int, 0)
        XCTAssertEqual(checked.report["kept_quarters"] as? Int, 0)

        // Same JSON with roll-ups and from the detail (rollups.enabled: false), per quarter and per day.
        for entity in ["group:2300", "trunk:BER-GW01", "site:berlin", "enterprise"] {
            for bucket in ["15m", "day"] {
                let arguments = ["kpi", "--entity", entity, "--bucket", bucket, "--format", "json"] + day
                // The encoder's key order varies between runs: compare the values, keys sorted.
                XCTAssertEqual(try canonical(try run(arguments)), try canonical(try run(arguments, db: detailDB, config: disabled)),
                               "\(entity) per \(bucket)")
            }
        }
        XCTAssertEqual(try dayKPIs("group:2300")["offered"] as? Int, 3)
    }

    func testATamperedRowFailsVerifyNamingTheFieldAndOnlyFullReadersGetRollups() throws {
        try importFixture()
        let csv = directory.appendingPathComponent("org.csv")
        try Data("""
            path,participant,employee_id,email,extensions,valid_from
            Berlin/Sales,Anna,E1,anna@example.com,berlin/2001,2025-03-01

            """.utf8).write(to: csv)
        try run(["org", "import", csv.path])
        let password = directory.appendingPathComponent("user.pw").path
        XCTAssertTrue(FileManager.default.createFile(atPath: password, contents: Data("a long secret 123\n".utf8),
                                                     attributes: [.posixPermissions: 0o600]))
        try run(["users", "add", "anna", "--password-file", password, "--role", "employee", "--participant", "E1"])
        try tamperOffered(99)

        let checked = try verify()
        XCTAssertEqual(checked.status, 1)
        XCTAssertEqual(checked.report["passed"] as? Bool, false)
        let mismatches = try XCTUnwrap(checked.report["mismatches"] as? [[String: String]])
        XCTAssertEqual(mismatches, [["entity": "group:2300", "quarter": "2025-03-03T11:00:00Z", "field": "offered",
                                     "stored": "99", "recomputed": "2"]])
        let table = try tollbook(["rollups", "verify"])
        XCTAssertEqual(table.status, 1)
        XCTAssertTrue(table.stdout.contains("group:2300"), table.stdout)
        XCTAssertTrue(table.stdout.contains("offered"), table.stdout)
        XCTAssertTrue(table.stdout.contains("1 mismatching fields"), table.stdout)

        // The database owner sees every call: the roll-up answers (99 + 1). Anna's own calls (none here) come from the detail.
        XCTAssertEqual(try dayKPIs("group:2300")["offered"] as? Int, 100)
        XCTAssertEqual(try dayKPIs("group:2300", as: "anna")["offered"] as? Int, 0)
        // The KPI reports read the same roll-ups (one read per entity): the owner's hunt-group report shows it too.
        let tampered = try run(["report", "hunt-group-service", "--format", "csv"] + day)
        XCTAssertTrue(tampered.contains("\r\n2300,100,"), tampered)
        // Rebuilding the range repairs it.
        try run(["rollups", "rebuild"] + day)
        XCTAssertEqual(try verify().status, 0)
        XCTAssertEqual(try dayKPIs("group:2300")["offered"] as? Int, 3)
        XCTAssertTrue(try run(["report", "hunt-group-service", "--format", "csv"] + day).contains("\r\n2300,3,"))
    }

    func testAKPIReadRefreshesPendingChangesFirst() throws {
        try importFixture()
        try tamperOffered(99)
        XCTAssertEqual(try dayKPIs("group:2300")["offered"] as? Int, 100)
        // A change noted over the 11:00 quarter (as an ingest batch notes it): the KPI read refreshes that
        // quarter from the detail before it reads the roll-ups.
        try CallStore(path: database).markRollupsDirty(fromMs: elevenMs + 600_000, toMs: elevenMs + 600_001)
        XCTAssertEqual(try dayKPIs("group:2300")["offered"] as? Int, 3)
        XCTAssertEqual(try status()["dirty"] as? [String], [])
        XCTAssertEqual(try groupRows().map(\.offered), [2, 1])
    }

    func testASecondFileWithTheCallbackResolvesTheFirstFilesMissedCall() throws {
        try importFixture(records: [0, 1, 2, 3])
        var group = try dayKPIs("group:2300")
        XCTAssertEqual(group["missed_callbackable"] as? Int, 2)
        XCTAssertEqual(group["missed_resolved"] as? Int, 0)
        XCTAssertEqual(try verify().status, 0)

        try importFixture(records: [4])
        XCTAssertEqual(try status()["dirty"] as? [String], [], "refreshed before import returned")
        group = try dayKPIs("group:2300")
        XCTAssertEqual(group["missed_callbackable"] as? Int, 2)
        XCTAssertEqual(group["missed_resolved"] as? Int, 1, "81004 at 11:40 returned 81002 of the 11:00 quarter")
        XCTAssertEqual(group["missed_resolution_rate"] as? Double, 50)
        XCTAssertEqual(group["callback_median_seconds"] as? Double, 1770, "11:10:30 → 11:40:00")
        let checked = try verify()
        XCTAssertEqual(checked.status, 0, checked.stdout)
        XCTAssertEqual(try groupRows().first?.missedResolved, 1)
    }

    func testAChangedConfigurationFallsBackToTheDetailUntilRebuilt() throws {
        try importFixture()
        try tamperOffered(99)
        XCTAssertEqual(try dayKPIs("group:2300")["offered"] as? Int, 100, "read from the (tampered) roll-up")
        let changed = directory.appendingPathComponent("changed.yaml").path
        try writeConfig(changed, "", analytics: "\n    analytics: { short_abandon_s: 10 }")
        let state = try status(config: changed)
        XCTAssertEqual(state["fingerprint_matches"] as? Bool, false)
        XCTAssertNotEqual(state["stored_fingerprint"] as? String, state["configured_fingerprint"] as? String)
        XCTAssertTrue(try run(["rollups", "status"], config: changed).contains("differs: run tollbook rollups rebuild"))
        XCTAssertEqual(try dayKPIs("group:2300", config: changed)["offered"] as? Int, 3, "the detail answers")

        try run(["rollups", "rebuild"], config: changed)
        XCTAssertEqual(try status(config: changed)["fingerprint_matches"] as? Bool, true)
        XCTAssertEqual(try status()["fingerprint_matches"] as? Bool, false, "the old configuration's settings no longer match")
        XCTAssertEqual(try verify(config: changed).status, 0)
        try tamperOffered(42)
        XCTAssertEqual(try dayKPIs("group:2300", config: changed)["offered"] as? Int, 43, "roll-ups answer again")
    }

    func testErasureKeepsTheSumsAndRemovesTheNumbersCallerKey() throws {
        try importFixture()
        let secret = try CallStore(path: database).rollupCallerSecret()
        let key = Int64(RollupMaintenance.callerKey(number: "+4917655501111", secret: secret))
        XCTAssertTrue(try groupRows()[0].callers.contains { $0.key == key }, "81002's caller is in the 11:00 row")
        let keygen = try TestEnvironment.run(TestEnvironment.tollbookExecutable,
                                             ["erase", "keygen", "--out", directory.appendingPathComponent("erasure.key").path])
        XCTAssertEqual(keygen.status, 0, keygen.stderr)
        let output = try run(["erase", "--number", "+4917655501111", "--out", directory.appendingPathComponent("receipt.json").path])
        XCTAssertTrue(output.contains(": 2 calls"), output)

        XCTAssertFalse(try groupRows().contains { $0.callers.contains { $0.key == key } }, "the erased number's key is gone")
        XCTAssertEqual(try groupRows().map(\.offered), [2, 1], "k-safe sums stay")
        let checked = try verify()
        XCTAssertEqual(checked.status, 0, checked.stdout)
        XCTAssertGreaterThan(checked.report["kept_quarters"] as? Int ?? 0, 0)
        XCTAssertTrue((checked.report["kept"] as? [String] ?? []).contains { $0.hasSuffix("/2025-03-03T11:45:00Z") }, checked.stdout)
        XCTAssertEqual(try dayKPIs("group:2300")["offered"] as? Int, 3, "the kept sums still answer")
    }

    func testRetentionKeepsRowsBeforeTheHorizonUntilTheAggregatesRuleExpiresThem() throws {
        try importFixture()
        let report = try run(["retention", "run", "--as-of", "2025-09-04", "--format", "json"])
        XCTAssertTrue(report.contains("\"detail\""), report)
        XCTAssertEqual(try CallStore(path: database).callStartBounds().map { $0.fromMs }, nil, "every call expired")
        let state = try status()
        XCTAssertEqual((state["rows"] as? [String: Int])?["group"], 2, "the rows stay as kept sums")
        XCTAssertEqual(state["retained_before"] as? String, "2025-06-04T00:00:00Z")
        let checked = try verify()
        XCTAssertEqual(checked.status, 0, checked.stdout)
        XCTAssertGreaterThan(checked.report["kept_quarters"] as? Int ?? 0, 0)
        XCTAssertEqual(try dayKPIs("group:2300")["offered"] as? Int, 3, "the KPIs of expired detail come from the roll-ups")

        try run(["retention", "run", "--as-of", "2035-09-04", "--format", "json"])
        XCTAssertEqual((try status()["rows"] as? [String: Int])?["group"], 0, "the aggregates rule (10 years) expired them")
    }

    func testBadConfigurationIsNamed() throws {
        let bad = directory.appendingPathComponent("bad.yaml").path
        try writeConfig(bad, "rollups:\n  enabled: true\n  refresh: 5\n")
        let result = try tollbook(["rollups", "status"], config: bad)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("bad.yaml:18: rollups.refresh: unknown key (known: enabled, refresh_seconds)"), result.stderr)
    }
}
