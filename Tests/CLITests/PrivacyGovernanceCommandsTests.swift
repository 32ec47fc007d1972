import Foundation
import TestSupport
import XCTest

/// The co-determination profile and the minimum group size through the real `tollbook` binary:
/// refused functions (exit status 3), withheld cells of `report costs`, the works-agreement annex,
/// the Art. 30 record and the DPIA inputs.
final class PrivacyGovernanceCommandsTests: CLITestCase {
    private var config: String { directory.appendingPathComponent("tollbook.yaml").path }

    /// Rated Cisco calls (Anna 2001: 4 calls, 0.02; Ben 2002: 2 calls, 0.30; Cleo 2003: 1 call, 0.01 in March 2025),
    /// team Sales/T1 of six people (Anna and five without calls), team Sales/T2 of three (Ben, Cleo, Dora).
    private func prepare(profile: String) throws {
        try TestTariffs.writeTestnet(below: directory)
        try writeConfig(profile: profile)
        let fixtures = TestEnvironment.fixtures.appendingPathComponent("cisco")
        _ = try succeed(["import", "--config", config, "--connector", "cisco.cucm", "--source", "cucm"]
                        + ["cdr_133_basic.txt", "cdr_129.txt", "cdr_forwards.txt"].map { fixtures.appendingPathComponent($0).path })
        let csv = directory.appendingPathComponent("org.csv")
        var rows = ["path,participant,employee_id,extensions,valid_from",
                    "Sales/T1,Anna,E1,berlin/2001,2025-03-01",
                    "Sales/T2,Ben,E2,berlin/2002,2025-03-01",
                    "Sales/T2,Cleo,E3,berlin/2003,2025-03-01",
                    "Sales/T2,Dora,E4,,2025-03-01"]
        for index in 5...9 { rows.append("Sales/T1,Person \(index),E\(index),,2025-03-01") }
        try Data((rows.joined(separator: "\n") + "\n").utf8).write(to: csv)
        _ = try succeed(["org", "import", csv.path])
    }

    private func writeConfig(profile: String) throws {
        try Data("""
            tariffs: tariffs
            sites:
              - name: berlin
                time_zone: Europe/Berlin
                sources: [cucm]
                numbering: { country_code: "49", area_code: "30", outside_line_prefixes: ["0"], extensions: ["2000-2999"] }
                providers: { default: testnet }
            privacy:
              min_group_size: 5
            \(profile)
            """.utf8).write(to: URL(fileURLWithPath: config))
    }

    private func costs(_ by: String, format: String = "json") throws -> TestEnvironment.CommandResult {
        try tollbook(["report", "costs", "--db", database, "--config", config, "--by", by, "--from", "2025-03-01",
                      "--to", "2025-03-31", "--format", format])
    }

    private func pdfText(_ file: String) throws -> String {
        let result = try TestEnvironment.run(URL(fileURLWithPath: "/usr/bin/pdftotext"), [file, "-"])
        XCTAssertEqual(result.status, 0, result.stderr)
        return result.stdout
    }

    func testAProfileWithoutPerPersonDurationRefusesItAndTheAnnexListsItDisabled() throws {
        try prepare(profile: """
              profile:
                agreement: BV Telefonie 2026
                cost_report_by_participant: true
                per_person_duration: false
            """)
        let refused = try costs("participant")
        XCTAssertEqual(refused.status, 3, refused.stderr)
        XCTAssertEqual(refused.stdout, "")
        XCTAssertTrue(refused.stderr.contains(
            "per_person_duration is disabled by the co-determination profile (privacy.profile.per_person_duration)"),
                      refused.stderr)

        let annex = directory.appendingPathComponent("annex.md").path
        let export = try tollbook(["privacy", "profile", "export", "--config", config, "--format", "md", "--out", annex])
        XCTAssertEqual(export.status, 0, export.stderr)
        let markdown = try String(contentsOfFile: annex, encoding: .utf8)
        XCTAssertTrue(markdown.contains("| Talk time per person | per_person_duration | disabled |"), markdown)
        XCTAssertTrue(markdown.contains("| Cost report per person | cost_report_by_participant | enabled |"), markdown)
        XCTAssertTrue(markdown.contains("- **Agreement:** BV Telefonie 2026"), markdown)

        let pdf = directory.appendingPathComponent("annex.pdf").path
        let german = try tollbook(["privacy", "profile", "export", "--config", config, "--format", "pdf", "--lang", "de",
                                   "--out", pdf])
        XCTAssertEqual(german.status, 0, german.stderr)
        let text = try pdfText(pdf)
        XCTAssertTrue(text.contains("Anlage zur Betriebsvereinbarung"), text)
        XCTAssertTrue(text.contains("Gesprächsdauer je Person"), text)
        XCTAssertTrue(text.contains("deaktiviert"), text)
        XCTAssertTrue(text.contains("Seite 1 von"), text)
    }

