import Access
import Documents
import Foundation
import Governance
import Query
import Reports
import TollbookConfiguration
import TollbookCore

/// ``ReportRendering`` for every report a schedule can mail: `costs` (``CostReportRenderer``) and
/// the accounting reports of the report catalogue (`itemised`, `cost-summary`,
/// `top-destinations`, docs/reports.md) in every format the catalogue writes (csv, json, pdf,
/// html, xlsx). Each is rendered as the recipient, through the query layer.
public struct CatalogReportRenderer: ReportRendering {
    /// The renderer of `costs`.
    public let costs: CostReportRenderer
    /// The configuration (packages, governance settings, sites).
    public let configuration: ConfigurationFile

    /// The renderer for `configuration`.
    public init(configuration: ConfigurationFile) {
        costs = CostReportRenderer(configuration: configuration)
        self.configuration = configuration
    }

    /// The filters a catalogue report takes (besides `period`).
    public static let catalogFilters: Set<String> = ["participant", "node", "by", "top", "rank_by"]

    /// `nil` when `report` can be mailed in `format` with these filter keys; else why not.
    public func problem(report: String, format: String, filterKeys: Set<String>) -> String? {
        if report == "costs" { return costs.problem(report: report, format: format, filterKeys: filterKeys) }
        guard ReportCatalog.names.contains(report) else {
            return "unknown report '\(report)' (known: \((["costs"] + ReportCatalog.names).joined(separator: ", ")))"
        }
        guard ReportFormat(rawValue: format) != nil else {
            return "report \(report) is available as \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")) (not \(format))"
        }
        let unsupported = filterKeys.subtracting(Self.catalogFilters.union(["period"]))
        guard unsupported.isEmpty else {
            return "report \(report) takes the filters \(Self.catalogFilters.union(["period"]).sorted().joined(separator: ", "))"
                + " (not \(unsupported.sorted().joined(separator: ", ")))"
        }
        return nil
    }

    /// The catalogue's filters of `request`.
    /// - Throws: ``MailError/rendering(report:reason:)`` for a value the report does not take.
    static func filters(of request: ReportRequest) throws -> ReportFilters {
        func refuse(_ reason: String) -> MailError { MailError.rendering(report: request.scheduleName, reason: reason) }
        var filters = ReportFilters(from: request.period.from, until: request.period.until,
                                    participant: request.filters["participant"], node: request.filters["node"])
        if let by = request.filters["by"] {
            guard let grouping = CostSummaryGrouping(rawValue: by) else {
                throw refuse("by must be one of \(CostSummaryGrouping.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            filters.by = grouping
        }
        if let top = request.filters["top"] {
            guard let count = Int(top), count > 0 else { throw refuse("top must be a whole number above 0") }
            filters.top = count
        }
        if let rank = request.filters["rank_by"] {
            guard let ranking = DestinationRanking(rawValue: rank) else {
                throw refuse("rank_by must be one of \(DestinationRanking.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            filters.rankBy = ranking
        }
        return filters
    }

    /// Renders `request` as `query`'s principal.
    /// - Throws: ``MailError/rendering(report:reason:)``, ``ReportsError``, query-layer errors.
    public func render(_ request: ReportRequest, query: CallQuery, audit: any AuditRecording) throws -> RenderedReport {
        if request.report == "costs" { return try costs.render(request, query: query, audit: audit) }
        guard let format = ReportFormat(rawValue: request.format) else {
            throw MailError.rendering(report: request.scheduleName, reason: "format \(request.format) is not available")
        }
        let language: DocumentLanguage = request.language == "de" ? .de : .en
        // Packages assigned above a scoped recipient's subtree are passed down to it (see CostReportRenderer).
        let visible = try CostReporting(query: query, packages: [], timeZone: request.timeZone, audit: audit).snapshot()
        let reporting = try CostReporting(query: query, packages: CostReportRenderer.packages(configuration.packages, visibleIn: visible),
                                          timeZone: request.timeZone, audit: audit)
        let catalog = ReportCatalog(reporting: reporting, governance: GovernanceSettings(configuration: configuration),
                                    configuration: configuration)
        let data = try catalog.data(name: request.report, filters: try Self.filters(of: request), language: language)
        let bytes: [UInt8]
        do {
            bytes = try data.render(format: format, language: language, timeZone: request.timeZone, watermark: query.watermark)
        } catch {
            throw MailError.rendering(report: request.scheduleName, reason: "\(error)")
        }
        return RenderedReport(fileName: "\(request.scheduleName)-\(request.period.from).\(format.rawValue)", mimeType: format.mimeType,
                              bytes: bytes, title: data.title)
    }
}
