import Access
import Foundation
import Org
import Query
@testable import Store
import Synchronization
import TestSupport
import TollbookCore
import XCTest

/// Keeps audited events in memory (a test double of the audit log's protocol).
final class RecordedAudit: AuditRecording {
    private let storage = Mutex<[AuditEvent]>([])

    /// Every event recorded so far.
    var events: [AuditEvent] { storage.withLock { $0 } }

    func record(_ event: AuditEvent) throws {
        storage.withLock { $0.append(event) }
    }
}

/// Base for query layer tests: a store on disk per test, its org chart and helpers to add calls.
class QueryTestCase: XCTestCase {
    var directory: URL!
    var store: CallStore!
    var chart: OrgChart!
    var sourceID: Int64 = 0
    var path: String { directory.appendingPathComponent("query.db").path }
    private var nextRecord = 1

    override func setUpWithError() throws {
        directory = try TestEnvironment.makeTemporaryDirectory("tollbook-query")
        store = try CallStore(path: path)
        chart = OrgChart(store: store)
        sourceID = try store.sourceID(named: "pbx", connector: "cisco.cucm", timeZone: "UTC", nowMs: 0)
    }

    override func tearDown() {
        chart = nil
        store = nil
        try? FileManager.default.removeItem(at: directory)
    }

    /// Midnight UTC of a `YYYY-MM-DD` date.
    func day(_ text: String) -> Int64 { OrgDate.parse(text) ?? 0 }

    func orgPath(_ text: String) throws -> OrgPath { try OrgPath(parsing: text) }

    /// Stores a call starting at `startMs` with the given classifiers; returns its id.
    @discardableResult
    func addCall(startMs: Int64, extensionKey: String = "", pin: String = "", accountCode: String = "", device: String = "",
                 cost: Int64 = 10) throws -> Int64 {
        var call = CallRecord(vendorRecordID: "r\(nextRecord)", correlationID: "c", startMs: startMs, answerMs: startMs + 1_000,
                              endMs: startMs + 61_000)
        nextRecord += 1
        call.talkMs = 60_000
        call.device = device
        call.parties.pin = pin
        call.parties.accountCode = accountCode
        call.pricing = CallPricing(remoteE164: "+49301234567", extensionKey: extensionKey, status: .rated, costMinor: cost,
                                   currency: "EUR")
        XCTAssertTrue(try store.insert(call, sourceID: sourceID, importID: nil))
        return try XCTUnwrap(store.database.scalarInt("SELECT max(id) FROM calls"))
    }

    /// A principal with `permissions`, `scope` and own participant.
    func principal(_ permissions: Set<Permission>, scope: Principal.Scope = .subtrees([]),
                   participant: Int64? = nil, name: String = "u") -> Principal {
        Principal(kind: .user, userName: name, userID: 7, permissions: permissions, scope: scope, participantID: participant)
    }

    /// The ids a principal lists.
    func ids(_ principal: Principal, _ request: CallRequest = CallRequest(), audit: RecordedAudit = RecordedAudit()) throws -> [Int64] {
        var ids: [Int64] = []
        try CallQuery(path: path, principal: principal, audit: audit).calls(request) { ids.append($0.id) }
        return ids
    }

    /// The node id at `text`.
    func node(_ text: String) throws -> Int64 {
        try XCTUnwrap(try chart.node(at: orgPath(text))?.id)
    }
}
