import Foundation
import TestSupport
import XCTest

/// `--as USER` on every reading command: the CLI shows exactly what that user would see through
/// the query layer — a manager the calls of their org subtree at the time of the call, an employee
/// their own — and every read by a user, allowed or refused, is in the audit log, whose chain
/// still verifies.
final class ReadAsUserTests: CLITestCase {
    private var config: String { directory.appendingPathComponent("tollbook.yaml").path }

    override func setUpWithError() throws {
        try super.setUpWithError()
        let tariffs = directory.appendingPathComponent("tariffs")
        try FileManager.default.createDirectory(at: tariffs, withIntermediateDirectories: true)
        try Data("""
            [provider]
            id = testnet
            name = Test Net
            currency = EUR

            [zone DE_FIXED]
            name = Deutschland Festnetz
            class = national
            prefixes = +492, +493, +494, +495, +496, +497, +498, +499

            [version 2025-01]
            valid_from = 2025-01-01
            DE_FIXED = 1 ct/min 60/60

            """.utf8).write(to: tariffs.appendingPathComponent("testnet.ini"))
        try Data("""
            tariffs: tariffs
            sites:
              - name: berlin
                time_zone: Europe/Berlin
                sources: [cucm]
                numbering: { country_code: "49", area_code: "30", outside_line_prefixes: ["0"], extensions: ["2000-2999"] }
                providers: { default: testnet }
            access:
              bcrypt_cost: 4
            """.utf8).write(to: URL(fileURLWithPath: config))
        let fixtures = TestEnvironment.fixtures.appendingPathComponent("cisco")
        _ = try succeed(["import", "--config", config, "--connector", "cisco.cucm", "--source", "cucm"]
                        + ["cdr_133_basic.txt", "cdr_129.txt", "cdr_forwards.txt"].map { fixtures.appendingPathComponent($0).path })
        // Anna and Ben in Sales, Cleo in Support — from 1 March 2025, before every call of the fixtures.
        let csv = directory.appendingPathComponent("org.csv")
        try Data("""
            path,participant,employee_id,extensions,valid_from
            Berlin/Sales,Anna,E1,berlin/2001,2025-03-01
            Berlin/Sales,Ben,E2,berlin/2002,2025-03-01
            Berlin/Support,Cleo,E3,berlin/2003,2025-03-01

            """.utf8).write(to: csv)
        _ = try succeed(["org", "import", "--config", config, csv.path])
        let password = directory.appendingPathComponent("user.pw").path
        XCTAssertTrue(FileManager.default.createFile(atPath: password, contents: Data("a long secret 123\n".utf8),
                                                     attributes: [.posixPermissions: 0o600]))
        _ = try run(["users", "add", "mia", "--password-file", password, "--role", "manager", "--scope", "Berlin/Sales"])
        _ = try run(["users", "add", "cleo", "--password-file", password, "--role", "employee", "--participant", "E3"])
        _ = try run(["users", "add", "otto", "--password-file", password, "--role", "auditor"])
    }

    /// `tollbook ARGS --config <config> --db <db>`, which must succeed.
    @discardableResult
    private func run(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try tollbook(arguments + ["--config", config, "--db", database])
        XCTAssertEqual(result.status, 0, "tollbook \(arguments.joined(separator: " ")): \(result.stderr)", file: file, line: line)
        return result.stdout
    }

    /// The calls of `calls --format json` (as `user`, or as the database owner), as (id, extension_key).
    private func calls(as user: String?) throws -> [(id: Int64, extensionKey: String)] {
        let output = try run(["calls", "--format", "json"] + (user.map { ["--as", $0] } ?? []))
        let rows = try XCTUnwrap(try json(output) as? [[String: Any]])
        return rows.map { (($0["id"] as? NSNumber)?.int64Value ?? -1, $0["extension_key"] as? String ?? "") }
    }

    private func auditRows() throws -> [[String: Any]] {
        try XCTUnwrap(try json(try run(["audit", "list", "--format", "json"])) as? [[String: Any]])
    }

    func testAManagerSeesTheSubtreeAndAnEmployeeTheirOwnCalls() throws {
        let all = try calls(as: nil)
        XCTAssertEqual(all.count, 11)
        // The oracle: Sales owned the extensions 2001 and 2002 at the time of every call.
        XCTAssertEqual(try calls(as: "mia").map(\.id),
                       all.filter { ["berlin/2001", "berlin/2002"].contains($0.extensionKey) }.map(\.id))
        XCTAssertEqual(try calls(as: "mia").map(\.id), [1, 2, 4, 7, 8, 10])
        XCTAssertEqual(try calls(as: "cleo").map(\.id), all.filter { $0.extensionKey == "berlin/2003" }.map(\.id))
        XCTAssertEqual(try calls(as: "cleo").map(\.id), [3, 5, 11])
        XCTAssertEqual(try calls(as: "otto").map(\.id), [], "an auditor reads no calls")
        // The same rows in every format.
        let jsonl = try run(["calls", "--format", "jsonl", "--as", "mia"]).split(separator: "\n")
        XCTAssertEqual(jsonl.count, 6)
        let csv = try run(["calls", "--format", "csv", "--as", "cleo"]).split(separator: "\r\n").dropFirst()
        XCTAssertEqual(csv.map { $0.prefix { $0 != "," } }, ["3", "5", "11"])
    }

    func testAReadOutsideTheScopeShowsNothingAndIsAudited() throws {
        // Call 3 is Cleo's (Support): outside mia's scope.
        let refused = try tollbook(["calls", "--explain", "3", "--as", "mia", "--config", config, "--db", database])
        XCTAssertEqual(refused.status, 1)
        XCTAssertEqual(refused.stdout, "")
        XCTAssertEqual(refused.stderr, "Error: there is no call 3\n")
        XCTAssertTrue(try run(["calls", "--explain", "1", "--as", "mia"]).hasPrefix("Call 1: outgoing, answered"))
        XCTAssertEqual(try run(["rejects", "--format", "json", "--as", "mia"]), "[]\n", "a manager may not read the quarantine")
        let rows = try auditRows()
        let reads = rows.filter { ($0["actor"] as? String) == "mia" }
        XCTAssertEqual(reads.map { "\($0["action"] ?? "") \($0["outcome"] ?? "")" },
                       ["calls.read denied", "rejects.list denied"])
        // No call id, number or name in clear: the subject is a pseudonym.
        XCTAssertEqual(reads.first?["subject"].map { "\($0)".hasPrefix("ps_") }, true)
        XCTAssertEqual(try run(["audit", "verify"]).isEmpty, false)
    }

    func testListingsByUsersAreAuditedAndTheOwnersAreNot() throws {
        _ = try run(["calls"])
        _ = try run(["calls", "--as", "cleo"])
        let rows = try auditRows().filter { ($0["action"] as? String)?.hasPrefix("calls.") == true }
        XCTAssertEqual(rows.map { "\($0["actor"] ?? "") \($0["outcome"] ?? "") \($0["detail"] ?? "")" },
                       ["cleo success rows=3"])
    }

    func testAnUnknownOrDisabledUserIsRefused() throws {
        let unknown = try tollbook(["calls", "--as", "nobody", "--config", config, "--db", database])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertEqual(unknown.stdout, "")
        _ = try run(["users", "disable", "mia"])
        let disabled = try tollbook(["report", "costs", "--by", "node", "--from", "2025-03-01", "--to", "2025-03-31", "--as", "mia",
                                     "--config", config, "--db", database])
        XCTAssertEqual(disabled.status, 1)
        XCTAssertEqual(disabled.stdout, "")
    }
}
