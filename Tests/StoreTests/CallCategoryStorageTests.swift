@testable import Store
import TestSupport
import TollbookCore
import XCTest

/// A call's privacy category and protected-number class are stored with the leg and read back by
/// both readers (the store's and the query connection's cursor).
final class CallCategoryStorageTests: XCTestCase {
    func testCategoryAndProtectedClassRoundTripThroughBothReaders() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("tollbook-category")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("t.db").path
        let store = try CallStore(path: path)
        let source = try store.sourceID(named: "berlin", connector: "cisco.cucm", timeZone: "UTC", nowMs: 5)
        var batch = CallBatch()
        for (index, category) in [CallCategory.business, .project, .private, .pin].enumerated() {
            batch.append(CallRecord(vendorRecordID: "r\(index)", correlationID: "c\(index)", startMs: Int64(1_000 * (index + 1)),
                                    answerMs: nil, endMs: Int64(1_000 * (index + 1) + 500)))
            batch.updateRow(at: index) { $0.category = category }
        }
        let label = batch.appendText("counselling")
        batch.updateRow(at: 3) { $0.protectedClass = label }
        try store.beginBatch()
        XCTAssertEqual(try store.insert(batch, sourceID: source, importID: nil).inserted, 4)
        try store.commitBatch()

        var read: [(CallCategory, String?)] = []
        try store.forEachCall(CallFilter()) { read.append(($0.category, $0.protectedClass)) }
        XCTAssertEqual(read.map(\.0), [.business, .project, .private, .pin])
        XCTAssertEqual(read.map(\.1), [nil, nil, nil, "counselling"])

        let connection = try QueryConnection(path: path)
        var cursorRead: [(CallCategory, String?)] = []
        try connection.readTransaction {
            let cursor = try CallRowCursor(connection: connection, filter: CallFilter())
            while try cursor.next() {
                let stored = cursor.storedCall()
                cursorRead.append((stored.category, stored.protectedClass))
            }
        }
        XCTAssertEqual(cursorRead.map(\.0), [.business, .project, .private, .pin])
        XCTAssertEqual(cursorRead.map(\.1), [nil, nil, nil, "counselling"])
    }
}
