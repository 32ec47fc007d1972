@testable import Access
import Foundation
import Org
import Store
import Synchronization
import TestSupport
import XCTest

/// A clock the test sets: lock-out and expiry times are exact.
final class ManualClock: Sendable {
    private let ms = Mutex<Int64>(1_800_000_000_000)  // 2027-01-15T08:00:00Z

    /// Now, UTC ms.
    var now: Int64 { ms.withLock { $0 } }

    /// Moves the clock on by `seconds`.
    func advance(seconds: Int64) { ms.withLock { $0 += seconds * 1000 } }

    /// The clock as access control reads it.
    var accessClock: AccessClock { AccessClock { [self] in now } }
}

/// A temporary directory with a real SQLite store, its audit log and key file, and access control
/// with bcrypt cost 4 (fast) and the default policy.
class AccessTestCase: XCTestCase {
    var directory: URL!
    let clock = ManualClock()
    var access: AccessControl!
    var log: AuditLog!

    var databasePath: String { directory.appendingPathComponent("tollbook.db").path }
    var keyPath: String { databasePath + ".audit-key" }

    override func setUpWithError() throws {
        directory = try TestEnvironment.makeTemporaryDirectory("tollbook-access")
        try open()
    }

    override func tearDown() {
        access = nil
        log = nil
        try? FileManager.default.removeItem(at: directory)
        super.tearDown()
    }

    /// (Re)opens the store and log with `settings`.
    func open(_ settings: AccessSettings = AccessSettings(bcryptCost: 4)) throws {
        log = try AuditLog(databasePath: databasePath, keyPath: keyPath, clock: clock.accessClock)
        access = AccessControl(store: try CallStore(path: databasePath), audit: log, settings: settings, clock: clock.accessClock)
    }

    /// Adds user `name` with `password` and `roles` as the database owner.
    func addUser(_ name: String, password: String = "correct horse battery", roles: [String] = [], scope: [Int64] = [],
                 participantID: Int64? = nil) throws {
        try access.addUser(AccessControl.NewUser(name: name, password: password, roles: roles, scopeNodeIDs: scope,
                                                 participantID: participantID), by: .databaseOwner)
    }

    /// The error `body` throws, failing the test when it throws none.
    func error<T>(_ body: () throws -> T, file: StaticString = #filePath, line: UInt = #line) -> Error? {
        do {
            _ = try body()
            XCTFail("no error was thrown", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    /// The bytes of the database file and its WAL.
    func databaseBytes() throws -> Data {
        var data = try Data(contentsOf: URL(fileURLWithPath: databasePath))
        if let wal = FileManager.default.contents(atPath: databasePath + "-wal") { data.append(wal) }
        return data
    }

    /// How often `text` occurs in the database file and its WAL.
    func occurrences(of text: String) throws -> Int {
        let haystack = [UInt8](try databaseBytes())
        let needle = [UInt8](text.utf8)
        guard !needle.isEmpty, haystack.count >= needle.count else { return 0 }
        var count = 0
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<(start + needle.count)]) == needle { count += 1 }
        }
        return count
    }

    /// Runs SQL with the sqlite3 shell on the file: what anyone with write access to it could do.
    func tamper(_ sql: String) throws {
        let result = try TestEnvironment.run(URL(fileURLWithPath: "/usr/bin/sqlite3"), [databasePath, sql])
        XCTAssertEqual(result.status, 0, "sqlite3 failed: \(result.stderr)")
    }

    /// Adds org nodes at `path` (and its parents) and returns the node id of `path`.
    @discardableResult
    func addNode(_ path: String) throws -> Int64 {
        let chart = OrgChart(store: access.store)
        let orgPath = try OrgPath(parsing: path)
        _ = try chart.addNode(at: orgPath, ifMissing: true, nowMs: clock.now)
        return try XCTUnwrap(try chart.node(at: orgPath)).id
    }
}

/// Org chart set-up for the tests.
enum OrgChartHelper {
    /// Adds a participant placed at `path` and returns their id.
    static func addParticipant(_ store: CallStore, path: String, name: String = "Anna Berger", nowMs: Int64) throws -> Int64 {
        try OrgChart(store: store).addParticipant(ParticipantFields(name: name, employeeID: "E1001"), at: try OrgPath(parsing: path),
                                                  fromMs: 0, nowMs: nowMs)
    }
}
