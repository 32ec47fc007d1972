@testable import Store
import TestSupport
import TollbookCore
import XCTest

/// `store.write { tx in … }`: all or nothing, nested writes join as savepoints, a transaction
/// does not outlive its closure, and batches and writes nest only one way.
final class StoreWriteTransactionTests: XCTestCase {
    private var directory: URL!
    private var store: CallStore!

    private struct Planted: Error, Equatable {}

    override func setUpWithError() throws {
        directory = try TestEnvironment.makeTemporaryDirectory("tollbook-write")
        store = try CallStore(path: directory.appendingPathComponent("w.db").path)
    }

    override func tearDown() {
        store = nil
        try? FileManager.default.removeItem(at: directory)
    }

    private func nodeNames() throws -> [String] {
        try store.orgNodes(includingRemoved: true).map(\.name)
    }

    func testWriteCommitsWhenTheClosureReturns() throws {
        let id = try store.write { tx in try tx.insertOrgNode(parentID: nil, name: "Berlin", type: "site", createdMs: 7) }
        XCTAssertEqual(id, 2, "after the system node Other")
        XCTAssertFalse(store.isInWrite)
        let reader = try CallStore(path: directory.appendingPathComponent("w.db").path)
        XCTAssertEqual(try reader.orgNodes(includingRemoved: false),
                       [OrgNodeRow(id: 1, parentID: nil, name: "Other", type: "other", isSystem: true, removedMs: nil),
                        OrgNodeRow(id: 2, parentID: nil, name: "Berlin", type: "site", isSystem: false, removedMs: nil)])
    }

    func testWriteRollsBackEverythingWhenTheClosureThrows() throws {
        XCTAssertThrowsError(try store.write { tx in
            try tx.insertOrgNode(parentID: nil, name: "Berlin", type: "site", createdMs: 0)
            try tx.insertOrgNode(parentID: nil, name: "Hamburg", type: "site", createdMs: 0)
            throw Planted()
        }) { XCTAssertEqual($0 as? Planted, Planted()) }
        XCTAssertEqual(try nodeNames(), ["Other"])
        XCTAssertFalse(store.isInWrite)
    }

    func testNestedWriteThatThrowsUndoesOnlyItsOwnPart() throws {
        try store.write { tx in
            try tx.insertOrgNode(parentID: nil, name: "Berlin", type: "site", createdMs: 0)
            XCTAssertThrowsError(try store.write { inner in
                try inner.insertOrgNode(parentID: nil, name: "Hamburg", type: "site", createdMs: 0)
                throw Planted()
            })
            _ = try store.write { inner in try inner.insertOrgNode(parentID: nil, name: "Munich", type: "site", createdMs: 0) }
        }
        XCTAssertEqual(try nodeNames(), ["Other", "Berlin", "Munich"])
    }

    func testOuterThrowUndoesCommittedNestedWrites() throws {
        XCTAssertThrowsError(try store.write { _ in
            _ = try store.write { inner in try inner.insertOrgNode(parentID: nil, name: "Berlin", type: "site", createdMs: 0) }
            throw Planted()
        })
        XCTAssertEqual(try nodeNames(), ["Other"])
    }

    func testATransactionKeptBeyondItsWriteRefusesToWrite() throws {
        let kept = try store.write { tx in tx }
        XCTAssertThrowsError(try kept.insertOrgNode(parentID: nil, name: "Late", type: "site", createdMs: 0)) { error in
            XCTAssertEqual(error as? StoreError, .transactionEnded)
        }
        // Not even inside a later write: it belongs to the one that ended.
        try store.write { _ in
            XCTAssertThrowsError(try kept.insertOrgNode(parentID: nil, name: "Late", type: "site", createdMs: 0)) { error in
                XCTAssertEqual(error as? StoreError, .transactionEnded)
            }
        }
        XCTAssertEqual(try nodeNames(), ["Other"])
    }

    func testBatchInsideWriteIsRefusedAndWriteInsideBatchJoinsIt() throws {
        try store.write { _ in
            XCTAssertThrowsError(try store.beginBatch()) { XCTAssertEqual($0 as? StoreError, .batchInsideWrite) }
        }
        try store.beginBatch()
        _ = try store.write { tx in try tx.insertOrgNode(parentID: nil, name: "Berlin", type: "site", createdMs: 0) }
        XCTAssertTrue(store.isInBatch, "the write joined the batch")
        store.rollbackBatch()
        XCTAssertEqual(try nodeNames(), ["Other"], "rolling back the batch undid the joined write")
    }

