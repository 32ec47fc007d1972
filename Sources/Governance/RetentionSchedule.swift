import TollbookConfiguration

/// How long each data class is kept, per call category for call detail (privacy spec P11).
public struct RetentionSchedule: Sendable, Equatable {
    /// Months call detail of each category (`business`, `project`, `private`, `pin`) is kept.
    public var detailMonths: [String: Int]
    /// Months k-safe cost-centre sums and billed private charges are kept.
    public var aggregatesMonths: Int
    /// Months the audit log is kept.
    public var auditMonths: Int
    /// Months unlock requests and approvals are kept.
    public var unlockRecordsMonths: Int

    /// The call categories in the order they are listed.
    public static let categories = ["business", "project", "private", "pin"]

    /// The spec's defaults (to be set with the DPO): private/PIN detail 3 months, business/project
    /// detail 6 months, sums and billed private charges 10 years (§ 147 AO), audit and unlock records 2 years.
    public static let defaults = RetentionSchedule(
        detailMonths: ["business": 6, "project": 6, "private": 3, "pin": 3], aggregatesMonths: 120, auditMonths: 24,
        unlockRecordsMonths: 24)

    /// A schedule.
    public init(detailMonths: [String: Int], aggregatesMonths: Int, auditMonths: Int, unlockRecordsMonths: Int) {
        self.detailMonths = detailMonths
        self.aggregatesMonths = aggregatesMonths
        self.auditMonths = auditMonths
        self.unlockRecordsMonths = unlockRecordsMonths
    }

    /// Months the raw journal is kept: never longer than the shortest detail period, so the raw
    /// bytes cannot outlive the detail they hold (the configuration refuses a longer one).
    public var journalMonths: Int {
        get { configuredJournalMonths ?? detailMonths.values.min() ?? 3 }
        set { configuredJournalMonths = newValue }
    }
    private var configuredJournalMonths: Int?

    /// The retention the configuration sets (`privacy.retention`: its default rule, which applies
    /// to every person group without a rule of its own), the spec's defaults without one. This is
    /// the one function that reads it. Periods given in days or weeks are shown rounded up to
    /// whole months.
    public static func configured(in configuration: ConfigurationFile?) -> RetentionSchedule {
        guard let retention = configuration?.privacy.retention else { return .defaults }
        func months(_ period: RetentionPeriod) -> Int {
            switch period.unit {
            case .month: return period.amount
            case .year: return period.amount * 12
            case .day, .week: return max(1, (period.approximateDays + 29) / 30)
            }
        }
        var schedule = RetentionSchedule.defaults
        for category in categories {
            if let period = retention.defaultRule.detail[category] { schedule.detailMonths[category] = months(period) }
        }
        if let sums = retention.defaultRule.aggregates.values.map(months).max() { schedule.aggregatesMonths = sums }
        schedule.auditMonths = months(retention.audit)
        schedule.unlockRecordsMonths = months(retention.unlock)
        schedule.journalMonths = months(retention.journal)
        return schedule
    }
}
