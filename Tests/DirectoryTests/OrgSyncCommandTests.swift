import Foundation
import TestSupport
import XCTest

/// `tollbook org sync` end to end: the built command reads a real slapd over StartTLS, builds the
/// chart, changes nothing on a second run, follows a move and end-dates a person who left.
final class OrgSyncCommandTests: SlapdTestCase {
    private var directory: URL!
    private var database: String { directory.appendingPathComponent("tollbook.db").path }
    private var config: String { directory.appendingPathComponent("tollbook.yaml").path }

    override func setUpWithError() throws {
        try super.setUpWithError()
        directory = try TestEnvironment.makeTemporaryDirectory("tollbook-sync")
        let server = try slapd
        try Data("""
            sites:
              - name: berlin
                time_zone: Europe/Berlin
                sources: [berlin-pbx]
                numbering:
                  country_code: "49"
                  area_code: "30"
                  outside_line_prefixes: ["0"]
                  extensions: ["2100-2299"]
                  did_blocks: [{ prefix: "+49305550", extensions: "2100-2299" }]
                providers: { default: nordtel }
              - name: munich
                time_zone: Europe/Berlin
                sources: [munich-pbx]
                numbering:
                  country_code: "49"
                  area_code: "89"
                  outside_line_prefixes: ["0"]
                  extensions: ["3100-3299"]
                  did_blocks: [{ prefix: "+49895550", extensions: "3100-3299" }]
                providers: { default: nordtel }
            directory:
              url: \(server.ldapURL)
              start_tls: true
              ca_file: \(server.caFile)
              bind_dn: "\(Slapd.bindDN)"
              password_file: \(server.passwordFile)
              base_dn: "\(Slapd.suffix)"
              page_size: 3
            """.utf8).write(to: URL(fileURLWithPath: config))
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: directory)
        super.tearDown()
    }

    private func tollbook(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TOLLBOOK_") }
        environment["TZ"] = "UTC"
        let result = try TestEnvironment.run(TestEnvironment.tollbookExecutable, arguments + ["--db", database],
                                             environment: environment, currentDirectory: directory)
        XCTAssertEqual(result.status, 0, "tollbook \(arguments.joined(separator: " ")): \(result.stderr)", file: file, line: line)
        XCTAssertFalse(result.stderr.contains(Slapd.bindPassword), "the password never shows", file: file, line: line)
        return result.stdout
    }

    /// Participants by employee id: (path, extension classifiers) from `org show --format json`.
    private func chart() throws -> [String: (path: String, extensions: [String])] {
        let data = Data(try tollbook(["org", "show", "--format", "json"]).utf8)
        let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var result: [String: (String, [String])] = [:]
        func visit(_ node: [String: Any]) {
            for person in node["participants"] as? [[String: Any]] ?? [] {
                let extensions = (person["classifiers"] as? [[String: Any]] ?? [])
                    .filter { $0["kind"] as? String == "extension" }.compactMap { $0["value"] as? String }
                result[person["employee_id"] as? String ?? "?"] = (node["path"] as? String ?? "", extensions.sorted())
            }
            for child in node["children"] as? [[String: Any]] ?? [] { visit(child) }
        }
        for node in root["nodes"] as? [[String: Any]] ?? [] { visit(node) }
        return result
    }

    private var today: String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        // The org commands read dates on the first site's time zone (Europe/Berlin here): between
        // 23:00 and 24:00 UTC it is already tomorrow there.
        formatter.timeZone = TimeZone(identifier: "Europe/Berlin")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }

    func testFirstSyncBuildsTheChartAndTheSecondChangesNothing() throws {
        let dryRun = try tollbook(["org", "sync", "--dry-run", "--config", config])
        XCTAssertTrue(dryRun.hasPrefix("9 people in the directory\n"), dryRun)
        XCTAssertTrue(dryRun.contains("+ participant Anna Berger (E1001) at Berlin/Sales from \(today)"), dryRun)
        XCTAssertTrue(dryRun.contains("+ extension berlin/2101 → Anna Berger (E1001) from \(today)"), dryRun)
        XCTAssertTrue(dryRun.hasSuffix("dry run: nothing changed\n"), dryRun)
        XCTAssertTrue(try chart().isEmpty, "a dry run changes nothing")

        _ = try tollbook(["org", "sync", "--config", config])
        let people = try chart()
        XCTAssertEqual(people.count, 9)
        XCTAssertEqual(people["E1001"]?.path, "Berlin/Sales")
        XCTAssertEqual(people["E1001"]?.extensions, ["berlin/2101"], "+49 30 5550 2101 and ipPhone 2101 are one extension")
        XCTAssertEqual(people["E2001"]?.path, "Munich/Sales")
        XCTAssertEqual(people["E2001"]?.extensions, ["munich/3101"])

        let again = try tollbook(["org", "sync", "--config", config])
        XCTAssertTrue(again.hasPrefix("9 people in the directory\nno changes\n"), again)
        XCTAssertTrue(again.hasSuffix("note: entry 8 (cn=Ida Neumann,dc=example,dc=com): no OU path or department, placed under Unassigned (directory)\n"), again)
        XCTAssertFalse(again.contains("5550"), "notes never quote numbers")
    }

    func testAMoveFollowsAndALeaverIsEndDatedNotDeleted() throws {
        _ = try tollbook(["org", "sync", "--config", config])
        try slapd.modify("""
            dn: cn=Bernd Krause,ou=Sales,ou=Berlin,dc=example,dc=com
            changetype: modrdn
            newrdn: cn=Bernd Krause
            deleteoldrdn: 1
            newsuperior: ou=Sales,ou=Munich,dc=example,dc=com

            dn: cn=Bernd Krause,ou=Sales,ou=Munich,dc=example,dc=com
            changetype: modify
            replace: telephoneNumber
            telephoneNumber: +49 89 5550 3103
            -
            replace: ipPhone
            ipPhone: 3103

            """)
        try slapd.delete("cn=Clara Schmidt,ou=Support,ou=Berlin,dc=example,dc=com")
        let output = try tollbook(["org", "sync", "--config", config])
        XCTAssertTrue(output.contains("> participant Bernd Krause (E1002): Berlin/Sales → Munich/Sales from \(today)"), output)
        // She was synchronised today, so she leaves just after today's start (never before it).
        XCTAssertTrue(output.contains("- participant Clara Schmidt (E1003) leaves "), output)
        XCTAssertTrue(output.contains("+ extension munich/3103 → Bernd Krause (E1002) from \(today)"), output)
        let people = try chart()
        XCTAssertEqual(people["E1002"]?.path, "Munich/Sales")
        XCTAssertNil(people["E1003"], "no longer in the chart of today")
        // Her history stays: the chart at the start of today (when she was synced) still has her.
        let old = try tollbook(["org", "show", "--at", today])
        XCTAssertTrue(old.contains("Clara Schmidt"), old)
    }

    /// Adds lines to the `directory:` section of the configuration.
    private func configure(_ lines: String) throws {
        let text = try String(contentsOfFile: config, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "  page_size: 3", with: "  page_size: 3\n" + lines).utf8)
            .write(to: URL(fileURLWithPath: config))
    }

    private func run(_ arguments: [String]) throws -> TestEnvironment.CommandResult {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TOLLBOOK_") }
        environment["TZ"] = "UTC"
        return try TestEnvironment.run(TestEnvironment.tollbookExecutable, arguments + ["--db", database],
                                       environment: environment, currentDirectory: directory)
    }

    func testASyncWhoseFilterFindsNobodyIsRefusedUnlessForced() throws {
        _ = try tollbook(["org", "sync", "--config", config])
        try configure("  filter: (employeeID=nobody)")
        let refused = try run(["org", "sync", "--config", config])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stdout.hasPrefix("0 people in the directory\n- participant "), refused.stdout)
        XCTAssertEqual(refused.stdout.components(separatedBy: " leaves ").count - 1, 9, "the plan is printed")
        XCTAssertEqual(refused.stderr, "Error: the sync would end 9 of the 9 people it manages (100 %), more than "
                       + "directory.max_leave_percent (10 %) allows; check the directory's base_dn and filter, or apply it "
                       + "with --force; nothing was changed\n")
        XCTAssertEqual(try chart().count, 9, "nothing changed")
        _ = try tollbook(["org", "sync", "--config", config, "--force"])
        XCTAssertEqual(try chart().count, 0, "forced: everybody left")
    }

    func testAnEffectiveDateBackdatesTheGoLiveSync() throws {
        let output = try tollbook(["org", "sync", "--config", config, "--effective", "2025-01-01"])
        XCTAssertTrue(output.contains("+ participant Anna Berger (E1001) at Berlin/Sales from 2025-01-01\n"), output)
        XCTAssertTrue(output.contains("+ extension berlin/2101 → Anna Berger (E1001) from 2025-01-01\n"), output)
        let january = try tollbook(["org", "show", "--at", "2025-01-15"])
        XCTAssertTrue(january.contains("Anna Berger (E1001)"), january)
    }

    func testPeopleSeededFromCSVAreLinkedNotCopied() throws {
        let csv = directory.appendingPathComponent("org.csv")
        try Data("path;participant;employee_id\nBerlin/Sales;Anna Berger;E1001\n".utf8).write(to: csv)
        _ = try tollbook(["org", "import", csv.path, "--config", config])
        try configure("  match_by: employee_id")
        let output = try tollbook(["org", "sync", "--config", config])
        XCTAssertTrue(output.contains("~ participant Anna Berger (E1001): email - → anna.berger@example.com, external_id - → "), output)
        XCTAssertFalse(output.contains("+ participant Anna Berger"), output)
        let shown = try tollbook(["org", "show"])
        XCTAssertEqual(shown.components(separatedBy: "Anna Berger").count - 1, 1, "no second Anna: \(shown)")
    }

    func testAWrongPasswordIsAClearErrorWithoutThePassword() throws {
        try Data("wrong-Secret-0\n".utf8).write(to: URL(fileURLWithPath: try slapd.passwordFile))
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TOLLBOOK_") }
        environment["TZ"] = "UTC"
        let result = try TestEnvironment.run(TestEnvironment.tollbookExecutable,
                                             ["org", "sync", "--config", config, "--db", database],
                                             environment: environment, currentDirectory: directory)
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains(Slapd.bindDN), result.stderr)
        XCTAssertFalse(result.stderr.contains("wrong-Secret-0"))
    }
}
