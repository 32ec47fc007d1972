import Foundation
import TollbookConfiguration

/// A `reports:` entry with its parsed schedule and time zone.
public struct ScheduledReport: Sendable {
    /// The entry as configured.
    public let settings: ScheduledReportConfiguration
    /// Its cron schedule.
    public let schedule: CronSchedule
    /// The zone the schedule and the period are read in.
    public let timeZone: TimeZone

    /// The name.
    public var name: String { settings.name }

    /// The `reports:` section of `file`, checked: every schedule parses and can come due, and
    /// `renderer` can render each report in its format with its filters.
    /// - Throws: ``ConfigurationError`` naming the file, the line and the key.
    public static func plan(_ file: ConfigurationFile, renderer: any ReportRendering) throws -> [ScheduledReport] {
        try file.reports.map { entry in
            let key = "reports[\(entry.index)]"
            let schedule: CronSchedule
            do {
                schedule = try CronSchedule(entry.schedule)
            } catch let error as MailError {
                throw ConfigurationError(file: file.path, line: entry.scheduleLine, key: "\(key).schedule", message: "\(error)")
            }
            let zoneName = entry.timeZone ?? file.sites.first?.timeZone ?? "UTC"
            guard let zone = TimeZone(identifier: zoneName) else {
                throw ConfigurationError(file: file.path, line: entry.line, key: "\(key).time_zone", message: "unknown time zone '\(zoneName)'")
            }
            if let problem = renderer.problem(report: entry.report, format: entry.format,
                                              filterKeys: Set(entry.filters.keys).subtracting(["period"]).union(["period"])) {
                throw ConfigurationError(file: file.path, line: entry.line, key: "\(key).report", message: problem)
            }
            return ScheduledReport(settings: entry, schedule: schedule, timeZone: zone)
        }
    }

    /// The local day of `instant` on the report's clock.
    func day(of instant: Date) -> Int64 {
        let seconds = Int64(floor(instant.timeIntervalSince1970)) + Int64(timeZone.secondsFromGMT(for: instant))
        return CronSchedule.floorDiv(seconds, 86_400)
    }
}
