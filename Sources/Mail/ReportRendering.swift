import Access
import Foundation
import Query
import TollbookCore

/// A rendered report, ready to attach.
public struct RenderedReport: Sendable, Equatable {
    /// The attachment's file name (ASCII), e.g. `sales-monthly-2026-11.pdf`.
    public var fileName: String
    /// Its media type.
    public var mimeType: String
    /// Its bytes.
    public var bytes: [UInt8]
    /// The report's title in the chosen language (for the subject and the body).
    public var title: String

    /// Creates a rendered report.
    public init(fileName: String, mimeType: String, bytes: [UInt8], title: String) {
        self.fileName = fileName
        self.mimeType = mimeType
        self.bytes = bytes
        self.title = title
    }
}

/// The days a report covers: `[from, until)`.
public struct ReportPeriod: Sendable, Equatable {
    /// First day.
    public var from: CalendarDay
    /// First day after the period.
    public var until: CalendarDay

    /// Creates a period.
    public init(from: CalendarDay, until: CalendarDay) {
        self.from = from
        self.until = until
    }

    /// The period `name` (`yesterday`, `last_7_days`, `last_30_days`, `last_week` (Monday to Sunday),
    /// `last_month`, `this_month` (up to and including `today`)) seen on `today`.
    public static func named(_ name: String, today: CalendarDay) -> ReportPeriod? {
        switch name {
        case "yesterday": return ReportPeriod(from: today.adding(days: -1), until: today)
        case "last_7_days": return ReportPeriod(from: today.adding(days: -7), until: today)
        case "last_30_days": return ReportPeriod(from: today.adding(days: -30), until: today)
        case "last_week":
            let mondayOffset = ((today.daysSinceEpoch % 7) + 10) % 7  // 1970-01-01 was a Thursday: offset 3
            let monday = today.adding(days: -mondayOffset)
            return ReportPeriod(from: monday.adding(days: -7), until: monday)
        case "last_month":
            let first = today.firstOfMonth
            return ReportPeriod(from: first.adding(days: -1).firstOfMonth, until: first)
        case "this_month": return ReportPeriod(from: today.firstOfMonth, until: today.adding(days: 1))
        default: return nil
        }
    }

    /// The last day of the period.
    public var lastDay: CalendarDay { until.adding(days: -1) }
}

/// What a mailed report is asked for.
public struct ReportRequest: Sendable, Equatable {
    /// The schedule's name (used in the file name).
    public var scheduleName: String
    /// The catalogue's report name (`costs`).
    public var report: String
    /// The filters of the schedule (`node`, `site`, …; `period` is resolved into ``period``).
    public var filters: [String: String]
    /// The days covered.
    public var period: ReportPeriod
    /// `pdf`, `xlsx`, `csv`, `json` or `html`.
    public var format: String
    /// `de` or `en`.
    public var language: String
    /// The clock days are read on (the schedule's time zone).
    public var timeZone: TimeZone

    /// Creates a request.
    public init(scheduleName: String, report: String, filters: [String: String], period: ReportPeriod, format: String,
                language: String, timeZone: TimeZone) {
        self.timeZone = timeZone
        self.scheduleName = scheduleName
        self.report = report
        self.filters = filters
        self.period = period
        self.format = format
        self.language = language
    }
}

/// Renders a report through the query layer as the principal of `query` (the recipient), so the
/// recipient's scope and the privacy rules shape what is mailed. The report catalogue implements
/// this when it is merged; ``CostReportRenderer`` is the implementation until then.
public protocol ReportRendering: Sendable {
    /// Whether the report exists and can be rendered in `format` with these filter keys; `nil` when
    /// it can, else why not (checked when the configuration is read).
    func problem(report: String, format: String, filterKeys: Set<String>) -> String?
    /// Renders `request` as `query`'s principal; what the report audits goes to `audit`.
    func render(_ request: ReportRequest, query: CallQuery, audit: any AuditRecording) throws -> RenderedReport
}
