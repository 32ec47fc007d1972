/// One thing a user may do. Roles are named sets of permissions; the query layer and every command
/// check permissions, never role names. The raw values are the names used in `docs/access.md`,
/// in custom role definitions and in the audit log.
public enum Permission: String, Sendable, CaseIterable, Codable, Comparable {
    /// Read call detail of every call, whatever the scope (the superuser's view).
    case callsReadAll = "calls.read_all"
    /// Read call detail of the calls allocated to the org subtrees in the user's scope.
    case callsReadScope = "calls.read_scope"
    /// Read call detail of one's own calls (self-service).
    case callsReadOwn = "calls.read_own"
    /// Read quarantined input with its raw bytes (which may hold phone numbers).
    case rejectsReadRaw = "rejects.read_raw"
    /// Read the quarantine without raw bytes (reason, offset, file).
    case rejectsRead = "rejects.read"
    /// Run cost reports and statements for the org subtrees in scope.
    case reportsRun = "reports.run"
    /// Read dashboards and KPIs for the org subtrees in scope.
    case dashboardsRead = "dashboards.read"
    /// Import files, replay journals and re-rate stored calls.
    case ingestRun = "ingest.run"
    /// Change the configuration: sites, connector instances, numbering plans.
    case configurationWrite = "configuration.write"
    /// Enable, disable and restart connector instances.
    case sitesManage = "sites.manage"
    /// Install, certify and remove plugins.
    case pluginsManage = "plugins.manage"
    /// Check and upload tariffs.
    case tariffsManage = "tariffs.manage"
    /// Read the org chart (nodes, participants, classifiers).
    case orgRead = "org.read"
    /// Change the org chart (import, sync, edit).
    case orgWrite = "org.write"
    /// Manage users and roles below superuser.
    case usersManage = "users.manage"
    /// Manage superusers (grant or revoke the superuser role).
    case superusersManage = "superusers.manage"
    /// Create and revoke one's own API tokens.
    case tokensManage = "tokens.manage"
    /// Read the audit log.
    case auditRead = "audit.read"
    /// Request a four-eyes unlock of individual detail (privacy).
    case unlockRequest = "unlock.request"
    /// Approve another person's four-eyes unlock request (privacy).
    case unlockApprove = "unlock.approve"
    /// Run retention and erasure (privacy).
    case privacyAdminister = "privacy.administer"
    /// Produce another person's Art. 15 report (`tollbook privacy report`; one's own needs `calls.read_own` only).
    case privacySubjectReport = "privacy.subject_report"
    /// List toll-fraud and anomaly alarms (`tollbook alarms list`).
    case alarmsRead = "alarms.read"
    /// Acknowledge alarms (`tollbook alarms ack`; audited).
    case alarmsAcknowledge = "alarms.acknowledge"

    /// Orders permissions by name, so lists and documents are stable.
    public static func < (lhs: Permission, rhs: Permission) -> Bool { lhs.rawValue < rhs.rawValue }
}
