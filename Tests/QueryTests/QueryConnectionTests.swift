@testable import Store
import XCTest

/// The query layer's connection: SQLite's authorizer refuses writes and reads outside its tables.
final class QueryConnectionTests: QueryTestCase {
    func testReadsOfTheQueryTablesAreAllowed() throws {
        _ = try addCall(startMs: 1_000)
        let connection = try QueryConnection(path: path)
        let count = try connection.prepare("SELECT count(*) FROM calls")
        XCTAssertTrue(try count.step())
        XCTAssertEqual(count.int64(0), 1)
        let allocation = try connection.prepare("SELECT call_id, node_id FROM call_allocations")
        XCTAssertTrue(try allocation.step())
        XCTAssertEqual(allocation.int64(1), 1, "an unowned call is under Other")
    }

    func testReadsOfOtherTablesAndColumnsAreDenied() throws {
        // `users` (schema version 10) holds the password hashes of the access module.
        let connection = try QueryConnection(path: path)
        XCTAssertThrowsError(try connection.prepare("SELECT password_hash FROM users")) { error in
            XCTAssertEqual(error as? QueryConnectionError, .readDenied(table: "users", column: "password_hash"))
            XCTAssertEqual("\(error)", "the query connection may not read users.password_hash (denied by the authorizer)")
        }
        XCTAssertThrowsError(try connection.prepare("SELECT file_path FROM imports")) { error in
            XCTAssertEqual(error as? QueryConnectionError, .readDenied(table: "imports", column: "file_path"))
        }
        XCTAssertThrowsError(try connection.prepare("SELECT time_zone FROM sources")) { error in
            XCTAssertEqual(error as? QueryConnectionError, .readDenied(table: "sources", column: "time_zone"))
        }
        XCTAssertThrowsError(try connection.prepare("SELECT c.id FROM calls c JOIN ingest_positions p ON p.source_id = c.source_id")) { error in
            XCTAssertEqual(error as? QueryConnectionError, .readDenied(table: "ingest_positions", column: "source_id"))
        }
    }

    func testWritesAreDenied() throws {
        let connection = try QueryConnection(path: path)
        XCTAssertThrowsError(try connection.execute("DELETE FROM calls")) { error in
            XCTAssertEqual(error as? QueryConnectionError, .writeDenied(action: "delete"))
            XCTAssertEqual("\(error)", "the query connection is read-only: delete denied by the authorizer")
        }
        XCTAssertThrowsError(try connection.execute("UPDATE calls SET cost_minor = 0")) { error in
            XCTAssertEqual(error as? QueryConnectionError, .writeDenied(action: "update"))
        }
        XCTAssertThrowsError(try connection.execute("CREATE TEMP TABLE t (x)")) { error in
            XCTAssertEqual(error as? QueryConnectionError, .writeDenied(action: "create"))
        }
        XCTAssertThrowsError(try connection.execute("PRAGMA user_version = 1")) { error in
            XCTAssertEqual(error as? QueryConnectionError, .writeDenied(action: "pragma"))
        }
        XCTAssertThrowsError(try connection.execute("ATTACH DATABASE ':memory:' AS other")) { error in
            XCTAssertEqual(error as? QueryConnectionError, .writeDenied(action: "attach"))
        }
    }

    func testAStoreBelowTheNeededSchemaIsRefused() throws {
        try store.database.execute("PRAGMA user_version = 4")
        XCTAssertThrowsError(try QueryConnection(path: path)) { error in
            XCTAssertEqual(error as? QueryConnectionError, .schemaTooOld(path: path, found: 4, needed: 9))
        }
    }
}
