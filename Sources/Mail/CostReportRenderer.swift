import Access
import Costing
import Documents
import Foundation
import Governance
import Query
import Reports
import TollbookConfiguration
import TollbookCore

/// ``ReportRendering`` for the report `costs`: costs by org node (as `tollbook report costs --by
/// node`), optionally only the subtree of `filters.node`, as CSV (RFC 4180), JSON or PDF, with the
/// minimum group size of the co-determination profile applied (withheld cells read `< k`).
public struct CostReportRenderer: ReportRendering {
    /// Tariff packages (indirect costs).
    public let packages: [PackageSettings]
    /// The governance settings (minimum group size, profile).
    public let governance: GovernanceSettings

    /// A renderer with the configuration's packages and governance settings.
    public init(packages: [PackageSettings], governance: GovernanceSettings) {
        self.packages = packages
        self.governance = governance
    }

    /// The renderer for `configuration` (its packages and governance settings).
    public init(configuration: ConfigurationFile) {
        self.init(packages: configuration.packages, governance: GovernanceSettings(configuration: configuration))
    }

    /// Formats this renderer writes.
    public static let formats = ["csv", "json", "pdf"]

    /// `nil` for `costs` in csv, json or pdf with the filters `node` and `period`; else why not.
    public func problem(report: String, format: String, filterKeys: Set<String>) -> String? {
        guard report == "costs" else { return "unknown report '\(report)' (known: costs)" }
        guard Self.formats.contains(format) else {
            return "report costs is available as \(Self.formats.joined(separator: ", ")) (not \(format))"
        }
        let unsupported = filterKeys.subtracting(["node", "period"])
        guard unsupported.isEmpty else {
            return "report costs takes the filters node and period (not \(unsupported.sorted().joined(separator: ", ")))"
        }
        return nil
    }

    /// The packages as a recipient with a limited scope sees them: an assignment to a node the
    /// recipient sees stays; an assignment to an ancestor of the recipient's top nodes is passed down
    /// to those top nodes (the package applies to their subtrees as before) without the ancestor's
    /// own services, which are not the recipient's; assignments to nodes and people the recipient
    /// does not see are left out (they would otherwise make the report fail for a scoped recipient).
    static func packages(_ packages: [PackageSettings], visibleIn org: CostingOrg) -> [PackageSettings] {
        let paths = Set(org.nodes.map(\.path))
        let tops = org.nodes.filter { $0.parentID == nil }.map(\.path)
        let people = Set(org.participants.flatMap { [$0.employeeID, $0.email] }.filter { !$0.isEmpty })
        var result: [PackageSettings] = []
        for package in packages {
            var own = package
            own.assignments = []
            var inherited = package
            inherited.assignments = []
            inherited.services = []
            for assignment in package.assignments {
                switch assignment.target {
                case .node(let path):
                    if paths.contains(path) {
                        own.assignments.append(assignment)
                    } else {
                        for top in tops where top.hasPrefix(path + "/") {
                            var passed = assignment
                            passed.target = .node(path: top)
                            inherited.assignments.append(passed)
                        }
                    }
                case .participant(let reference):
                    if people.contains(reference) { own.assignments.append(assignment) }
                }
            }
            if !own.assignments.isEmpty || inherited.assignments.isEmpty { result.append(own) }
            if !inherited.assignments.isEmpty { result.append(inherited) }
        }
        return result
    }

    /// Costs by node of the request's period as `query`'s principal sees them, cut to the `node`
    /// filter's subtree, in the request's format and language.
    /// - Throws: ``MailError/rendering(report:reason:)``, ``ReportsError``, query-layer errors.
    public func render(_ request: ReportRequest, query: CallQuery, audit: any AuditRecording) throws -> RenderedReport {
        let german = request.language == "de"
        let visible = try CostReporting(query: query, packages: [], timeZone: request.timeZone, audit: audit).snapshot()
        let reporting = try CostReporting(query: query, packages: Self.packages(packages, visibleIn: visible),
                                          timeZone: request.timeZone, audit: audit)
        let governed = try reporting.costsByNode(from: request.period.from, until: request.period.until, governance: governance)
        let report = governed.report
        let node = request.filters["node"]
        let k = governed.minimumGroupSize
        func inFilter(_ path: String) -> Bool { node.map { path == $0 || path.hasPrefix($0 + "/") } ?? true }
        func money(_ minor: Int64) -> String { MoneyFormat.decimal(minor: minor, currency: report.currency) }
        let columns = ["path", "calls", "talk_seconds", "call_costs", "indirect_costs", "markup", "own_total", "total"]
        var rows: [[String]] = []
        for row in report.nodes where inFilter(row.node.path) {
            let visible = governed.total[row.node.id] ?? .shown
            let own = governed.own[row.node.id] ?? .shown
            let hidden = visible == .belowMinimum ? "< \(k)" : "hidden"
            let ownHidden = own == .belowMinimum ? "< \(k)" : "hidden"
            let total = row.total
            rows.append([row.node.path]
                + (visible.isShown ? [String(total.calls), String(total.talkMs / 1000), money(total.callCostMinor),
                                      money(total.indirectMinor), money(total.markupMinor)]
                                   : Array(repeating: hidden, count: 5))
                + [own.isShown ? money(row.own.totalMinor) : ownHidden, visible.isShown ? money(total.totalMinor) : hidden])
        }
        if node == nil {
            let all = report.total
            let shown = governed.grandTotal.isShown
            let hidden = governed.grandTotal == .belowMinimum ? "< \(k)" : "hidden"
            rows.append(["(all)"] + (shown ? [String(all.calls), String(all.talkMs / 1000), money(all.callCostMinor),
                                               money(all.indirectMinor), money(all.markupMinor), "", money(all.totalMinor)]
                                            : Array(repeating: hidden, count: 7)))
        }
        let title = german ? "Kostenübersicht nach Organisationseinheit" : "Cost summary by org unit"
        let scopeText = node.map { (german ? "Einheit: " : "Unit: ") + $0 } ?? (german ? "Alle Einheiten" : "All units")
        let periodText = (german ? "Zeitraum: " : "Period: ") + "\(request.period.from) – \(request.period.lastDay)"
        let currency = (german ? "Währung: " : "Currency: ") + report.currency
        let data = ReportData(title: title, sections: [
            ReportData.Section(key: "costs", title: title, paragraphs: [periodText, scopeText, currency],
                               tables: [ReportData.Table(key: "nodes", columns: columns, rows: rows)]),
        ])
        let base = "\(request.scheduleName)-\(request.period.from)"
        switch request.format {
        case "csv":
            return RenderedReport(fileName: base + ".csv", mimeType: "text/csv", bytes: Array(ReportData.csv(data.sections[0].tables[0]).utf8),
                                  title: title)
        case "json":
            return RenderedReport(fileName: base + ".json", mimeType: "application/json", bytes: Array(data.json.utf8), title: title)
        case "pdf":
            let document = data.document(language: german ? .de : .en, watermark: query.watermark)
            do {
                return RenderedReport(fileName: base + ".pdf", mimeType: "application/pdf", bytes: try PDFRenderer().render(document),
                                      title: title)
            } catch {
                throw MailError.rendering(report: request.scheduleName, reason: "\(error)")
            }
        default:
            throw MailError.rendering(report: request.scheduleName, reason: "format \(request.format) is not available for report costs")
        }
    }
}
