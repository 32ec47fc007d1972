@testable import Store
import TestSupport
import TollbookCore
import XCTest

/// Writing and reading calls and rejects in the on-disk store.
final class CallStoreTests: XCTestCase {
    var directory: URL!
    var store: CallStore!

    override func setUpWithError() throws {
        directory = try TestEnvironment.makeTemporaryDirectory("tollbook-store")
        store = try CallStore(path: directory.appendingPathComponent("t.db").path)
    }

    override func tearDown() {
        store = nil
        try? FileManager.default.removeItem(at: directory)
    }

    func testEveryFieldRoundTrips() throws {
        let source = try store.sourceID(named: "berlin", connector: "cisco.cucm", timeZone: "UTC", nowMs: 5)
        let call = CallRecord(
            vendorRecordID: "pk-1", correlationID: "c:1:2", startMs: 1_000, answerMs: 4_000, endMs: 64_500, ringMs: 3_000,
            talkMs: 60_500, direction: .outgoing, disposition: .answered, flags: [.forwarded, .huntGroup],
            parties: CallParties(calling: "2001", called: "0301234567", originalCalled: "2002", connected: "0301234567",
                                 redirecting: "2002", extension: "2001", remote: "0301234567", accountCode: "77",
                                 pin: "1234", projectCode: "P9"),
            trunk: "GW1", device: "SEP001", remoteDevice: "GW1", huntGroup: "2300", cause: 16, causeText: "normal",
            chargeUnits: 3, chargeMinor: 42, chargeCurrency: "EUR", sourceOffset: 100, sourceLength: 400,
            extra: [VendorField(key: "orig_ip", value: "10.0.0.1"), VendorField(key: "q\"uote", value: "a\\b\nc")])
        try store.beginBatch()
        XCTAssertTrue(try store.insert(call, sourceID: source, importID: nil))
        XCTAssertFalse(try store.insert(call, sourceID: source, importID: nil))
        try store.commitBatch()
        var read: [StoredCall] = []
        try store.forEachCall(fromMs: nil, toMs: nil) { read.append($0) }
        XCTAssertEqual(read, [StoredCall(id: 1, source: "berlin", connector: "cisco.cucm", call: call)])
        XCTAssertEqual(read.first?.call.legKind, .forward)
    }

    func testHashCollisionStoresBothRecordsAndStillDeduplicates() throws {
        let source = try store.sourceID(named: "s", connector: "x", timeZone: "UTC", nowMs: 0)
        // Another id already holds the key that "x" hashes to: a collision as the store sees it.
        try store.database.execute("""
            INSERT INTO calls(source_id, vendor_key, vendor_record_id, correlation_id, start_ms, end_ms, ring_ms, talk_ms,
                              direction, disposition, flags, source_offset, source_length)
            VALUES (\(source), \(VendorKey.hash(sourceID: source, vendorRecordID: "x")), 'holder', '', 5, 6, 0, 0,
                    0, 0, 0, 0, 0)
            """)
        let call = CallRecord(vendorRecordID: "x", correlationID: "", startMs: 5, answerMs: nil, endMs: 6)
        XCTAssertTrue(try store.insert(call, sourceID: source, importID: nil), "stored under the next free key")
        XCTAssertFalse(try store.insert(call, sourceID: source, importID: nil), "and found again as a duplicate")
        var ids: [String] = []
        try store.forEachCall(fromMs: nil, toMs: nil) { ids.append($0.call.vendorRecordID) }
        XCTAssertEqual(ids, ["holder", "x"])
        XCTAssertEqual(VendorKey.hash(sourceID: 1, vendorRecordID: "x"), VendorKey.hash(sourceID: 1, vendorRecordID: "x"))
        XCTAssertNotEqual(VendorKey.hash(sourceID: 1, vendorRecordID: "x"), VendorKey.hash(sourceID: 2, vendorRecordID: "x"))
    }

    func testSameVendorIdAtAnotherStartIsAnotherLeg() throws {
        let source = try store.sourceID(named: "s", connector: "x", timeZone: "UTC", nowMs: 0)
        let first = CallRecord(vendorRecordID: "v", correlationID: "", startMs: 1_000, answerMs: nil, endMs: 2_000)
        var moved = first
        moved.startMs = 1_500
        XCTAssertTrue(try store.insert(first, sourceID: source, importID: nil))
        XCTAssertTrue(try store.insert(moved, sourceID: source, importID: nil))
        XCTAssertFalse(try store.insert(first, sourceID: source, importID: nil))
    }

