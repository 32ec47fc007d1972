/// A named set of permissions: one of the built-in roles or a custom role.
public struct Role: Sendable, Hashable, Codable {
    /// The role's name (`superuser`, `admin`, … or a custom name).
    public var name: String
    /// What the role allows.
    public var permissions: Set<Permission>

    /// Creates a role.
    public init(name: String, permissions: Set<Permission>) {
        self.name = name
        self.permissions = permissions
    }
}

extension Role {
    /// Everything.
    public static let superuser = Role(name: "superuser", permissions: Set(Permission.allCases))
    /// Configuration, sites, connectors, plugins, tariffs, org chart and users below superuser; call
    /// detail only through its own scope (and the privacy rules).
    public static let admin = Role(name: "admin", permissions: [
        .callsReadScope, .rejectsRead, .ingestRun, .configurationWrite, .sitesManage, .pluginsManage, .tariffsManage,
        .orgRead, .orgWrite, .usersManage, .tokensManage, .alarmsRead, .alarmsAcknowledge,
    ])
    /// Reports, dashboards and call lists for the org subtrees in its scope.
    public static let manager = Role(name: "manager", permissions: [
        .callsReadScope, .callsReadOwn, .reportsRun, .dashboardsRead, .orgRead, .tokensManage, .unlockRequest,
    ])
    /// Own calls only (self-service).
    public static let employee = Role(name: "employee", permissions: [.callsReadOwn, .tokensManage])
    /// Audit reading; approver of four-eyes unlocks.
    public static let worksCouncil = Role(name: "works_council", permissions: [.auditRead, .unlockApprove, .callsReadOwn])
    /// Data protection officer: audit reading; approver of four-eyes unlocks; data subjects' reports.
    public static let dpo = Role(name: "dpo", permissions: [.auditRead, .unlockApprove, .callsReadOwn, .privacySubjectReport])
    /// The audit log only.
    public static let auditor = Role(name: "auditor", permissions: [.auditRead])

    /// The built-in roles, in the order `docs/access.md` lists them.
    public static let builtIn: [Role] = [.superuser, .admin, .manager, .employee, .worksCouncil, .dpo, .auditor]
}
