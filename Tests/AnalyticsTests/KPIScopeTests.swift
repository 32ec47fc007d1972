import Access
import Analytics
import Foundation
import Org
import Query
import Store
import Synchronization
import TestSupport
import TollbookCore
import XCTest

/// Keeps audited events in memory.
final class KeptAudit: AuditRecording {
    private let storage = Mutex<[AuditEvent]>([])

    /// Every event recorded so far.
    var events: [AuditEvent] { storage.withLock { $0 } }

    func record(_ event: AuditEvent) throws {
        storage.withLock { $0.append(event) }
    }
}

/// KPIs read through the query layer on a real store: a principal scoped to one org node sees
/// only the KPIs of the calls allocated to it; a node outside its scope gives nothing and is audited.
final class KPIScopeTests: XCTestCase {
    private var directory: URL!
    private var path: String { directory.appendingPathComponent("kpi.db").path }
    private var sales: Int64 = 0
    private var hamburg: Int64 = 0
    private let t0 = KPIEngineTests.t0

    /// Anna (Berlin/Sales, extension 2001) gets an answered and an abandoned call; Ben (Hamburg, 2002) an answered one.
    override func setUpWithError() throws {
        directory = try TestEnvironment.makeTemporaryDirectory("tollbook-kpi")
        let store = try CallStore(path: path)
        let chart = OrgChart(store: store)
        let day = OrgDate.parse("2025-01-01") ?? 0
        try chart.addNode(at: OrgPath(parsing: "Berlin/Sales"), nowMs: 0)
        try chart.addNode(at: OrgPath(parsing: "Hamburg"), nowMs: 0)
        let anna = try chart.addParticipant(ParticipantFields(name: "Anna"), at: OrgPath(parsing: "Berlin/Sales"), fromMs: day, nowMs: 0)
        let ben = try chart.addParticipant(ParticipantFields(name: "Ben"), at: OrgPath(parsing: "Hamburg"), fromMs: day, nowMs: 0)
        try chart.assign(.extension, "berlin/2001", to: anna, fromMs: day, nowMs: 0)
        try chart.assign(.extension, "hamburg/2002", to: ben, fromMs: day, nowMs: 0)
        sales = try XCTUnwrap(try chart.node(at: OrgPath(parsing: "Berlin/Sales"))?.id)
        hamburg = try XCTUnwrap(try chart.node(at: OrgPath(parsing: "Hamburg"))?.id)
        let source = try store.sourceID(named: "pbx", connector: "cisco.cucm", timeZone: "UTC", nowMs: 0)
        func add(_ id: String, start: Int64, answer: Int64?, end: Int64, key: String, caller: String) throws {
            var call = CallRecord(vendorRecordID: id, correlationID: id, startMs: t0 + start * 1000,
                                  answerMs: answer.map { t0 + $0 * 1000 }, endMs: t0 + end * 1000,
                                  talkMs: answer.map { (end - $0) * 1000 } ?? 0, direction: .incoming,
                                  disposition: answer == nil ? .noAnswer : .answered)
            call.parties.extension = String(key.suffix(4))
            call.parties.remote = caller
            call.parties.calling = caller
            call.pricing = CallPricing(remoteE164: caller, extensionKey: key, status: .rated, costMinor: 0, currency: "EUR")
            XCTAssertTrue(try store.insert(call, sourceID: source, importID: nil))
        }
        try add("a1", start: 0, answer: 5, end: 65, key: "berlin/2001", caller: "+4917655501111")
        try add("a2", start: 600, answer: nil, end: 630, key: "berlin/2001", caller: "+4917655502222")
        try add("b1", start: 1200, answer: 20 + 1200, end: 1300, key: "hamburg/2002", caller: "+4917655503333")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: directory)
    }

    private func kpis(_ principal: Principal, _ entity: String, audit: KeptAudit = KeptAudit()) throws -> KPIBucket {
        let query = try CallQuery(path: path, principal: principal, audit: audit)
        let buckets = try KPIEngine.compute(query: query, entity: try KPIEntity(parsing: entity), fromMs: t0,
                                            toMs: t0 + 3_600_000, bucket: .all, parameters: KPIParameters())
        return try XCTUnwrap(buckets.first)
    }

    private func counts(_ bucket: KPIBucket) -> [Int] { [bucket.offered, bucket.answered, bucket.abandoned] }

    func testTheDatabaseOwnerSeesEveryNodeWithItsSubUnits() throws {
        XCTAssertEqual(counts(try kpis(.databaseOwner, "enterprise")), [3, 2, 1])
        XCTAssertEqual(counts(try kpis(.databaseOwner, "org:Berlin")), [2, 1, 1], "Berlin includes Berlin/Sales")
        XCTAssertEqual(counts(try kpis(.databaseOwner, "org:Hamburg")), [1, 1, 0])
        XCTAssertEqual(try kpis(.databaseOwner, "org:Hamburg").asaSeconds, 20)
        XCTAssertEqual(try kpis(.databaseOwner, "extension:2001").offered, 2)
    }

    func testAManagerScopedToOneNodeSeesOnlyItsKPIs() throws {
        let manager = Principal(kind: .user, userName: "m", userID: 7, permissions: [.callsReadScope], scope: .subtrees([sales]),
                                participantID: nil)
        let audit = KeptAudit()
        let all = try kpis(manager, "enterprise", audit: audit)
        XCTAssertEqual(counts(all), [2, 1, 1])
        XCTAssertEqual(all.asaSeconds, 5)
        XCTAssertEqual(counts(try kpis(manager, "org:Berlin/Sales")), [2, 1, 1])
        XCTAssertEqual(counts(try kpis(manager, "extension:2002")), [0, 0, 0], "Ben's extension lies outside the scope")
        XCTAssertEqual(audit.events.map(\.action), [CallQuery.analyticsAction])
        XCTAssertEqual(audit.events.first?.outcome, .success)
        // Hamburg is outside the scope: nothing, and the refusal is audited with the node's id.
        let refused = KeptAudit()
        XCTAssertEqual(counts(try kpis(manager, "org:Hamburg", audit: refused)), [0, 0, 0])
        XCTAssertEqual(refused.events.map(\.outcome), [.denied])
        XCTAssertEqual(refused.events.first?.subject, "node:\(hamburg)")
        XCTAssertFalse(refused.events.contains { $0.detail.contains("+49") }, "no numbers in audit rows")
    }

    func testAnOrgNodeBelowTheMinimumGroupSizeIsWithheld() throws {
        let query = try CallQuery(path: path, principal: .databaseOwner, audit: KeptAudit())
        XCTAssertEqual(try KPIEngine.persons(inOrgNode: "Berlin", chart: query.chart, fromMs: t0, toMs: t0 + 3_600_000), 1)
        XCTAssertThrowsError(try KPIEngine.compute(query: query, entity: KPIEntity(kind: .org, id: "Berlin"), fromMs: t0,
                                                   toMs: t0 + 3_600_000, bucket: .all, parameters: KPIParameters(),
                                                   minimumGroupSize: 2)) { error in
            XCTAssertEqual(error as? AnalyticsError, .belowMinimumGroupSize(entity: "org:Berlin", minimum: 2))
        }
        let shown = try KPIEngine.compute(query: query, entity: KPIEntity(kind: .org, id: "Berlin"), fromMs: t0,
                                          toMs: t0 + 3_600_000, bucket: .all, parameters: KPIParameters(), minimumGroupSize: 1)
        XCTAssertEqual(shown.first?.offered, 2)
        // The enterprise is not a group of the chart: not withheld.
        XCTAssertEqual(try KPIEngine.compute(query: query, entity: KPIEntity(kind: .enterprise, id: ""), fromMs: t0,
                                             toMs: t0 + 3_600_000, bucket: .all, parameters: KPIParameters(),
                                             minimumGroupSize: 5).first?.offered, 3)
    }

    func testAnUnknownOrgNodeIsAnError() throws {
        XCTAssertThrowsError(try kpis(.databaseOwner, "org:Nowhere")) { error in
            XCTAssertEqual(error as? AnalyticsError, .unknownOrgNode("Nowhere"))
        }
    }
}