    func testCallCountAndLookupOfOneSource() throws {
        let berlin = try store.sourceID(named: "berlin", connector: "x", timeZone: "UTC", nowMs: 0)
        let hamburg = try store.sourceID(named: "hamburg", connector: "x", timeZone: "UTC", nowMs: 0)
        let calls = (1...3).map { CallRecord(vendorRecordID: "r\($0)", correlationID: "", startMs: Int64($0), answerMs: nil, endMs: 9) }
        XCTAssertEqual(try store.insert(CallBatch(calls), sourceID: berlin, importID: nil).inserted, 3)
        XCTAssertEqual(try store.insert(CallBatch([calls[0]]), sourceID: hamburg, importID: nil).inserted, 1)
        XCTAssertEqual(try store.callCount(sourceID: berlin), 3)
        XCTAssertEqual(try store.callCount(sourceID: hamburg), 1)
        XCTAssertEqual(try store.callCount(sourceID: 99), 0)
        XCTAssertEqual(try store.callCount(), 4)
        XCTAssertEqual(try store.existingSourceID(named: "hamburg"), hamburg)
        XCTAssertThrowsError(try store.existingSourceID(named: "munich")) { error in
            XCTAssertEqual(error as? CallStoreError, .unknownSource("munich"))
            XCTAssertEqual("\(error)", "the store has no source 'munich'; `tollbook calls --format json` lists the sources of stored calls")
        }
    }
}

/// Every bind result is checked: a bind SQLite refuses fails the statement's next step with the
/// parameter and SQLite's message (never the value), instead of running with the value missing.
final class StatementBindsAreCheckedTests: XCTestCase {
    func testARefusedBindFailsTheNextStep() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("tollbook-bind")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("b.db").path
        let database = try SQLiteDatabase(path: path)
        try database.execute("CREATE TABLE t (a TEXT)")
        let insert = try database.prepare("INSERT INTO t(a) VALUES (?)")
        insert.bind(1, "kept")
        insert.bind(2, "+49301234567")  // there is no parameter 2
        XCTAssertThrowsError(try insert.run()) { error in
            XCTAssertEqual(error as? StoreError, .bindFailed(parameter: 2, code: 25, message: "\(path): column index out of range"))
            XCTAssertFalse("\(error)".contains("+49301234567"), "the value is personal data")
        }
        XCTAssertEqual(try database.scalarInt("SELECT count(*) FROM t"), 0, "the statement did not run")
        // The failure is reported once: rebinding correctly runs the statement.
        insert.bind(1, "again")
        try insert.run()
        XCTAssertEqual(try database.scalarText("SELECT a FROM t"), "again")
    }

    func testRefusedIntegerAndBlobBindsAreCaughtToo() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("tollbook-bind")
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try SQLiteDatabase(path: directory.appendingPathComponent("b.db").path)
        let select = try database.prepare("SELECT ?")
        select.bind(0, Int64(5))
        XCTAssertThrowsError(try select.step()) { error in
            guard case let .bindFailed(parameter, code, _) = error as? StoreError else { return XCTFail("\(error)") }
            XCTAssertEqual([parameter, code], [0, 25])
        }
        select.bind(3, bytes: [1, 2])
        XCTAssertThrowsError(try select.step()) { error in
            guard case let .bindFailed(parameter, _, _) = error as? StoreError else { return XCTFail("\(error)") }
            XCTAssertEqual(parameter, 3)
        }
    }
}

/// The calls table's written columns come from one table (`CallColumn`, `PricingColumn`): they are
/// exactly the schema's columns but the id and the re-rating history, each once, in order.
final class CallColumnsMatchTheSchemaTests: XCTestCase {
    func testWrittenColumnsAreTheSchemaColumns() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("tollbook-columns")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try CallStore(path: directory.appendingPathComponent("c.db").path)
        let info = try store.database.prepare("SELECT name FROM pragma_table_info('calls') ORDER BY cid")
        var schema: [String] = []
        while try info.step() { schema.append(info.text(0)) }
        let written = CallColumn.allCases.map(\.name) + PricingColumn.allCases.map(\.name)
        XCTAssertEqual(written.count, 50)
        XCTAssertEqual(Set(written).count, written.count, "no column twice")
        // An encrypted store's INSERT appends SealedRow.columns (id, sealed blob, data key, blind index).
        XCTAssertEqual(Set(schema).subtracting(written).sorted(),
                       ["data_key_id", "id", "previous_cost_minor", "previous_rated_ms", "remote_bidx", "sealed"])
        XCTAssertEqual(Set(SealedRow.columns).subtracting(schema), [])
        XCTAssertEqual(Set(written).subtracting(schema), [])
        XCTAssertEqual(CallColumn.allCases.map(\.rawValue), Array(1...38), "bind positions follow the declaration order")
        XCTAssertEqual(PricingColumn.allCases.map(\.rawValue), Array(0...11))
        XCTAssertEqual([CallColumn.count, PricingColumn.count], [Int32(CallColumn.allCases.count), Int32(PricingColumn.allCases.count)])
        XCTAssertEqual(PricingKeyColumn.allCases.count, 11)
        XCTAssertEqual(CallReadLayout.position(.vendorRecordID), 4)
        XCTAssertEqual(CallReadLayout.previousCost, 3 + 38 + 12 + 11)
    }
}
