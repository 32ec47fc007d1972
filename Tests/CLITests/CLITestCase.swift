import Foundation
import TestSupport
import XCTest

/// Base for end-to-end tests of the built `tollbook` executable: each test gets a temporary
/// directory with its own database, and plugins only from the build directory.
class CLITestCase: XCTestCase {
    var directory: URL!

    var database: String { directory.appendingPathComponent("tollbook.db").path }

    override func setUpWithError() throws {
        directory = try TestEnvironment.makeTemporaryDirectory("tollbook-cli")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs `tollbook ARGS` with a clean environment (no TOLLBOOK_* variables unless given).
    func tollbook(_ arguments: [String], environment extra: [String: String] = [:]) throws -> TestEnvironment.CommandResult {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TOLLBOOK_") }
        environment.merge(extra) { $1 }
        return try TestEnvironment.run(TestEnvironment.tollbookExecutable, arguments, environment: environment,
                                       currentDirectory: directory)
    }

    /// Runs `tollbook ARGS --db <test db>` and fails the test if it does not exit 0.
    func succeed(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try tollbook(arguments + ["--db", database])
        XCTAssertEqual(result.status, 0, "tollbook \(arguments.joined(separator: " ")) failed: \(result.stderr)", file: file, line: line)
        return result.stdout
    }

    /// The real CUCM sample in `Tests/Fixtures/cisco/samples`.
    func sharedSample(_ name: String) -> String {
        TestEnvironment.vendorSample("cisco/\(name)").path
    }

    /// Parses JSON output.
    func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }
}
