@testable import Store
import TestSupport
import TollbookCore
import XCTest

/// The store's schema migrations on real database files.
final class MigrationTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = try TestEnvironment.makeTemporaryDirectory("tollbook-store")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: directory)
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    private func columns(_ db: SQLiteDatabase, _ table: String) throws -> [String] {
        let statement = try db.prepare("SELECT name FROM pragma_table_info('\(table)') ORDER BY cid")
        var names: [String] = []
        while try statement.step() { names.append(statement.text(0)) }
        return names
    }

    func testEmptyFileIsMigratedToTheLatestSchema() throws {
        let db = try SQLiteDatabase(path: path("new.db"))
        XCTAssertEqual(try db.schemaVersion(), 0)
        XCTAssertEqual(try db.migrate(), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17, 18, 19, 20])
        XCTAssertEqual(try db.schemaVersion(), StoreSchema.latestVersion)
        XCTAssertEqual(try db.migrate(), [], "migrating again does nothing")
        XCTAssertTrue(try columns(db, "calls").contains("import_id"))
        XCTAssertTrue(try columns(db, "calls").contains("called_e164"))
        XCTAssertEqual(try columns(db, "imports").first, "id")
        XCTAssertEqual(try db.scalarInt("SELECT code FROM number_categories WHERE name = 'mobile'"), 4)
    }

    func testVersionNineTellsHowOlderLegsWerePricedFromTheirStatus() throws {
        let db = try SQLiteDatabase(path: path("seven.db"))
        XCTAssertEqual(try db.migrate(upTo: 7), [1, 2, 3, 4, 5, 6, 7])
        try db.execute("""
            INSERT INTO pricing_keys(id, status, remote_category, currency, provider, tariff_version, zone, destination,
                                     bands, increments, reason)
            VALUES (1, 'rated', 'local', 'EUR', 'nordtel', '2025-01', 'DE_FIXED', 'Festnetz', 'all', '', ''),
                   (2, 'unrated', 'premium', '', '', '', '', '', '', '', 'zone not priced'),
                   (3, 'not_billable', 'mobile', '', '', '', '', '', '', '', 'incoming call');
            """)
        XCTAssertEqual(try db.migrate(), [8, 9, 10, 11, 12, 13, 15, 16, 17, 18, 19, 20])
        let statement = try db.prepare("SELECT pricing FROM pricing_keys ORDER BY id")
        var kinds: [String] = []
        while try statement.step() { kinds.append(statement.text(0)) }
        XCTAssertEqual(kinds, ["rated", "unrated", "not_billable"], "flat and free legs read rated until re-rated")
    }

    func testVersionOneFileKeepsItsCallsWhenMigrated() throws {
        let file = path("old.db")
        do {
            let db = try SQLiteDatabase(path: file)
            XCTAssertEqual(try db.migrate(upTo: 1), [1])
            XCTAssertFalse(try columns(db, "calls").contains("import_id"))
            try db.execute("""
                INSERT INTO sources(id, name, connector, time_zone, created_ms) VALUES (1, 'pbx', 'cisco.cucm', 'UTC', 0);
                INSERT INTO calls(source_id, vendor_key, vendor_record_id, correlation_id, start_ms, answer_ms, end_ms,
                                  ring_ms, talk_ms, direction, disposition, flags, source_offset, source_length,
                                  calling)
                VALUES (1, \(VendorKey.hash(sourceID: 1, vendorRecordID: "r1")), 'r1', 'c1', 1000, 2000, 5000, 1000, 3000, 2, 1, 0, 0, 10, '100');
                """)
        }
        let store = try CallStore(path: file)
        XCTAssertEqual(try store.database.schemaVersion(), StoreSchema.latestVersion)
        var calls: [StoredCall] = []
        try store.forEachCall(fromMs: nil, toMs: nil) { calls.append($0) }
        XCTAssertEqual(calls.count, 1)
        XCTAssertEqual(calls[0].call.vendorRecordID, "r1")
        XCTAssertEqual(calls[0].call.talkMs, 3000)
        XCTAssertEqual(calls[0].call.parties.calling, "100")
        XCTAssertEqual(calls[0].source, "pbx")
        // The old record still blocks a duplicate of itself after the upgrade.
        let duplicate = CallRecord(vendorRecordID: "r1", correlationID: "c1", startMs: 1000, answerMs: nil, endMs: 5000)
        XCTAssertFalse(try store.insert(duplicate, sourceID: 1, importID: nil))
    }

    func testFileFromANewerBuildIsRefused() throws {
        let file = path("future.db")
        do {
            let db = try SQLiteDatabase(path: file)
            try db.execute("PRAGMA user_version = 99")
        }
        XCTAssertThrowsError(try CallStore(path: file)) { error in
            XCTAssertEqual(error as? StoreError, .schemaTooNew(path: file, found: 99, known: StoreSchema.latestVersion))
        }
    }

    func testUnopenableFileNamesThePath() {
        XCTAssertThrowsError(try CallStore(path: "/nonexistent-dir/x.db")) { error in
            guard case let .cannotOpen(path, _) = error as? StoreError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, "/nonexistent-dir/x.db")
        }
    }
}
