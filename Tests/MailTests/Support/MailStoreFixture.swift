import Foundation
import TestSupport
import XCTest

/// A store made with the real `tollbook` binary (as `Tests/CLITests/ReportCommandsTests` makes it):
/// rated Cisco calls of March 2025, the org chart Berlin/Sales (Anna E1, Ben E2) and Berlin/Support
/// (Cleo E3) with e-mail addresses, tariff packages; users `anna` (manager of Berlin/Sales),
/// `ben` (manager of Berlin/Support), `cleo` (employee) and `boss` (manager of Berlin), each linked
/// to a participant; and a configuration with a `mail:` section for `smtp` and the given `reports:`.
final class MailStoreFixture {
    let directory: URL
    var database: String { directory.appendingPathComponent("tollbook.db").path }
    var config: String { directory.appendingPathComponent("tollbook.yaml").path }

    init(directory: URL) throws {
        self.directory = directory
        try TestTariffs.writeTestnet(below: directory)
        try writeConfiguration(mail: nil, reports: nil)
        let fixtures = TestEnvironment.fixtures.appendingPathComponent("cisco")
        try run(["import", "--config", config, "--connector", "cisco.cucm", "--source", "cucm"]
                + ["cdr_133_basic.txt", "cdr_129.txt", "cdr_forwards.txt"].map { fixtures.appendingPathComponent($0).path })
        let csv = directory.appendingPathComponent("org.csv")
        try Data("""
            path,participant,email,employee_id,extensions,valid_from
            Berlin/Sales,Anna,anna@example.com,E1,berlin/2001,2025-03-01
            Berlin/Sales,Ben,ben@example.com,E2,berlin/2002,2025-03-01
            Berlin/Support,Cleo,cleo@example.com,E3,berlin/2003,2025-03-01
            Berlin,Dora,dora@example.com,E4,,2025-03-01

            """.utf8).write(to: csv)
        try run(["org", "import", csv.path])
        let password = directory.appendingPathComponent("user.pw")
        try "a long user password 1234\n".write(to: password, atomically: true, encoding: .utf8)
        chmod(password.path, 0o600)
        for (user, role, scope, participant) in [("anna", "manager", "Berlin/Sales", "E1"), ("ben", "manager", "Berlin/Support", "E2"),
                                                 ("cleo", "employee", nil, "E3"), ("boss", "manager", "Berlin", "E4")] {
            try run(["users", "add", user, "--password-file", password.path, "--role", role, "--participant", participant]
                    + (scope.map { ["--scope", $0] } ?? []))
        }
    }

    /// Writes the configuration: the site and packages, then `mail` and `reports` as given (YAML text).
    func writeConfiguration(mail: String?, reports: String?) throws {
        var text = """
            tariffs: tariffs
            sites:
              - name: berlin
                time_zone: Europe/Berlin
                sources: [cucm]
                numbering: { country_code: "49", area_code: "30", outside_line_prefixes: ["0"], extensions: ["2000-2999"] }
                providers: { default: testnet }
            packages:
              - name: standard
                base_fee: "3.10"
                labour_per_hour: "36.00"
                services: [{ name: Line rental, monthly: "31.00" }]
                assign: [{ node: Berlin, from: 2025-01-01 }]

            """
        if let mail { text += mail }
        if let reports { text += reports }
        try Data(text.utf8).write(to: URL(fileURLWithPath: config))
    }

    /// The `mail:` section for `server` (or a port nobody listens on).
    func mailSection(port: Int, server: SMTPServerFixture, password: URL? = nil, retry: String = "") -> String {
        """
        mail:
          host: 127.0.0.1
          port: \(port)
          from: tollbook@example.com
          user: \(server.user)
          password_file: \((password ?? server.passwordFile).path)
          ca_file: \(server.certificate.path)
          timeout_seconds: 10
        \(retry)

        """
    }

    /// Runs `tollbook ARGS --db <store>`, failing the test on a non-zero exit.
    @discardableResult
    func run(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try tollbook(arguments)
        XCTAssertEqual(result.status, 0, "tollbook \(arguments.joined(separator: " ")): \(result.stderr)", file: file, line: line)
        return result.stdout
    }

    /// Runs `tollbook ARGS --db <store>`.
    func tollbook(_ arguments: [String]) throws -> TestEnvironment.CommandResult {
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TOLLBOOK_") }
        return try TestEnvironment.run(TestEnvironment.tollbookExecutable, arguments + ["--db", database], environment: environment,
                                       currentDirectory: directory)
    }
}
