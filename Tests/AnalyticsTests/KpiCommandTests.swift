import Foundation
import TestSupport
import XCTest

/// `tollbook kpi` and `tollbook kpi unreturned` through the built binary, on a store filled by
/// `tollbook import` of `Tests/Fixtures/cisco/cdr_kpi.txt` (see its README row).
final class KpiCommandTests: XCTestCase {
    private var directory: URL!
    private var database: String { directory.appendingPathComponent("tollbook.db").path }

    override func setUpWithError() throws {
        directory = try TestEnvironment.makeTemporaryDirectory("tollbook-kpi-cli")
        let fixture = TestEnvironment.fixtures.appendingPathComponent("cisco/cdr_kpi.txt").path
        _ = try succeed(["import", "--connector", "cisco.cucm", fixture])
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: directory)
    }

    private func tollbook(_ arguments: [String]) throws -> TestEnvironment.CommandResult {
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TOLLBOOK_") }
        return try TestEnvironment.run(TestEnvironment.tollbookExecutable, arguments + ["--db", database],
                                       environment: environment, currentDirectory: directory)
    }

    private func succeed(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try tollbook(arguments)
        XCTAssertEqual(result.status, 0, "tollbook \(arguments.joined(separator: " ")): \(result.stderr)", file: file, line: line)
        return result.stdout
    }

    private func buckets(_ arguments: [String]) throws -> [[String: Any]] {
        let output = try succeed(["kpi"] + arguments + ["--format", "json"])
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]], output)
    }

    func testHuntGroupKPIsOfADay() throws {
        let days = try buckets(["--entity", "group:2300", "--from", "2025-03-03", "--to", "2025-03-03", "--bucket", "day"])
        XCTAssertEqual(days.count, 1)
        let day = try XCTUnwrap(days.first)
        XCTAssertEqual(day.count, 37, "every field in every bucket")
        let expected: [String: Any] = [
            "entity": "group:2300", "bucket_start": "2025-03-03T00:00:00Z", "bucket_end": "2025-03-04T00:00:00Z",
            // 81001 (two legs, answered after 18 s), 81002 (abandoned after 30 s), 81003 (3 s: short).
            "offered": 3, "answered": 1, "abandoned": 2, "short_abandoned": 1, "lost_busy": 0, "overflowed": 0,
            "service_level": 50.0, "service_level_variant": "ignore_short", "answer_rate": 50.0, "abandon_rate": 50.0,
            "abandon_rate_raw": 66.67, "asa_seconds": 18.0, "asa_seconds_caller_view": 18.0,
            "avg_ring_seconds": 16.5, "talk_seconds": 82.0, "avg_talk_seconds": 82.0,
            // 81002's caller was called back at 11:40 (1770 s after the hang-up); 81003's never.
            "missed_callbackable": 2, "missed_resolved": 1, "missed_resolution_rate": 50.0,
            "missed_resolution_rate_callers": 50.0, "callback_median_seconds": 1770.0, "callback_p90_seconds": 1770.0,
            "unreturned": 1,
            // 100 + 30 + 3 s between 11:00 and 11:21: the first window holding them all starts at 10:30.
            "busy_hour_start": "2025-03-03T10:30:00Z", "busy_hour_erlang": 0.0369,
            "clock_busy_hour_start": "2025-03-03T11:00:00Z", "clock_busy_hour_erlang": 0.0369,
            "carried_erlang": 0.0015, "peak_concurrency": 1, "repeat_call_rate": 0.0,
        ]
        for (key, value) in expected {
            if let text = value as? String {
                XCTAssertEqual(day[key] as? String, text, key)
            } else {
                XCTAssertEqual((day[key] as? NSNumber)?.doubleValue, (value as? NSNumber)?.doubleValue, key)
            }
        }
        for key in ["utilisation", "blocking", "asr", "ner"] {
            XCTAssertTrue(day[key] is NSNull, "\(key) is null")
        }
        let negative = try buckets(["--entity", "group:2300", "--from", "2025-03-03", "--to", "2025-03-03", "--bucket", "all",
                                    "--sl-variant", "negative"])
        XCTAssertEqual(negative.first?["service_level"] as? Double, 33.33)
        XCTAssertEqual(negative.first?["service_level_variant"] as? String, "negative")
    }

    func testTrunkOccupancyPerLegAndTheUnreturnedList() throws {
        let trunk = try XCTUnwrap(try buckets(["--entity", "trunk:BER-GW01", "--from", "2025-03-03T11:00:00Z",
                                               "--to", "2025-03-03T12:00:00Z", "--bucket", "hour"]).first)
        // Legs of 15, 100, 30, 3 and 125 s on the gateway (273 s in the hour); 81001's two legs overlap.
        XCTAssertEqual(trunk["carried_erlang"] as? Double, 0.0758)
        XCTAssertEqual(trunk["peak_concurrency"] as? Int, 2)
        XCTAssertEqual(trunk["asr"] as? Double, 100)
        let output = try succeed(["kpi", "unreturned", "--entity", "group:2300", "--from", "2025-03-03", "--to", "2025-03-03",
                                  "--format", "json"])
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]])
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows.first?["caller"] as? String, "+4917655502222")
        XCTAssertEqual(rows.first?["attempts"] as? Int, 1)
        XCTAssertEqual(rows.first?["first_attempt"] as? String, "2025-03-03T11:20:00Z")
        let csv = try succeed(["kpi", "--entity", "group:2300", "--from", "2025-03-03", "--to", "2025-03-03", "--format", "csv",
                               "--bucket", "day"])
        let lines = csv.split(separator: "\r\n")
        XCTAssertEqual(lines.count, 2)
        XCTAssertTrue(csv.hasSuffix("\r\n") && !csv.contains("\n\n"), "RFC 4180: CR LF after every record")
        // Without --bucket: quarter hours, 96 of them in a day; 81001 is booked at 11:00.
        let quarters = try buckets(["--entity", "group:2300", "--from", "2025-03-03", "--to", "2025-03-03"])
        XCTAssertEqual(quarters.count, 96)
        XCTAssertEqual(quarters[44]["bucket_start"] as? String, "2025-03-03T11:00:00Z")
        XCTAssertEqual(quarters[44]["offered"] as? Int, 2)
        XCTAssertEqual(quarters[44]["peak_concurrency"] as? Int, 1)
        XCTAssertEqual(quarters[45]["offered"] as? Int, 1)
        XCTAssertTrue(lines[0].hasPrefix("entity,bucket_start,bucket_end,offered,answered,abandoned,short_abandoned"))
        XCTAssertTrue(lines[1].hasPrefix("group:2300,2025-03-03T00:00:00Z,2025-03-04T00:00:00Z,3,1,2,1,0,0,50,ignore_short,"))
        // The table has one column per bucket and one row per figure.
        let table = try succeed(["kpi", "--entity", "group:2300", "--from", "2025-03-03", "--to", "2025-03-04", "--bucket", "day"])
        XCTAssertTrue(table.contains("BUCKET 2025-03-03T00:00:00Z") && table.contains("BUCKET 2025-03-04T00:00:00Z"), table)
        let serviceLevel = try XCTUnwrap(table.split(separator: "\n").first { $0.hasPrefix("service_level ") })
        XCTAssertEqual(serviceLevel.split(separator: " ", omittingEmptySubsequences: true), ["service_level", "50"],
                       "50 % on the 3rd, empty (null) on the 4th")
    }

    func testBadInputIsNamed() throws {
        let entity = try tollbook(["kpi", "--entity", "queue:1", "--from", "2025-03-03", "--to", "2025-03-03"])
        XCTAssertNotEqual(entity.status, 0)
        XCTAssertTrue(entity.stderr.contains("--entity 'queue:1'"), entity.stderr)
        let bucket = try tollbook(["kpi", "--entity", "enterprise", "--from", "2025-03-03", "--to", "2025-03-03", "--bucket", "year"])
        XCTAssertTrue(bucket.stderr.contains("--bucket 'year'"), bucket.stderr)
        let config = directory.appendingPathComponent("bad.yaml")
        try """
            sites:
              - name: berlin
                time_zone: Europe/Berlin
                numbering: {country_code: "49", area_code: "30", outside_line_prefixes: ["0"]}
                providers: {default: telekom}
                analytics:
                  sl_variant: fastest
            """.write(to: config, atomically: true, encoding: .utf8)
        let bad = try tollbook(["kpi", "--config", config.path, "--entity", "enterprise", "--from", "2025-03-03", "--to", "2025-03-03"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("bad.yaml:7: sites[0].analytics.sl_variant: unknown variant 'fastest'"), bad.stderr)
    }

    func testTheCoDeterminationProfileGatesGroupKPIsAndWithholdsSmallOrgNodes() throws {
        let config = directory.appendingPathComponent("governed.yaml")
        func write(_ groupKPIs: String) throws {
            try """
                sites:
                  - name: berlin
                    time_zone: Europe/Berlin
                    sources: [cucm]
                    numbering: {country_code: "49", area_code: "30", outside_line_prefixes: ["0"]}
                    providers: {default: testnet}
                privacy:
                  min_group_size: 5
                  profile:
                    agreement: BV Telefonie 2026
                \(groupKPIs)
                """.write(to: config, atomically: true, encoding: .utf8)
        }
        let arguments = ["kpi", "--config", config.path, "--from", "2025-03-03", "--to", "2025-03-03", "--bucket", "all",
                         "--format", "json", "--entity"]
        try write("")
        let refused = try tollbook(arguments + ["group:2300"])
        XCTAssertEqual(refused.status, 3, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("hunt_group_kpis is disabled by the co-determination profile"), refused.stderr)
        try write("    hunt_group_kpis: true")
        let allowed = try tollbook(arguments + ["group:2300"])
        XCTAssertEqual(allowed.status, 0, allowed.stderr)
        XCTAssertTrue(allowed.stdout.contains("\"offered\" : 3"), allowed.stdout)
        // "Other" holds nobody: fewer than 5 persons, withheld.
        let withheld = try tollbook(arguments + ["org:Other"])
        XCTAssertNotEqual(withheld.status, 0)
        XCTAssertTrue(withheld.stderr.contains("the KPIs of org:Other are withheld: fewer than 5 persons"), withheld.stderr)
    }

    func testAConfiguredGroupWithFewerMembersThanKIsWithheld() throws {
        let config = directory.appendingPathComponent("members.yaml")
        func write(members: [String]) throws {
            try """
                sites:
                  - name: berlin
                    time_zone: Europe/Berlin
                    sources: [cucm]
                    numbering: {country_code: "49", area_code: "30", outside_line_prefixes: ["0"]}
                    providers: {default: testnet}
                    analytics:
                      hunt_groups:
                        - {name: "2300", members: [\(members.map { "\"\($0)\"" }.joined(separator: ", "))]}
                privacy:
                  min_group_size: 5
                  profile:
                    hunt_group_kpis: true
                """.write(to: config, atomically: true, encoding: .utf8)
        }
        let arguments = ["kpi", "--config", config.path, "--from", "2025-03-03", "--to", "2025-03-03", "--bucket", "all",
                         "--format", "json", "--entity", "group:2300"]
        // Four members (one named twice counts once): fewer than k = 5, withheld with exit status 3.
        try write(members: ["2301", "2302", "2303", "2304", "2304"])
        let withheld = try tollbook(arguments)
        XCTAssertEqual(withheld.status, 3, withheld.stderr)
        XCTAssertEqual(withheld.stdout, "")
        XCTAssertEqual(withheld.stderr, "Error: the KPIs of group:2300 are withheld: the group has 4 configured members, "
                       + "fewer than the minimum group size 5 (privacy.min_group_size)\n")
        let unreturned = try tollbook(["kpi", "unreturned", "--config", config.path, "--from", "2025-03-03", "--to", "2025-03-03",
                                       "--entity", "group:2300"])
        XCTAssertEqual(unreturned.status, 3, "unreturned callers too: \(unreturned.stderr)")
        // Five members: shown.
        try write(members: ["2301", "2302", "2303", "2304", "2305"])
        let shown = try tollbook(arguments)
        XCTAssertEqual(shown.status, 0, shown.stderr)
        XCTAssertTrue(shown.stdout.contains("\"offered\" : 3"), shown.stdout)
    }
}