    func testSourceKeepsItsConnectorAndTimeZone() throws {
        let id = try store.sourceID(named: "pbx", connector: "unify.osbiz", timeZone: "Europe/Berlin", nowMs: 0)
        XCTAssertEqual(try store.sourceID(named: "pbx", connector: "unify.osbiz", timeZone: "Europe/Berlin", nowMs: 1), id)
        XCTAssertEqual(try store.sourceTimeZone(named: "pbx"), "Europe/Berlin")
        XCTAssertNil(try store.sourceTimeZone(named: "other"))
        XCTAssertThrowsError(try store.sourceID(named: "pbx", connector: "unify.osbiz", timeZone: "UTC", nowMs: 2)) { error in
            XCTAssertEqual(error as? CallStoreError, .sourceTimeZoneMismatch(source: "pbx", existing: "Europe/Berlin", requested: "UTC"))
        }
    }

    func testBulkLoadUsesARollbackJournalOnlyWhenAlone() throws {
        XCTAssertEqual(try store.database.scalarText("PRAGMA journal_mode"), "wal")
        XCTAssertTrue(store.beginBulkLoad())
        XCTAssertEqual(try store.database.scalarText("PRAGMA journal_mode"), "truncate")
        try store.endBulkLoad()
        XCTAssertEqual(try store.database.scalarText("PRAGMA journal_mode"), "wal")
        // With a reader attached, the store stays in WAL mode so the reader is not blocked.
        let reader = try SQLiteDatabase(path: store.database.path)
        XCTAssertEqual(try reader.scalarInt("SELECT count(*) FROM calls"), 0)
        let statement = try reader.prepare("SELECT id FROM calls")
        try reader.execute("BEGIN")
        _ = try statement.step()
        XCTAssertFalse(store.beginBulkLoad())
        XCTAssertEqual(try store.database.scalarText("PRAGMA journal_mode"), "wal")
        try reader.execute("COMMIT")
    }

    func testPartyNumbersEqualToRemoteOrLocalAreStoredAsReferences() throws {
        let source = try store.sourceID(named: "s", connector: "x", timeZone: "UTC", nowMs: 0)
        let numbers = PartyNumbers(
            calling: ClassifiedNumber(e164: "+49305552001", category: "internal"),
            called: ClassifiedNumber(e164: "+49301234567", category: "local"),
            originalCalled: ClassifiedNumber(e164: "+49301234567", category: "local"),
            connected: ClassifiedNumber(e164: "+4915112345678", category: "mobile"))
        var call = CallRecord(vendorRecordID: "a", correlationID: "", startMs: 1_000, answerMs: 2_000, endMs: 5_000)
        call.pricing = CallPricing(remoteE164: "+49301234567", remoteCategory: "local", extensionKey: "ber/2001",
                                   localE164: "+49305552001", numbers: numbers, status: .notBillable,
                                   unratedReason: "incoming call")
        XCTAssertEqual(try store.insert(CallBatch([call]), sourceID: source, importID: nil, ratedMs: 1).inserted, 1)
        // Written once: the repeated numbers are references, only the connected party has its own column.
        let raw = try store.database.prepare(
            "SELECT calling_e164, called_e164, original_called_e164, connected_e164, redirecting_e164 FROM calls")
        XCTAssertTrue(try raw.step())
        XCTAssertEqual((0..<5).map { raw.text(Int32($0)) }, ["", "", "", "+4915112345678", ""])
        // The view and the reader resolve them.
        let view = try store.database.prepare("""
            SELECT calling_e164, calling_category, called_e164, original_called_e164, connected_e164, connected_category,
                   redirecting_e164 FROM call_numbers
            """)
        XCTAssertTrue(try view.step())
        XCTAssertEqual((0..<7).map { view.text(Int32($0)) },
                       ["+49305552001", "internal", "+49301234567", "+49301234567", "+4915112345678", "mobile", ""])
        var read: [StoredCall] = []
        try store.forEachCall(CallFilter()) { read.append($0) }
        XCTAssertEqual(read.first?.call.pricing?.numbers, numbers)
    }

