import Access
import Costing
import Foundation
import Governance
import Org
import Query
import Reports
import Store
import Synchronization
import TestSupport
import TollbookCore
import XCTest

/// Keeps audited events in memory (a test double of the audit log's protocol).
final class RecordedAudit: AuditRecording {
    private let storage = Mutex<[AuditEvent]>([])
    var events: [AuditEvent] { storage.withLock { $0 } }
    func record(_ event: AuditEvent) throws { storage.withLock { $0.append(event) } }
}

/// Cost reports and statements through the query layer: whole chart for the owner, subtrees for a
/// manager, refusals audited.
final class CostReportingTests: XCTestCase {
    var directory: URL!
    var store: CallStore!
    var chart: OrgChart!
    var path: String { directory.appendingPathComponent("reports.db").path }
    var anna: Int64 = 0
    var ben: Int64 = 0

    override func setUpWithError() throws {
        directory = try TestEnvironment.makeTemporaryDirectory("tollbook-reports")
        store = try CallStore(path: path)
        chart = OrgChart(store: store)
        let source = try store.sourceID(named: "pbx", connector: "cisco.cucm", timeZone: "UTC", nowMs: 0)
        try chart.addNode(at: OrgPath(parsing: "Berlin/Sales"), nowMs: 0)
        try chart.addNode(at: OrgPath(parsing: "Hamburg"), nowMs: 0)
        let january = OrgDate.parse("2025-01-01") ?? 0
        anna = try chart.addParticipant(ParticipantFields(name: "Anna", employeeID: "E1"), at: OrgPath(parsing: "Berlin/Sales"),
                                        fromMs: january, nowMs: 0)
        ben = try chart.addParticipant(ParticipantFields(name: "Ben"), at: OrgPath(parsing: "Hamburg"), fromMs: january, nowMs: 0)
        try chart.assign(.extension, "ber/2001", to: anna, fromMs: january, nowMs: 0)
        try chart.assign(.extension, "ham/3001", to: ben, fromMs: january, nowMs: 0)
        var number = 0
        func call(_ key: String, day: String, cost: Int64, talkMs: Int64) throws {
            number += 1
            let start = (OrgDate.parse(day) ?? 0) + 36_000_000
            var record = CallRecord(vendorRecordID: "r\(number)", correlationID: "", startMs: start, answerMs: start, endMs: start + talkMs)
            record.talkMs = talkMs
            record.pricing = CallPricing(remoteE164: "+4930", extensionKey: key, status: .rated, costMinor: cost, currency: "EUR")
            XCTAssertTrue(try store.insert(record, sourceID: source, importID: nil))
        }
        try call("ber/2001", day: "2025-03-03", cost: 120, talkMs: 60_000)
        try call("ber/2001", day: "2025-03-04", cost: 35, talkMs: 30_500)
        try call("ham/3001", day: "2025-03-05", cost: 1_000, talkMs: 600_000)
        try call("xxx/9", day: "2025-03-06", cost: 7, talkMs: 1_000)
    }

    override func tearDown() {
        chart = nil
        store = nil
        try? FileManager.default.removeItem(at: directory)
    }

    private func reporting(_ principal: Principal, audit: RecordedAudit = RecordedAudit()) throws -> CostReporting {
        try CostReporting(path: path, principal: principal, audit: audit, packages: [], timeZone: TimeZone(identifier: "UTC")!,
                          nowMs: 0)
    }

    private func manager(of path: String, name: String = "mgr") throws -> Principal {
        let node = try XCTUnwrap(try chart.node(at: OrgPath(parsing: path))?.id)
        return Principal(kind: .user, userName: name, userID: 3, permissions: Role.manager.permissions,
                         scope: .subtrees([node]), participantID: nil)
    }

    func testTheOwnersReportCoversTheWholeChart() throws {
        let report = try reporting(.databaseOwner).report(from: CalendarDay("2025-03-01")!, until: CalendarDay("2025-04-01")!)
        XCTAssertEqual(report.nodes.map(\.node.path), ["Berlin", "Berlin/Sales", "Hamburg", "Other"])
        XCTAssertEqual(report.nodes.map(\.total.callCostMinor), [155, 155, 1_000, 7])
        XCTAssertEqual(report.nodes.map(\.total.calls), [2, 2, 1, 1])
        XCTAssertEqual(report.total.callCostMinor, 1_162)
        XCTAssertEqual(report.participants.map(\.participant.name), ["Anna", "Ben"])
    }

    func testAManagersReportCoversOnlyItsSubtree() throws {
        let report = try reporting(try manager(of: "Berlin")).report(from: CalendarDay("2025-03-01")!, until: CalendarDay("2025-04-01")!)
        XCTAssertEqual(report.nodes.map(\.node.path), ["Berlin", "Berlin/Sales"])
        XCTAssertEqual(report.nodes.map(\.depth), [1, 2])
        XCTAssertEqual(report.total.callCostMinor, 155)
        XCTAssertEqual(report.total.talkMs, 90_500)
        XCTAssertEqual(report.participants.map(\.participant.name), ["Anna"])
    }

    func testAStatementListsItemsAndTheTotal() throws {
        let statement = try XCTUnwrap(try reporting(.databaseOwner).statement(for: .path("berlin"), month: CalendarDay("2025-03-01")!))
        XCTAssertEqual(statement.nodePath, "Berlin")
        XCTAssertEqual(statement.currency, "EUR")
        XCTAssertEqual(statement.lines.map(\.participantName), ["Anna"])
        XCTAssertEqual(statement.lines.map(\.employeeID), ["E1"])
        XCTAssertEqual(statement.lines.map(\.nodePath), ["Berlin/Sales"])
        XCTAssertEqual(statement.lines.map(\.month), ["2025-03"])
        XCTAssertEqual(statement.lines.map(\.quantity), [2])
        XCTAssertEqual(statement.totalMinor, 155)
    }

