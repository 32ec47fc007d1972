import Foundation
import TestSupport
import XCTest

/// `tollbook setup`, `users`, `roles`, `tokens`, `login` and `audit` end to end against the built
/// executable and a real SQLite file.
final class AccessCommandsTests: CLITestCase {
    private var config: String { directory.appendingPathComponent("tollbook.yaml").path }

    override func setUpWithError() throws {
        try super.setUpWithError()
        try """
            sites:
              - name: berlin
                time_zone: Europe/Berlin
                numbering: { country_code: "49", area_code: "30", outside_line_prefixes: ["0"] }
                providers: { default: fernwerk }
            access:
              bcrypt_cost: 4
            """.write(toFile: config, atomically: true, encoding: .utf8)
    }

    /// A password file with mode 0600 (or `mode`).
    private func passwordFile(_ name: String, _ password: String, mode: Int = 0o600) throws -> String {
        let path = directory.appendingPathComponent(name).path
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data((password + "\n").utf8),
                                                     attributes: [.posixPermissions: mode]))
        return path
    }

    /// `tollbook ARGS --config <test config> --db <test db>`.
    private func run(_ arguments: [String]) throws -> TestEnvironment.CommandResult {
        try tollbook(arguments + ["--config", config, "--db", database])
    }

    private func ok(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try run(arguments)
        XCTAssertEqual(result.status, 0, "tollbook \(arguments.joined(separator: " ")) failed: \(result.stderr)", file: file, line: line)
        return result.stdout
    }

    private func setUpUsers() throws {
        _ = try ok(["org", "node", "add", "Berlin/Sales"])
        _ = try ok(["org", "node", "add", "Munich"])
        XCTAssertEqual(try ok(["setup", "--superuser-password-file", try passwordFile("su.pw", "superuser secret 1"),
                               "--restricted-user", "mia", "--restricted-password-file", try passwordFile("mia.pw", "mia's secret 123"),
                               "--restricted-scope", "Berlin/Sales"]),
                       "created user SUPERUSER (role superuser)\ncreated user mia (roles manager)\n")
    }

    func testSetupRefusesASecondRunUnlessForced() throws {
        try setUpUsers()
        let again = try run(["setup", "--superuser-password-file", try passwordFile("su2.pw", "superuser secret 2")])
        XCTAssertEqual(again.status, 1)
        XCTAssertEqual(again.stderr, "Error: setup has run already (user SUPERUSER exists); use --force to reset SUPERUSER's password and role\n")
        let forced = try run(["setup", "--force", "--superuser-password-file", try passwordFile("su3.pw", "superuser secret 3")])
        XCTAssertEqual(forced.stdout, "reset user SUPERUSER (role superuser, enabled)\n")
        XCTAssertEqual(forced.stderr, "The audit log's key is in \(database).audit-key: back it up apart from the database (docs/access.md).\n")
        var info = stat()
        XCTAssertEqual(stat(database + ".audit-key", &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o600)
        let login = try run(["login", "--user", "SUPERUSER", "--password-file", try passwordFile("su4.pw", "superuser secret 1")])
        XCTAssertEqual(login.status, 1)
        XCTAssertEqual(login.stderr, "Error: invalid user name or password\n")
    }

    func testPasswordsComeOnlyFromPrivateFiles() throws {
        let loose = try passwordFile("loose.pw", "superuser secret 1", mode: 0o644)
        let result = try run(["setup", "--superuser-password-file", loose])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "Error: password file \(loose): mode 644 lets others read it; chmod 600 \(loose)\n")
        let terminal = open("/dev/tty", O_RDWR)
        if terminal >= 0 {
            close(terminal)  // run by hand on a terminal: the prompt would wait for input
        } else {
            let noTerminal = try run(["setup"])
            XCTAssertEqual(noTerminal.status, 1)
            XCTAssertEqual(noTerminal.stderr, "Error: no terminal to ask for the password on: give the password in a file "
                           + "(mode 0600) with --password-file\n")
        }
        let help = try tollbook(["setup", "--help"])
        XCTAssertFalse(help.stdout.contains("--password "), "no option takes a password itself")
    }

    func testUsersListPrintsTheContractedJSON() throws {
        try setUpUsers()
        _ = try ok(["users", "add", "ole", "--password-file", try passwordFile("ole.pw", "ole's secret 1234"), "--role", "employee",
                    "--role", "auditor"])
        _ = try ok(["users", "scope", "mia", "add", "Munich"])
        _ = try ok(["users", "disable", "ole"])
        XCTAssertEqual(try ok(["users", "list", "--format", "json"]), """
            [
              {"name":"SUPERUSER","roles":["superuser"],"scope":[],"disabled":false,"last_login":null},
              {"name":"mia","roles":["manager"],"scope":["Berlin/Sales","Munich"],"disabled":false,"last_login":null},
              {"name":"ole","roles":["auditor","employee"],"scope":[],"disabled":true,"last_login":null}
            ]

            """)
        let before = Date()
        _ = try ok(["login", "--user", "mia", "--password-file", try passwordFile("mia2.pw", "mia's secret 123")])
        let users = try XCTUnwrap(try json(try ok(["users", "list", "--format", "json"])) as? [[String: Any]])
        XCTAssertEqual(users.map { $0.keys.sorted() }, Array(repeating: ["disabled", "last_login", "name", "roles", "scope"], count: 3))
        XCTAssertEqual(users.compactMap { $0["name"] as? String }, ["SUPERUSER", "mia", "ole"])
        let lastLogin = try XCTUnwrap(users[1]["last_login"] as? String)
        let parsed = try XCTUnwrap(ISO8601DateFormatter().date(from: lastLogin))
        XCTAssertTrue(lastLogin.hasSuffix("Z"))
        XCTAssertGreaterThanOrEqual(parsed.timeIntervalSince1970, before.timeIntervalSince1970.rounded(.down))
        XCTAssertTrue(users[2]["last_login"] is NSNull)
    }

    func testLoginPrintsTheResolvedPrincipalAndCountsFailures() throws {
        try setUpUsers()
        XCTAssertEqual(try ok(["login", "--user", "mia", "--password-file", try passwordFile("mia2.pw", "mia's secret 123")]), """
            user: mia
            roles: manager
            permissions: calls.read_own, calls.read_scope, dashboards.read, org.read, reports.run, tokens.manage, unlock.request
            scope: Berlin/Sales
            participant: -

            """)
        let wrong = try passwordFile("wrong.pw", "not mia's password")
        for _ in 1...5 { XCTAssertEqual(try run(["login", "--user", "mia", "--password-file", wrong]).status, 1) }
        let locked = try run(["login", "--user", "mia", "--password-file", try passwordFile("mia3.pw", "mia's secret 123")])
        XCTAssertEqual(locked.status, 1)
        XCTAssertTrue(locked.stderr.hasPrefix("Error: account mia is locked after repeated failed logins until "), locked.stderr)
        _ = try ok(["users", "enable", "mia"])
        XCTAssertEqual(try run(["login", "--user", "mia", "--password-file", try passwordFile("mia4.pw", "mia's secret 123")]).status, 0)
    }

    func testTokensArePrintedOnceAndStoredOnlyAsHashes() throws {
        try setUpUsers()
        let created = try run(["tokens", "create", "--user", "mia", "--name", "nightly", "--expires", "2099-12-31"])
        XCTAssertEqual(created.status, 0, created.stderr)
        let token = created.stdout.trimmingCharacters(in: .newlines)
        XCTAssertTrue(token.hasPrefix("tbk_"))
        XCTAssertEqual(token.count, 47)
        XCTAssertEqual(created.stderr, "This token is shown only now; store it in a safe place.\n")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: database))
        if let wal = FileManager.default.contents(atPath: database + "-wal") { bytes.append(wal) }
        XCTAssertNil(bytes.range(of: Data(token.utf8)))
        XCTAssertNil(bytes.range(of: Data(token.dropFirst(4).utf8)))

        let list = try XCTUnwrap(try json(try ok(["tokens", "list", "--format", "json"])) as? [[String: Any]])
        XCTAssertEqual(list.count, 1)
        XCTAssertEqual(list.first?["name"] as? String, "nightly")
        XCTAssertEqual(list.first?["expires"] as? String, "2099-12-31T00:00:00Z")
        XCTAssertTrue(list.first?["revoked"] is NSNull)
        XCTAssertEqual(try ok(["tokens", "revoke", "--user", "mia", "--name", "nightly"]), "revoked token nightly of mia\n")
        let again = try run(["tokens", "revoke", "--user", "mia", "--name", "weekly"])
        XCTAssertEqual(again.stderr, "Error: user mia has no token named weekly\n")
    }

    func testAuditVerifyFindsTruncationAgainstTheAnchor() throws {
        try setUpUsers()
        _ = try ok(["users", "add", "ole", "--password-file", try passwordFile("ole.pw", "ole's secret 1234"), "--role", "employee"])
        let anchorLine = try ok(["audit", "anchor"])
        XCTAssertTrue(anchorLine.hasPrefix("tollbook-audit-anchor seq=4 mac="), anchorLine)
        let anchor = directory.appendingPathComponent("anchor.txt").path
        try anchorLine.write(toFile: anchor, atomically: true, encoding: .utf8)
        XCTAssertEqual(try ok(["audit", "verify", "--anchor", anchor]),
                       "audit log intact: 4 rows, head seq 4\nmatches the anchor at seq 4\n")

        let actions = try XCTUnwrap(try json(try ok(["audit", "list", "--format", "json"])) as? [[String: Any]])
        XCTAssertEqual(actions.compactMap { $0["action"] as? String }, ["setup", "users.add", "users.add", "audit.anchor", "audit.verify"])
        XCTAssertEqual(actions.compactMap { $0["actor"] as? String }, Array(repeating: "SUPERUSER", count: 5))
        XCTAssertEqual((actions[1]["subject"] as? String)?.hasPrefix("ps_"), true)
        XCTAssertEqual(try ok(["audit", "list", "--subject", "ole", "--format", "csv"]).split(separator: "\r\n").count, 2,
                       "the header and the one row about ole")

        let deleted = try TestEnvironment.run(URL(fileURLWithPath: "/usr/bin/sqlite3"), [database, "DELETE FROM audit_log WHERE seq > 3"])
        XCTAssertEqual(deleted.status, 0, deleted.stderr)
        let damaged = try run(["audit", "verify", "--anchor", anchor])
        XCTAssertEqual(damaged.status, 1)
        XCTAssertEqual(damaged.stdout, "audit log damaged: truncated after seq 3 (the anchor names seq 4)\n")
    }

    func testRolesAndScopeAreManagedByNameAndPath() throws {
        try setUpUsers()
        XCTAssertEqual(try ok(["roles", "add", "controller", "reports.run", "org.read"]), "added role controller\n")
        XCTAssertEqual(try ok(["users", "roles", "mia", "add", "controller"]), "roles of mia: controller, manager\n")
        XCTAssertEqual(try ok(["users", "scope", "mia", "set", "Munich"]), "scope of mia: Munich\n")
        let unknown = try run(["users", "scope", "mia", "add", "Hamburg"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.stderr.contains("Hamburg"), unknown.stderr)
        let inUse = try run(["roles", "remove", "controller"])
        XCTAssertEqual(inUse.stderr, "Error: role controller is still held by mia; take it from them first\n")
        let table = try ok(["roles", "list"])
        XCTAssertTrue(table.contains("controller     custom    org.read reports.run"), table)
    }
}
