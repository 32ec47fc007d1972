import Access
import Analytics
import Foundation
import Org
import Privacy
import Query
import Store
import TestSupport
import TollbookCore
import XCTest

/// Callbacks are matched on the real number inside the query layer, while the unreturned list
/// shows the caller as the privacy package allows (here: the last four digits masked).
final class KPIPrivacyTests: XCTestCase {
    private var directory: URL!
    private var path: String { directory.appendingPathComponent("kpi.db").path }
    private let t0 = KPIEngineTests.t0

    override func setUpWithError() throws {
        directory = try TestEnvironment.makeTemporaryDirectory("tollbook-kpi-privacy")
        let store = try CallStore(path: path)
        let source = try store.sourceID(named: "pbx", connector: "cisco.cucm", timeZone: "UTC", nowMs: 0)
        func add(_ id: String, start: Int64, answer: Int64?, end: Int64, direction: Direction, number: String) throws {
            var call = CallRecord(vendorRecordID: id, correlationID: id, startMs: t0 + start * 1000,
                                  answerMs: answer.map { t0 + $0 * 1000 }, endMs: t0 + end * 1000,
                                  talkMs: answer.map { (end - $0) * 1000 } ?? 0, direction: direction,
                                  disposition: answer == nil ? .noAnswer : .answered)
            call.parties.extension = "2001"
            call.parties.remote = number
            if direction == .incoming { call.parties.calling = number } else { call.parties.called = number }
            XCTAssertTrue(try store.insert(call, sourceID: source, importID: nil))
        }
        // Missed from …1111, called back after 10 minutes; missed twice from …2222, never called back.
        try add("m1", start: 0, answer: nil, end: 20, direction: .incoming, number: "+4917655501111")
        try add("o1", start: 620, answer: 625, end: 700, direction: .outgoing, number: "+4917655501111")
        try add("m2", start: 900, answer: nil, end: 910, direction: .incoming, number: "+4917655502222")
        try add("m3", start: 1200, answer: nil, end: 1215, direction: .incoming, number: "+4917655502222")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: directory)
    }

    func testMatchingUsesTheRealNumberAndTheListShowsTheMaskedOne() throws {
        let masked = PrivacyPackage(name: "masked", actions: [.business: [.number: .mask(digits: 4)]])
        let policy = PrivacyPolicy(packages: [masked], defaultPackage: "masked")
        let query = try CallQuery(path: path, principal: .databaseOwner, audit: KeptAudit(), privacy: policy)
        let entity = KPIEntity(kind: .extension, id: "2001")
        let bucket = try XCTUnwrap(try KPIEngine.compute(query: query, entity: entity, fromMs: t0, toMs: t0 + 3_600_000,
                                                         bucket: .all, parameters: KPIParameters()).first)
        XCTAssertEqual(bucket.missedCallbackable, 3)
        XCTAssertEqual(bucket.missedResolved, 1)
        XCTAssertEqual(bucket.callbackMedianSeconds, 600)
        XCTAssertEqual(bucket.unreturned, 1)
        let rows = try KPIEngine.unreturned(query: query, entity: entity, fromMs: t0, toMs: t0 + 3_600_000,
                                            parameters: KPIParameters())
        XCTAssertEqual(rows, [UnreturnedCaller(caller: "+491765550XXXX", attempts: 2, firstAttempt: "2025-03-03T08:15:00Z",
                                               lastAttempt: "2025-03-03T08:20:00Z")])
    }
}