    func testAStatementOutsideTheScopeIsNothingAndAudited() throws {
        let audit = RecordedAudit()
        let hamburg = try XCTUnwrap(try chart.node(at: OrgPath(parsing: "Hamburg"))?.id)
        let reports = try reporting(try manager(of: "Berlin"), audit: audit)
        XCTAssertNil(try reports.statement(for: .id(hamburg), month: CalendarDay("2025-03-01")!))
        XCTAssertEqual(audit.events, [AuditEvent(action: "reports.statement", actor: "mgr", subject: "node:\(hamburg)",
                                                 outcome: .denied, detail: "the node is unknown or outside the reader's scope")])
        XCTAssertEqual(try reports.statement(for: .path("Berlin/Sales"), month: CalendarDay("2025-03-01")!)?.totalMinor, 155)
    }

    func testReportsNeedTheirPermission() throws {
        let audit = RecordedAudit()
        let employee = Principal(kind: .user, userName: "emp", userID: 4, permissions: Role.employee.permissions,
                                 scope: .everything, participantID: anna)
        XCTAssertThrowsError(try reporting(employee, audit: audit)) { error in
            XCTAssertEqual(error as? ReportsError, .notPermitted(user: "emp"))
        }
        XCTAssertEqual(audit.events.map(\.outcome), [.denied])
        XCTAssertEqual(audit.events.map(\.action), ["reports.run"])
    }

    // MARK: The report catalog (what scheduled mail attaches)

    private var march: ReportFilters { ReportFilters(from: CalendarDay("2025-03-01")!, until: CalendarDay("2025-04-01")!) }

    func testTheCatalogRendersAReportByNameWithFileNameAndMimeType() throws {
        let catalog = ReportCatalog(reporting: try reporting(.databaseOwner), governance: GovernanceSettings(profile: nil),
                                    configuration: nil)
        var filters = march
        filters.by = .node
        let rendered = try catalog.render(name: "cost-summary", filters: filters, format: .csv, language: .en)
        XCTAssertEqual(rendered.fileName, "cost-summary-2025-03-01-2025-03-31.csv")
        XCTAssertEqual(rendered.mimeType, "text/csv; charset=utf-8; header=present")
        // Shares of 11.62: 1.55 → 13.34 %, 10.00 → 86.06 %, 0.07 → 0.60 % (rounded half up).
        XCTAssertEqual(String(decoding: rendered.bytes, as: UTF8.self),
                       "node,calls,talk_seconds,cost,share_percent\r\n"
                       + "Berlin,2,90,1.55,13.34\r\nBerlin/Sales,2,90,1.55,13.34\r\nHamburg,1,600,10.00,86.06\r\nOther,1,1,0.07,0.60\r\n")
        let pdf = try catalog.render(name: "top-destinations", filters: march, format: .pdf, language: .de)
        XCTAssertEqual(pdf.fileName, "top-destinations-2025-03-01-2025-03-31.pdf")
        XCTAssertEqual(pdf.mimeType, "application/pdf")
        XCTAssertEqual(Array(pdf.bytes.prefix(5)), Array("%PDF-".utf8))
        XCTAssertThrowsError(try catalog.render(name: "nope", filters: march, format: .json, language: .en)) { error in
            XCTAssertEqual(error as? ReportsError, .unknownReport("nope"))
            XCTAssertEqual("\(error)", "there is no report 'nope' (reports: itemised, cost-summary, top-destinations, "
                           + "hunt-group-service, trunk-utilisation, management-summary)")
        }
        XCTAssertEqual(ReportCatalog.names, ["itemised", "cost-summary", "top-destinations", "hunt-group-service",
                                             "trunk-utilisation", "management-summary"])
    }

    func testTheItemisedListStaysInsideTheReadersScope() throws {
        let owner = ReportCatalog(reporting: try reporting(.databaseOwner), governance: GovernanceSettings(profile: nil),
                                  configuration: nil)
        var anna = march
        anna.participant = "E1"
        let all = try owner.data(name: "itemised", filters: anna, language: .en)
        XCTAssertEqual(all.table("calls")?.rows.map { [$0[0], $0[2], $0[7]] },
                       [["2025-03-03T10:00:00Z", "+4930", "1.20"], ["2025-03-04T10:00:00Z", "+4930", "0.35"]])
        XCTAssertEqual(all.sections.first?.paragraphs.last, "Totals: Calls 2 · Talk time 1:30 · Cost €1.55")
        // Hamburg's manager asks for Anna (Berlin): nothing, and the refusal is audited.
        let audit = RecordedAudit()
        let hamburg = ReportCatalog(reporting: try reporting(try manager(of: "Hamburg"), audit: audit),
                                    governance: GovernanceSettings(profile: nil), configuration: nil)
        XCTAssertEqual(try hamburg.data(name: "itemised", filters: anna, language: .en).table("calls")?.rows.count, 0)
        XCTAssertEqual(audit.events.last?.outcome, .denied)
        var unknown = march
        unknown.node = "Munich"
        XCTAssertThrowsError(try owner.data(name: "itemised", filters: unknown, language: .en)) { error in
            XCTAssertEqual(error as? ReportsError, .unknownNode("Munich"))
        }
    }
}
