import Foundation
import TestSupport
import XCTest

/// `tollbook import` end to end with the real Cisco plugin on real CUCM data.
final class ImportCommandTests: CLITestCase {
    func testImportPrintsCountsPerFileAndTotal() throws {
        let out = try succeed(["import", "--connector", "cisco.cucm", "--source", "lab",
                               sharedSample("cdr.txt"), sharedSample("cmr.txt")])
        XCTAssertEqual(out, """
            \(sharedSample("cdr.txt")): 3 imported, 0 duplicates, 0 rejected, 2 skipped
            \(sharedSample("cmr.txt")): 0 imported, 0 duplicates, 0 rejected, 4 skipped
            total: 3 imported, 0 duplicates, 0 rejected, 6 skipped in 2 of 2 files

            """)
    }

    func testImportingTheSameFileAgainAddsNothing() throws {
        _ = try succeed(["import", "--connector", "cisco.cucm", sharedSample("cdr.txt")])
        let again = try succeed(["import", "--connector", "cisco.cucm", sharedSample("cdr.txt")])
        XCTAssertEqual(again, "\(sharedSample("cdr.txt")): 0 imported, 3 duplicates, 0 rejected, 2 skipped\n")
        let calls = try XCTUnwrap(try json(try succeed(["calls", "--format", "json"])) as? [[String: Any]])
        XCTAssertEqual(calls.count, 3)
    }

    func testUnknownConnectorFails() throws {
        let result = try tollbook(["import", "--db", database, "--connector", "avaya.cm", sharedSample("cdr.txt")])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("unknown connector 'avaya.cm'; loaded: cisco.cucm"), result.stderr)
    }

    func testUnreadableFileFailsButOtherFilesAreImported() throws {
        let missing = directory.appendingPathComponent("missing.txt").path
        let result = try tollbook(["import", "--db", database, "--connector", "cisco.cucm", missing, sharedSample("cdr.txt")])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("error: cannot read \(missing): no such file"), result.stderr)
        XCTAssertTrue(result.stdout.contains("\(sharedSample("cdr.txt")): 3 imported"), result.stdout)
    }

    func testFileTheProbeRefusesFails() throws {
        let notes = directory.appendingPathComponent("notes.txt")
        try Data("Meeting notes, nothing to do with calls.\n".utf8).write(to: notes)
        let result = try tollbook(["import", "--db", database, "--connector", "cisco.cucm", notes.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "error: \(notes.path) does not look like input for connector cisco.cucm (its probe refused the file)\n")
    }

    func testBadConnectorOptionFailsNamingTheKey() throws {
        let result = try tollbook(["import", "--db", database, "--connector", "cisco.cucm", "--set", "colums=129",
                                   sharedSample("cdr.txt")])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("connector cisco.cucm refused option 'colums'"), result.stderr)
    }

    func testRejectsAreNoErrorAndAreListed() throws {
        let file = directory.appendingPathComponent("cdr_broken")
        let good = try String(contentsOfFile: sharedSample("cdr.txt"), encoding: .utf8)
        var lines = good.components(separatedBy: "\n")
        lines.insert("1,2,3,not enough columns", at: 3)
        try Data(lines.joined(separator: "\n").utf8).write(to: file)
        let out = try succeed(["import", "--connector", "cisco.cucm", file.path])
        XCTAssertEqual(out, "\(file.path): 3 imported, 0 duplicates, 1 rejected, 2 skipped\n")
        let rejects = try XCTUnwrap(try json(try succeed(["rejects", "--format", "json"])) as? [[String: Any]])
        XCTAssertEqual(rejects.count, 1)
        XCTAssertEqual(rejects[0]["reason"] as? String, "malformed")
        XCTAssertEqual(rejects[0]["file"] as? String, "cdr_broken")
        XCTAssertEqual(rejects[0]["raw"] as? String, "1,2,3,not enough columns\n")
        let offset = try XCTUnwrap(rejects[0]["offset"] as? Int)
        XCTAssertEqual(offset, lines[0...2].joined(separator: "\n").utf8.count + 1)
        XCTAssertEqual(rejects[0]["length"] as? Int, 25)
        let message = try XCTUnwrap(rejects[0]["message"] as? String)
        XCTAssertFalse(message.isEmpty)
    }

    func testSourceKeepsItsTimeZone() throws {
        _ = try succeed(["import", "--connector", "cisco.cucm", "--source", "ber", "--timezone", "Europe/Berlin",
                         sharedSample("cdr.txt")])
        let again = try succeed(["import", "--connector", "cisco.cucm", "--source", "ber", sharedSample("cdr.txt")])
        XCTAssertEqual(again, "\(sharedSample("cdr.txt")): 0 imported, 3 duplicates, 0 rejected, 2 skipped\n",
                       "without --timezone the source's zone is used")
        let other = try tollbook(["import", "--db", database, "--connector", "cisco.cucm", "--source", "ber",
                                  "--timezone", "UTC", sharedSample("cdr.txt")])
        XCTAssertEqual(other.status, 1)
        XCTAssertTrue(other.stderr.contains("source 'ber' reads its times in Europe/Berlin, not UTC"), other.stderr)
        let unknown = try tollbook(["import", "--db", database, "--connector", "cisco.cucm", "--timezone", "Mars/Base",
                                    sharedSample("cdr.txt")])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.stderr.contains("unknown time zone 'Mars/Base'"), unknown.stderr)
    }

    func testDatabaseFromEnvironment() throws {
        let path = directory.appendingPathComponent("env.db").path
        let result = try tollbook(["import", "--connector", "cisco.cucm", sharedSample("cdr.txt")], environment: ["TOLLBOOK_DB": path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: database))
    }
}
