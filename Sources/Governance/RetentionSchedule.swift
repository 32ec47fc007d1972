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
    /// bytes cannot outlive the detail they hold.
    public var journalMonths: Int { detailMonths.values.min() ?? 3 }

    /// The retention the configuration sets. This is the one function that reads it: until the
    /// retention stream (P11, `privacy.retention`) is merged it returns ``defaults``.
    public static func configured(in configuration: ConfigurationFile?) -> RetentionSchedule {
        .defaults
    }
}
