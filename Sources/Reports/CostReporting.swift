import Access
import Costing
import Foundation
import Org
import Privacy
import Query
import Store
import TollbookConfiguration
import TollbookCore

/// Why a report was not produced.
public enum ReportsError: Error, CustomStringConvertible, Equatable {
    /// The principal lacks `reports.run` (the refusal is in the audit log).
    case notPermitted(user: String)
    /// An unknown time zone name.
    case unknownTimeZone(String)
    /// The co-determination profile (`privacy.profile`) switches the function off.
    case disabledByProfile(String)
    /// No report has this name.
    case unknownReport(String)
    /// No active participant matches the reference (not repeated: it may be a person's name).
    case unknownParticipant
    /// No org node has this path.
    case unknownNode(String)
    /// A filter is out of range.
    case invalidFilter(String)

    /// A message for the user.
    public var description: String {
        switch self {
        case let .notPermitted(user): return "user \(user) may not run reports (needs reports.run)"
        case let .unknownTimeZone(name): return "unknown time zone '\(name)'"
        case let .disabledByProfile(function):
            return "\(function) is disabled by the co-determination profile (privacy.profile.\(function))"
        case let .unknownReport(name):
            return "there is no report '\(name)' (reports: \(ReportCatalog.names.joined(separator: ", ")))"
        case .unknownParticipant: return "no active participant matches --participant"
        case let .unknownNode(path): return "there is no org node '\(path)'"
        case let .invalidFilter(message): return message
        }
    }
}

/// Cost reports and charge-back statements along the org chart, read through the query layer:
/// the calls and the chart a principal may see, the configuration's tariff packages for indirect
/// costs. A principal with a limited scope gets reports of its subtrees only (their top nodes at
/// level 1); the database owner (scope everything) gets the whole chart.
public struct CostReporting {
    /// The query layer the calls and the chart are read through.
    public let query: CallQuery
    /// Tariff packages (indirect costs).
    public let packages: [PackageSettings]
    /// Days (proration, months, call days) are read on this clock.
    public let timeZone: TimeZone
    private let audit: AuditRecording

    /// Reports for `principal` on the store at `path`: finds new classifiers first (as every
    /// report did: maintenance of the chart, skipped for a write-protected store), then opens the
    /// query layer.
    /// - Throws: ``ReportsError/notPermitted(user:)`` (audited) without `reports.run`.
    /// `encryption`: the store's key-encryption key when it is encrypted.
    public init(path: String, principal: Principal, audit: AuditRecording, packages: [PackageSettings], timeZone: TimeZone,
                nowMs: Int64, privacy: PrivacyPolicy = .standard, encryption: StoreKeyAccess = .none) throws {
        guard principal.may(.reportsRun) else {
            try audit.record(AuditEvent(action: "reports.run", actor: principal.userName, outcome: .denied,
                                        detail: "no permission to run reports"))
            throw ReportsError.notPermitted(user: principal.userName)
        }
        let writeProtected = FileManager.default.fileExists(atPath: path) && access(path, W_OK) != 0
        let store = try CallStore(path: path, readOnly: writeProtected, encryption: encryption)
        try OrgChart(store: store).discoverClassifiers(nowMs: nowMs)
        try self.init(query: CallQuery(path: path, principal: principal, audit: audit, privacy: privacy, encryption: encryption),
                      packages: packages,
                      timeZone: timeZone, audit: audit)
    }

    /// Reports through an open query layer (no classifier discovery).
    public init(query: CallQuery, packages: [PackageSettings], timeZone: TimeZone, audit: AuditRecording) throws {
        self.query = query
        self.packages = packages
        self.timeZone = timeZone
        self.audit = audit
    }

    /// The report's clock (the org chart's date arithmetic, on the report's time zone).
    private var clock: OrgClock { OrgClock(timeZone: timeZone) }

    /// The day of a UTC instant on the report's clock.
    public func day(ofMs ms: Int64) -> CalendarDay { clock.day(of: ms) }

    /// UTC ms of the start of `day` on the report's clock.
    public func startMs(of day: CalendarDay) -> Int64 { clock.midnight(of: day) }

    /// The org chart as costing sees it (removed nodes included, for history), cut to the
    /// principal's subtrees: nodes outside them, their placements and people are left out, and the
    /// top nodes of the subtrees become top-level nodes.
    public func snapshot() throws -> CostingOrg {
        let chart = query.chart
        let visible = query.visibility.visibleNodes
        let nodes = try chart.nodes(includingRemoved: true)
        var paths: [Int64: String] = [:]
        for node in nodes { paths[node.id] = try chart.path(ofNode: node.id)?.description ?? node.name }
        func shown(_ id: Int64) -> Bool { visible.map { $0.contains(id) } ?? true }
        let placements = try chart.placements().filter { shown($0.targetID) }
        let placed = Set(placements.map(\.participantID))
        let participants = try chart.participants().filter { visible == nil || placed.contains($0.id) }.map {
            CostingOrg.Participant(id: $0.id, name: $0.fields.name, employeeID: $0.fields.employeeID, email: $0.fields.email)
        }
        return CostingOrg(
            nodes: nodes.filter { shown($0.id) }.map {
                CostingOrg.Node(id: $0.id, parentID: $0.parentID.flatMap { shown($0) ? $0 : nil }, name: $0.name,
                                path: paths[$0.id] ?? $0.name)
            },
            participants: participants,
            placements: placements.map {
                CostingOrg.Placement(participantID: $0.participantID, nodeID: $0.targetID, from: day(ofMs: $0.fromMs),
                                     until: $0.toMs.map { day(ofMs: $0) })
            })
    }

    /// Records an audit event.
    func record(_ event: AuditEvent) throws { try audit.record(event) }

    /// Costs of `[from, until)` of the principal's subtrees.
    public func report(from: CalendarDay, until: CalendarDay) throws -> CostReport {
        let currency = packages.first?.currency ?? "EUR"
        var calculator = try CostCalculator(org: try snapshot(), packages: packages, from: from, until: until,
                                            currency: currency)
        let visible = query.visibility.visibleNodes
        try query.allocatedCalls(fromMs: startMs(of: from), toMs: startMs(of: until)) { call in
            guard visible.map({ $0.contains(call.nodeID) }) ?? true else { return }
            calculator.add(Costing.AllocatedCall(day: day(ofMs: call.startMs), nodeID: call.nodeID,
                                                 participantID: call.participantID, costMinor: call.costMinor,
                                                 talkMs: call.talkMs))
        }
        // Months whose detail retention or erasure deleted: their k-safe sums keep the totals. A
        // month's sum counts on its first day (periods that start mid-month leave it out).
        for sum in try query.retainedSums(fromMonth: from.monthText, untilMonth: until.monthText + "~") {
            guard let day = CalendarDay(sum.month + "-01"), sum.currency.isEmpty || sum.currency == currency else { continue }
            calculator.addRetainedSum(day: day, nodeID: sum.nodeID, calls: Int(sum.calls), talkMs: sum.talkMs, costMinor: sum.costMinor)
        }
        return calculator.report()
    }
}
