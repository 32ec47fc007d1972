import Access
import Org
import Query
import Store
import TollbookCore
import XCTest

/// Who sees which calls: scope by the chart's history, own calls, refusals in the audit log.
final class CallScopeTests: QueryTestCase {
    private var anna: Int64 = 0
    private var ben: Int64 = 0
    private var beforeMove: Int64 = 0
    private var afterMove: Int64 = 0
    private var bensCall: Int64 = 0
    private var unowned: Int64 = 0

    /// Anna is in Berlin/Sales until March, then Berlin/Support; Ben is in Hamburg all along.
    override func setUpWithError() throws {
        try super.setUpWithError()
        try chart.addNode(at: orgPath("Berlin/Sales"), nowMs: 0)
        try chart.addNode(at: orgPath("Berlin/Support"), nowMs: 0)
        try chart.addNode(at: orgPath("Hamburg"), nowMs: 0)
        anna = try chart.addParticipant(ParticipantFields(name: "Anna"), at: orgPath("Berlin/Sales"), fromMs: day("2025-01-01"), nowMs: 0)
        ben = try chart.addParticipant(ParticipantFields(name: "Ben"), at: orgPath("Hamburg"), fromMs: day("2025-01-01"), nowMs: 0)
        try chart.assign(.extension, "berlin/2001", to: anna, fromMs: day("2025-01-01"), nowMs: 0)
        try chart.assign(.pin, "4711", to: ben, fromMs: day("2025-01-01"), nowMs: 0)
        beforeMove = try addCall(startMs: day("2025-02-10"), extensionKey: "berlin/2001")
        XCTAssertTrue(try chart.moveParticipant(id: anna, to: orgPath("Berlin/Support"), fromMs: day("2025-03-01")))
        afterMove = try addCall(startMs: day("2025-03-10"), extensionKey: "berlin/2001")
        // The PIN decides before the extension: Ben's call from Anna's phone is Ben's.
        bensCall = try addCall(startMs: day("2025-03-11"), extensionKey: "berlin/2001", pin: "4711")
        unowned = try addCall(startMs: day("2025-03-12"), extensionKey: "berlin/2999")
    }

    func testTheDatabaseOwnerSeesEveryCall() throws {
        XCTAssertEqual(try ids(.databaseOwner), [beforeMove, afterMove, bensCall, unowned])
    }

    func testAManagerSeesTheCallsOfItsSubtreeAtTheTimeOfTheCall() throws {
        let sales = principal([.callsReadScope], scope: .subtrees([try node("Berlin/Sales")]))
        XCTAssertEqual(try ids(sales), [beforeMove], "Anna's calls after her move stay out of Sales")
        let support = principal([.callsReadScope], scope: .subtrees([try node("Berlin/Support")]))
        XCTAssertEqual(try ids(support), [afterMove], "she does not take her old calls along")
        let berlin = principal([.callsReadScope], scope: .subtrees([try node("Berlin")]))
        XCTAssertEqual(try ids(berlin), [beforeMove, afterMove])
        let other = principal([.callsReadScope], scope: .subtrees([OrgChart.otherNodeID]))
        XCTAssertEqual(try ids(other), [unowned])
        let everything = principal([.callsReadScope], scope: .everything)
        XCTAssertEqual(try ids(everything), [beforeMove, afterMove, bensCall, unowned])
    }

    func testAnEmployeeSeesOnlyOwnCallsAndAManagerAlsoOwn() throws {
        XCTAssertEqual(try ids(principal([.callsReadOwn], scope: .everything, participant: anna)), [beforeMove, afterMove])
        XCTAssertEqual(try ids(principal([.callsReadOwn], participant: ben)), [bensCall])
        let managerOfSales = principal([.callsReadScope, .callsReadOwn], scope: .subtrees([try node("Berlin/Sales")]), participant: ben)
        XCTAssertEqual(try ids(managerOfSales), [beforeMove, bensCall])
    }

    func testWithoutPermissionNothingIsListedAndTheRefusalIsAudited() throws {
        let audit = RecordedAudit()
        XCTAssertEqual(try ids(principal([.orgRead], scope: .everything, participant: anna, name: "eve"), audit: audit), [])
        XCTAssertEqual(audit.events, [AuditEvent(action: "calls.list", actor: "eve", outcome: .denied,
                                                 detail: "no permission to read calls")])
    }

    func testACallIdOutsideTheScopeReturnsNothingAndIsAudited() throws {
        let audit = RecordedAudit()
        let query = try CallQuery(path: path, principal: principal([.callsReadScope], scope: .subtrees([try node("Hamburg")]),
                                                                   name: "mgr"), audit: audit)
        XCTAssertEqual(try query.call(id: bensCall)?.id, bensCall)
        XCTAssertNil(try query.call(id: beforeMove))
        XCTAssertEqual(audit.events, [AuditEvent(action: "calls.read", actor: "mgr", subject: "call:\(beforeMove)",
                                                 outcome: .denied, detail: "the call is outside the reader's scope")])
    }

