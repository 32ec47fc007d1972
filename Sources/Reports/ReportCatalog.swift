import Documents
import Foundation
import Governance
import TollbookConfiguration
import TollbookCore

/// The output formats of `tollbook report NAME --format`.
public enum ReportFormat: String, Sendable, Equatable, CaseIterable {
    /// PDF with tables and vector charts (libharu).
    case pdf
    /// Excel workbook with typed cells (libxlsxwriter).
    case xlsx
    /// RFC 4180 CSV of the report's main table (stable keys, machine-readable values).
    case csv
    /// JSON of the whole report (stable keys, machine-readable values).
    case json
    /// A standalone HTML page with the tables and inline SVG charts.
    case html

    /// The MIME type.
    public var mimeType: String {
        switch self {
        case .pdf: return "application/pdf"
        case .xlsx: return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .csv: return "text/csv; charset=utf-8; header=present"
        case .json: return "application/json"
        case .html: return "text/html; charset=utf-8"
        }
    }
}

/// A rendered report: what a file or a mail attachment needs.
public struct RenderedReport: Sendable, Equatable {
    /// A file name: `NAME-FROM-TO.EXT` (days as `YYYY-MM-DD`, both included).
    public var fileName: String
    /// The MIME type of the bytes.
    public var mimeType: String
    /// The file's content.
    public var bytes: [UInt8]

    /// A rendered report.
    public init(fileName: String, mimeType: String, bytes: [UInt8]) {
        self.fileName = fileName
        self.mimeType = mimeType
        self.bytes = bytes
    }
}

/// Every accounting report by name, rendered to bytes in any format and language — what
/// `tollbook report NAME` writes to a file and what scheduled mail attaches.
public struct ReportCatalog {
    /// The report names.
    public static let names = ["itemised", "cost-summary", "top-destinations", "hunt-group-service", "trunk-utilisation",
                               "management-summary"]

    /// The reports (query layer, governance, sites).
    public let reports: AccountingReports
    /// The KPI engine's reports.
    public let kpiReports: KPIReports

    /// A catalog over `reports`.
    public init(reports: AccountingReports, configuration: ConfigurationFile? = nil) {
        self.reports = reports
        kpiReports = KPIReports(reporting: reports.reporting, governance: reports.governance, configuration: configuration,
                                accounting: reports)
    }

    /// A catalog reading through `reporting` (the principal's query layer) with the configuration's
    /// governance settings and sites (`nil`: no configuration).
    public init(reporting: CostReporting, governance: GovernanceSettings, configuration: ConfigurationFile?) {
        var sites: [String: String] = [:]
        for site in configuration?.sites ?? [] {
            for source in site.sources where sites[source] == nil { sites[source] = site.name }
        }
        self.init(reports: AccountingReports(reporting: reporting, governance: governance, sourceSites: sites),
                  configuration: configuration)
    }

    /// The report `name` as data.
    /// - Throws: ``ReportsError/unknownReport(_:)`` and what the report throws.
    public func data(name: String, filters: ReportFilters, language: DocumentLanguage) throws -> ReportData {
        switch name {
        case "itemised": return try reports.itemised(filters, language: language)
        case "cost-summary": return try reports.costSummary(filters, language: language)
        case "top-destinations": return try reports.topDestinations(filters, language: language)
        case "hunt-group-service": return try kpiReports.huntGroupService(filters, language: language)
        case "trunk-utilisation": return try kpiReports.trunkUtilisation(filters, language: language)
        case "management-summary": return try kpiReports.managementSummary(filters, language: language)
        default: throw ReportsError.unknownReport(name)
        }
    }

    /// The report `name` rendered in `format` and `language`.
    /// - Throws: ``ReportsError``, ``DocumentsError``.
    public func render(name: String, filters: ReportFilters, format: ReportFormat,
                       language: DocumentLanguage) throws -> RenderedReport {
        let data = try data(name: name, filters: filters, language: language)
        let bytes = try data.render(format: format, language: language, timeZone: reports.reporting.timeZone,
                                    watermark: reports.reporting.query.watermark)
        let last = filters.until.adding(days: -1)
        return RenderedReport(fileName: "\(name)-\(filters.from)-\(last).\(format.rawValue)", mimeType: format.mimeType,
                              bytes: bytes)
    }
}

extension ReportData {
    /// The report in `format`: JSON of everything, CSV of the first table (RFC 4180), PDF, HTML
    /// and XLSX of the typed document (money with currency symbols, in `language`, timestamps in
    /// `timeZone`, `watermark` across PDF pages and atop HTML).
    /// - Throws: ``DocumentsError``.
    public func render(format: ReportFormat, language: DocumentLanguage, timeZone: TimeZone,
                       watermark: String? = nil) throws -> [UInt8] {
        switch format {
        case .json: return Array(json.utf8)
        case .csv:
            let table = sections.lazy.flatMap(\.tables).first ?? Table(key: "empty", columns: [], rows: [])
            return Array(Self.csv(table).utf8)
        case .pdf, .html, .xlsx:
            let document = self.document(language: language, watermark: watermark, timeZone: timeZone,
                                         currencyStyle: .symbol)
            switch format {
            case .pdf: return try PDFRenderer().render(document)
            case .html: return Array(HTMLRenderer().render(document).utf8)
            default: return try XLSXRenderer().render(document)
            }
        }
    }
}
