import XCTest

/// Records reach the host in batches of at most 512; a host that stops the parse is obeyed.
final class RecordsAreEmittedInBatchesTests: XCTestCase {
    /// A header plus `count` copies of one row with distinct pkids.
    private func manyRows(_ count: Int) -> [UInt8] {
        var text = "cdrRecordType,globalCallID_callManagerId,globalCallID_callId,dateTimeOrigination,dateTimeDisconnect,pkid\n"
        for i in 0..<count { text += "1,1,\(i),100,110,row-\(i)\n" }
        return Array(text.utf8)
    }

    func testBatchesOfAtMost512() throws {
        let outcome = try CiscoPluginHarness.parse(manyRows(1300))
        XCTAssertEqual(outcome.records.count, 1300)
        XCTAssertEqual(outcome.recordBatchSizes, [512, 512, 276])
        XCTAssertEqual(outcome.records.last?.fields.vendorRecordID, "row-1299")
        XCTAssertEqual(outcome.records.last?.fields.correlationID, ":1:1299")
    }

    func testEachFeedEmitsItsRecordsBeforeReturning() throws {
        let outcome = try CiscoPluginHarness.parse(manyRows(10), chunkSize: 64)
        XCTAssertEqual(outcome.records.count, 10)
        // A 64-byte chunk holds at most three of these rows; nothing is held back across feeds.
        XCTAssertTrue(outcome.recordBatchSizes.allSatisfy { $0 <= 3 }, "\(outcome.recordBatchSizes)")
        XCTAssertGreaterThanOrEqual(outcome.recordBatchSizes.count, 4)
    }

    func testHostAbortIsReturnedFromFeed() throws {
        let outcome = try CiscoPluginHarness.parse(manyRows(1300), abortAfterRecords: 100)
        XCTAssertEqual(outcome.feedStatus, -5)
        XCTAssertEqual(outcome.recordBatchSizes, [512])
    }
}