    func testANodeOrParticipantOutsideTheScopeReturnsNothingAndIsAudited() throws {
        let audit = RecordedAudit()
        let manager = principal([.callsReadScope], scope: .subtrees([try node("Berlin")]), name: "mgr")
        XCTAssertEqual(try ids(manager, CallRequest(nodeID: try node("Berlin/Support")), audit: audit), [afterMove])
        XCTAssertEqual(try ids(manager, CallRequest(participantID: anna), audit: audit), [beforeMove, afterMove])
        XCTAssertEqual(audit.events.map(\.outcome), [.success, .success], "requests inside the scope are not refusals")
        let hamburg = try node("Hamburg")
        XCTAssertEqual(try ids(manager, CallRequest(nodeID: hamburg), audit: audit), [])
        XCTAssertEqual(try ids(manager, CallRequest(participantID: ben), audit: audit), [])
        let refusals = audit.events.dropFirst(2)
        XCTAssertEqual(refusals.map(\.subject), ["node:\(hamburg)", "participant:\(ben)"])
        XCTAssertEqual(refusals.map(\.outcome), [.denied, .denied])
        XCTAssertEqual(refusals.map(\.action), ["calls.list", "calls.list"])
    }

    func testAllocatedCallsFollowTheScope() throws {
        var seen: [Int64] = []
        let query = try CallQuery(path: path, principal: principal([.callsReadScope], scope: .subtrees([try node("Berlin/Support")])),
                                  audit: RecordedAudit())
        try query.allocatedCalls(fromMs: nil, toMs: nil) { seen.append($0.callID) }
        XCTAssertEqual(seen, [afterMove])
    }

    func testTheFastPathAppliesTheSameScope() throws {
        let output = ByteOutput(.memory)
        let query = try CallQuery(path: path, principal: principal([.callsReadScope], scope: .subtrees([try node("Berlin")])),
                                  audit: RecordedAudit())
        XCTAssertEqual(try query.writeCalls(CallRequest(), format: .jsonl, to: output), 2)
        let lines = String(decoding: output.collected, as: UTF8.self).split(separator: "\n")
        XCTAssertEqual(lines.map { $0.prefix(while: { $0 != "," }) }, ["{\"id\":\(beforeMove)", "{\"id\":\(afterMove)"])
    }

    func testUserExportsAreAuditedWithTheirRowCount() throws {
        let audit = RecordedAudit()
        _ = try ids(principal([.callsReadOwn], participant: anna, name: "anna"), audit: audit)
        XCTAssertEqual(audit.events, [AuditEvent(action: "calls.list", actor: "anna", outcome: .success, detail: "rows=2")])
    }
}

/// The quarantine: raw bytes only with `rejects.read_raw`.
final class RejectAccessTests: QueryTestCase {
    func testRawBytesNeedTheirOwnPermission() throws {
        let span = QuarantinedInput(reason: .malformed, sourceOffset: 12, raw: Array("2001;+4930123\n".utf8), field: "f", message: "m")
        _ = try store.insert(span, sourceID: sourceID, importID: nil, fileSHA256: "ab", fileName: "cdr.txt", nowMs: 5)
        func read(_ permissions: Set<Permission>, _ audit: RecordedAudit) throws -> ([StoredReject], CallQuery.RejectAccess) {
            var rows: [StoredReject] = []
            let access = try CallQuery(path: path, principal: principal(permissions, name: "r"), audit: audit).rejects { rows.append($0) }
            return (rows, access)
        }
        let audit = RecordedAudit()
        let (raw, rawAccess) = try read([.rejectsReadRaw], audit)
        XCTAssertEqual(rawAccess, .withRawBytes)
        XCTAssertEqual(raw.map(\.reject.raw), [Array("2001;+4930123\n".utf8)])
        let (plain, plainAccess) = try read([.rejectsRead], audit)
        XCTAssertEqual(plainAccess, .withoutRawBytes)
        XCTAssertEqual(plain.map(\.reject.raw), [[]])
        XCTAssertEqual(plain.map(\.reject.sourceOffset), [12])
        XCTAssertEqual(plain.map(\.fileName), ["cdr.txt"])
        let (none, noAccess) = try read([.callsReadAll], audit)
        XCTAssertEqual(noAccess, .none)
        XCTAssertEqual(none, [])
        XCTAssertEqual(audit.events, [AuditEvent(action: "rejects.list", actor: "r", outcome: .denied,
                                                 detail: "no permission to read the quarantine")])
    }
}
