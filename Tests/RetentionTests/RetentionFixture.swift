import Foundation
@testable import Store
import TestSupport
import XCTest

/// The spec's fixture on real files, through the real `tollbook` binary: rated Cisco calls of
/// 3 March 2025 (Europe/Berlin), Anna (E1, berlin/2001) and Ben (E2) in Berlin/Sales, Cleo (E3) in
/// Berlin/Support. Anna's priced call to +49305550123 (2 cents) is her private call; her other
/// three calls and everyone else's are business. (Categories are set on the stored calls here:
/// classifying them at ingest is stream wt-p1's.)
class RetentionTestCase: XCTestCase {
    var directory: URL!
    var database: String { directory.appendingPathComponent("tollbook.db").path }
    var config: String { directory.appendingPathComponent("tollbook.yaml").path }
    /// Anna's private call's called number.
    let annasNumber = "+49305550123"

    /// Extra configuration appended to the file (e.g. a `privacy:` section).
    var privacySection: String { "" }

    override func setUpWithError() throws {
        directory = try TestEnvironment.makeTemporaryDirectory("tollbook-retention")
        try TestTariffs.writeTestnet(below: directory)
        try Data(("""
            tariffs: tariffs
            sites:
              - name: berlin
                time_zone: Europe/Berlin
                sources: [cucm]
                numbering: { country_code: "49", area_code: "30", outside_line_prefixes: ["0"], extensions: ["2000-2999"] }
                providers: { default: testnet }
            access:
              bcrypt_cost: 4

            """ + privacySection).utf8).write(to: URL(fileURLWithPath: config))
        let fixtures = TestEnvironment.fixtures.appendingPathComponent("cisco")
        try run(["import", "--connector", "cisco.cucm", "--source", "cucm"]
                + ["cdr_133_basic.txt", "cdr_129.txt", "cdr_forwards.txt"].map { fixtures.appendingPathComponent($0).path })
        let csv = directory.appendingPathComponent("org.csv")
        try Data("""
            path,participant,employee_id,email,extensions,valid_from
            Berlin/Sales,Anna,E1,anna@example.com,berlin/2001,2025-03-01
            Berlin/Sales,Ben,E2,,berlin/2002,2025-03-01
            Berlin/Support,Cleo,E3,,berlin/2003,2025-03-01

            """.utf8).write(to: csv)
        try run(["org", "import", csv.path])
        let password = directory.appendingPathComponent("user.pw").path
        XCTAssertTrue(FileManager.default.createFile(atPath: password, contents: Data("a long secret 123\n".utf8),
                                                     attributes: [.posixPermissions: 0o600]))
        try run(["users", "add", "anna", "--password-file", password, "--role", "employee", "--participant", "E1"])
        // Found through the listing, which opens sealed numbers when the store is encrypted.
        let annas = try calls().filter { $0["remote_e164"] as? String == annasNumber }.compactMap { $0["id"] as? Int }
        XCTAssertEqual(annas.count, 1)
        let store = try SQLiteDatabase(path: database)
        for id in annas { try store.execute("UPDATE calls SET category = 'private' WHERE id = \(id)") }
        XCTAssertEqual(try store.scalarInt("SELECT count(*) FROM calls WHERE category = 'private'"), 1)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs `tollbook ARGS --config <config> --db <db>`.
    func tollbook(_ arguments: [String]) throws -> TestEnvironment.CommandResult {
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TOLLBOOK_") }
        return try TestEnvironment.run(TestEnvironment.tollbookExecutable, arguments + ["--config", config, "--db", database],
                                       environment: environment, currentDirectory: directory)
    }

    /// Runs `tollbook ARGS --config <config> --db <db>`, which must succeed.
    @discardableResult
    func run(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try tollbook(arguments)
        XCTAssertEqual(result.status, 0, "tollbook \(arguments.joined(separator: " ")): \(result.stderr)", file: file, line: line)
        return result.stdout
    }

    /// Parses JSON output.
    func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    /// `calls --format json` (as `user`, or the owner): the rows.
    func calls(as user: String? = nil) throws -> [[String: Any]] {
        try XCTUnwrap(try json(try run(["calls", "--format", "json"] + (user.map { ["--as", $0] } ?? []))) as? [[String: Any]])
    }

    /// The ids of `calls` rows.
    func ids(_ rows: [[String: Any]]) -> [Int] {
        rows.compactMap { ($0["id"] as? NSNumber)?.intValue }
    }

    /// `report costs --by node` of March 2025: total per path.
    func costTotals() throws -> [String: String] {
        let rows = try XCTUnwrap(try json(try run(["report", "costs", "--from", "2025-03-01", "--to", "2025-03-31",
                                                   "--by", "node", "--format", "json"])) as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: rows.map { ($0["path"] as? String ?? "", $0["total"] as? String ?? "") })
    }

    /// Occurrences of `needle` in the raw bytes of the database file and its WAL.
    func hitsInFiles(_ needle: String) throws -> Int {
        var hits = 0
        for path in [database, database + "-wal"] {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            let bytes = [UInt8](data)
            let pattern = [UInt8](needle.utf8)
            guard bytes.count >= pattern.count else { continue }
            var index = 0
            while index <= bytes.count - pattern.count {
                if bytes[index] == pattern[0] && Array(bytes[index..<index + pattern.count]) == pattern { hits += 1 }
                index += 1
            }
        }
        return hits
    }
}