    func testPricingIsStoredUpdatedAndFiltered() throws {
        let source = try store.sourceID(named: "s", connector: "x", timeZone: "UTC", nowMs: 0)
        let other = try store.sourceID(named: "t", connector: "x", timeZone: "UTC", nowMs: 0)
        let rated = CallPricing(remoteE164: "+49301234567", remoteCategory: "local", extensionKey: "ber/2001",
                                status: .rated, costMinor: 42, currency: "EUR", provider: "fernwerk",
                                tariffVersion: "2025-01-01", zone: "local", destination: "Berlin", bands: "day",
                                increments: "60/60")
        let unrated = CallPricing(remoteE164: "+99912", remoteCategory: "international", status: .unrated,
                                  unratedReason: "no zone matches +99912")
        var first = CallRecord(vendorRecordID: "a", correlationID: "", startMs: 1_000, answerMs: 2_000, endMs: 5_000)
        first.pricing = rated
        var second = CallRecord(vendorRecordID: "b", correlationID: "", startMs: 2_000, answerMs: nil, endMs: 3_000)
        second.pricing = unrated
        XCTAssertEqual(try store.insert(CallBatch([first, second]), sourceID: source, importID: nil, ratedMs: 77).inserted, 2)
        XCTAssertTrue(try store.insert(CallRecord(vendorRecordID: "c", correlationID: "", startMs: 3_000, answerMs: nil, endMs: 3_000),
                                       sourceID: other, importID: nil))
        var read: [StoredCall] = []
        try store.forEachCall(CallFilter()) { read.append($0) }
        XCTAssertEqual(read.map(\.call.pricing), [rated, unrated, nil])
        var unratedIDs: [String] = []
        try store.forEachCall(CallFilter(unratedOnly: true)) { unratedIDs.append($0.call.vendorRecordID) }
        XCTAssertEqual(unratedIDs, ["b"])
        var ofSource: [String] = []
        try store.forEachCall(CallFilter(source: "t")) { ofSource.append($0.call.vendorRecordID) }
        XCTAssertEqual(ofSource, ["c"])

        var cheaper = rated
        cheaper.costMinor = 30
        try store.beginBatch()
        XCTAssertTrue(try store.updatePricing(callID: read[0].id, to: cheaper, ratedMs: 99))
        XCTAssertFalse(try store.updatePricing(callID: 999, to: cheaper, ratedMs: 99))
        try store.commitBatch()
        var byID: [StoredCall] = []
        try store.forEachCall(CallFilter(id: read[0].id)) { byID.append($0) }
        var expected = cheaper
        expected.previousCostMinor = 42
        XCTAssertEqual(byID.map(\.call.pricing), [expected])
    }

    func testPagingByIdReturnsEveryLegOnce() throws {
        let source = try store.sourceID(named: "s", connector: "x", timeZone: "UTC", nowMs: 0)
        // Inserted out of start order: paging follows ids, not starts.
        for (index, start) in [Int64(3_000), 1_000, 2_000].enumerated() {
            _ = try store.insert(CallRecord(vendorRecordID: "\(index)", correlationID: "", startMs: start, answerMs: nil,
                                            endMs: start + 10), sourceID: source, importID: nil)
        }
        var pages: [[String]] = []
        var last: Int64 = 0
        while true {
            var page: [StoredCall] = []
            try store.forEachCall(CallFilter(afterID: last, limit: 2)) { page.append($0) }
            guard let tail = page.last else { break }
            last = tail.id
            pages.append(page.map(\.call.vendorRecordID))
        }
        XCTAssertEqual(pages, [["0", "1"], ["2"]])
    }

    func testDateRangeIsStartInclusiveEndExclusive() throws {
        let source = try store.sourceID(named: "s", connector: "x", timeZone: "UTC", nowMs: 0)
        for (index, start) in [Int64(1_000), 2_000, 3_000].enumerated() {
            _ = try store.insert(CallRecord(vendorRecordID: "\(index)", correlationID: "", startMs: start, answerMs: nil,
                                            endMs: start + 10), sourceID: source, importID: nil)
        }
        var ids: [String] = []
        try store.forEachCall(fromMs: 2_000, toMs: 3_000) { ids.append($0.call.vendorRecordID) }
        XCTAssertEqual(ids, ["1"])
    }

    func testRejectsAreKeptOncePerFileAndOffset() throws {
        let source = try store.sourceID(named: "s", connector: "x", timeZone: "UTC", nowMs: 0)
        let reject = QuarantinedInput(reason: .outOfRange, sourceOffset: 12, raw: [0x41, 0x00, 0xFF], field: "duration",
                                      message: "not a number")
        XCTAssertTrue(try store.insert(reject, sourceID: source, importID: nil, fileSHA256: "ab", fileName: "f", nowMs: 7))
        XCTAssertFalse(try store.insert(reject, sourceID: source, importID: nil, fileSHA256: "ab", fileName: "f", nowMs: 8))
        XCTAssertTrue(try store.insert(reject, sourceID: source, importID: nil, fileSHA256: "cd", fileName: "g", nowMs: 9))
        var read: [StoredReject] = []
        try store.forEachReject { read.append($0) }
        XCTAssertEqual(read.map(\.reject), [reject, reject])
        XCTAssertEqual(read.map(\.createdMs), [7, 9])
        XCTAssertEqual(read.map(\.fileName), ["f", "g"])
    }
}