    func testTheSmallTeamAndTheTotalThatWouldRevealItAreWithheld() throws {
        try prepare(profile: "")
        let result = try costs("node")
        XCTAssertEqual(result.status, 0, result.stderr)
        let rows = try XCTUnwrap(try json(result.stdout) as? [[String: Any]])
        let byPath = Dictionary(uniqueKeysWithValues: rows.map { ($0["path"] as? String ?? "", $0) })
        let t1 = try XCTUnwrap(byPath["Sales/T1"])
        XCTAssertEqual(t1["calls"] as? Int, 4)
        XCTAssertEqual(t1["call_costs"] as? String, "0.02")
        XCTAssertEqual(t1["total_minor"] as? Int, 2)
        XCTAssertEqual(t1["suppressed"] as? Bool, false)
        XCTAssertTrue(t1["suppression"] is NSNull)
        let t2 = try XCTUnwrap(byPath["Sales/T2"])
        XCTAssertTrue(t2["total"] is NSNull)
        XCTAssertTrue(t2["calls"] is NSNull)
        XCTAssertEqual(t2["suppressed"] as? Bool, true)
        XCTAssertEqual(t2["suppression"] as? String, "below_minimum")
        let sales = try XCTUnwrap(byPath["Sales"])
        XCTAssertTrue(sales["total_minor"] is NSNull)
        XCTAssertEqual(sales["suppression"] as? String, "complementary")
        XCTAssertEqual(sales["own_suppressed"] as? Bool, false, "nobody is placed on Sales itself")
        XCTAssertEqual(sales["own_total"] as? String, "0.00")
        // Calls of extensions nobody owns are about no one: shown.
        XCTAssertEqual(byPath["Other"]?["total"] as? String, "0.04")
        XCTAssertEqual(byPath["(all)"]?["suppression"] as? String, "complementary")

        let table = try costs("node", format: "table")
        XCTAssertEqual(table.status, 0, table.stderr)
        let t2Line = try XCTUnwrap(table.stdout.split(separator: "\n").first { $0.hasPrefix("Sales/T2") })
        XCTAssertTrue(t2Line.contains("< 5"), String(t2Line))
        let salesLine = try XCTUnwrap(table.stdout.split(separator: "\n").first { $0.hasPrefix("Sales ") })
        XCTAssertTrue(salesLine.contains("hidden"), String(salesLine))

        // Per-person costs are off by default in a governed configuration.
        let participants = try costs("participant")
        XCTAssertEqual(participants.status, 3)
        XCTAssertTrue(participants.stderr.contains("cost_report_by_participant is disabled"), participants.stderr)
    }

    func testItemisedCallsCanBeSwitchedOff() throws {
        try prepare(profile: "")
        XCTAssertEqual(try tollbook(["calls", "--db", database, "--config", config, "--format", "json"]).status, 0)
        try writeConfig(profile: """
              profile:
                itemised_calls: false
            """)
        let refused = try tollbook(["calls", "--db", database, "--config", config])
        XCTAssertEqual(refused.status, 3)
        XCTAssertTrue(refused.stderr.contains("itemised_calls is disabled by the co-determination profile"), refused.stderr)
        let explain = try tollbook(["calls", "--db", database, "--config", config, "--explain", "1"])
        XCTAssertEqual(explain.status, 3, "one call's detail is itemised too")
    }

    /// P16's acceptance test through the configuration file: private retention set to 2 months
    /// (privacy.retention) → the Art. 30 export and the annex say so, the journal follows.
    func testArt30FollowsTheConfiguredRetention() throws {
        try writeConfig(profile: """
              retention:
                default:
                  detail: { private: 2 months }
            """)
        let markdown = try tollbook(["privacy", "art30", "--config", config])
        XCTAssertEqual(markdown.status, 0, markdown.stderr)
        XCTAssertTrue(markdown.stdout.contains("- private detail: 2 months"), markdown.stdout)
        XCTAssertTrue(markdown.stdout.contains("- pin detail: 3 months"), markdown.stdout)
        XCTAssertTrue(markdown.stdout.contains("- business detail: 6 months"), markdown.stdout)
        XCTAssertTrue(markdown.stdout.contains("- raw journal: 2 months"), markdown.stdout)
        let annex = directory.appendingPathComponent("annex.md").path
        let export = try tollbook(["privacy", "profile", "export", "--config", config, "--format", "md", "--lang", "en", "--out", annex])
        XCTAssertEqual(export.status, 0, export.stderr)
        let text = try String(contentsOfFile: annex, encoding: .utf8)
        XCTAssertTrue(text.contains("2 months"), text)
    }

    func testArt30AndDPIAExports() throws {
        try writeConfig(profile: """
              profile:
                per_person_ranking: true
            """)
        let markdown = try tollbook(["privacy", "art30", "--config", config])
        XCTAssertEqual(markdown.status, 0, markdown.stderr)
        XCTAssertTrue(markdown.stdout.contains("- private detail: 3 months"), markdown.stdout)
        XCTAssertTrue(markdown.stdout.contains("- Minimum group size: 5"), markdown.stdout)
        let json = try tollbook(["privacy", "art30", "--config", config, "--format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let record = try XCTUnwrap(try self.json(json.stdout) as? [String: Any])
        let periods = try XCTUnwrap(record["erasure_periods"] as? [[String: Any]])
        XCTAssertEqual(periods.first { $0["item"] as? String == "pin detail" }?["months"] as? Int, 3)
        XCTAssertEqual((record["measures"] as? [String: Any])?["four_eyes_unlock"] as? Bool, true)
        let pdf = directory.appendingPathComponent("art30.pdf").path
        XCTAssertEqual(try tollbook(["privacy", "art30", "--config", config, "--format", "pdf", "--lang", "de", "--out", pdf]).status, 0)
        XCTAssertTrue(try pdfText(pdf).contains("Einzelverbindungen privat: 3 Monate"))
        let noOut = try tollbook(["privacy", "art30", "--config", config, "--format", "pdf"])
        XCTAssertNotEqual(noOut.status, 0)
        XCTAssertTrue(noOut.stderr.contains("--format pdf needs --out FILE"), noOut.stderr)

        let dpia = try tollbook(["privacy", "dpia", "--config", config, "--format", "json"])
        XCTAssertEqual(dpia.status, 0, dpia.stderr)
        let inputs = try XCTUnwrap(try self.json(dpia.stdout) as? [String: Any])
        XCTAssertEqual(inputs["met_count"] as? Int, 4)
        XCTAssertEqual(inputs["assessment_required"] as? Bool, true)
    }
}
