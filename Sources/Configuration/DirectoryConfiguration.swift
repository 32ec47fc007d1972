/// The optional `directory:` section: where `tollbook org sync` reads people from (LDAP / Active
/// Directory). Keys left out are `nil` here; the `Directory` module fills in its defaults
/// (Active Directory's filter and attribute names, page size 500, timeout 30 s).
///
/// ```yaml
/// directory:
///   url: ldaps://dc1.example.com:636     # or ldap://…, optionally with start_tls: true
///   ca_file: certs/corp-ca.pem           # relative to this file; default: the system's CAs
///   bind_dn: CN=tollbook-sync,OU=Service,DC=example,DC=com
///   password_file: secrets/ldap.pw       # relative to this file
///   base_dn: DC=example,DC=com
///   filter: (&(objectClass=user)(!(objectClass=computer)))
///   page_size: 500
///   timeout_seconds: 30
///   attributes:
///     name: displayName
///     mail: mail
///     employee_id: employeeID
///     department: department
///     numbers: [telephoneNumber, ipPhone, otherTelephone]
///     org_path: ou                       # the DN's OU components, or an attribute name
/// ```
public struct DirectoryConfiguration: Sendable, Equatable {
    /// `ldap://host:port` or `ldaps://host:port`.
    public var url: String
    /// Upgrade an `ldap://` connection with StartTLS (`false` when not given).
    public var startTLS: Bool
    /// PEM file of CA certificates to trust, resolved against the configuration file's folder.
    public var caFile: String?
    /// The DN to bind as.
    public var bindDN: String
    /// The file holding the bind password, resolved against the configuration file's folder.
    public var passwordFile: String
    /// The search base.
    public var baseDN: String
    /// The search filter, if given.
    public var filter: String?
    /// Entries per page, if given.
    public var pageSize: Int?
    /// Timeout in seconds, if given.
    public var timeoutSeconds: Int?
    /// The `attributes:` mapping (each field `nil` when not given).
    public var attributes: DirectoryAttributesConfiguration
    /// `match_by`: how people not yet linked to the directory are found (`unique_id`,
    /// `employee_id`, `mail`, `account_name`); `nil` = `unique_id`.
    public var matchBy: String?
    /// `max_depth`: what happens to OU paths deeper than seven levels (`refuse`, `flatten`,
    /// `skip`); `nil` = `refuse`.
    public var maxDepth: String?
    /// `max_leave_percent`: the largest share of managed people one sync may end without
    /// `--force`; `nil` = 10.
    public var maxLeavePercent: Int?
    /// `effective`: the date (`YYYY-MM-DD`) from which a sync's changes count, as `org sync
    /// --effective` (meant for the go-live sync); `nil` = the day of the sync.
    public var effective: String?
    /// Line where the section starts (its first key).
    public var line: Int

    /// Creates a section (the configuration reader makes them; tests and tools may too).
    public init(url: String, startTLS: Bool = false, caFile: String? = nil, bindDN: String, passwordFile: String,
                baseDN: String, filter: String? = nil, pageSize: Int? = nil, timeoutSeconds: Int? = nil,
                attributes: DirectoryAttributesConfiguration = DirectoryAttributesConfiguration(), line: Int = 0) {
        self.url = url
        self.startTLS = startTLS
        self.caFile = caFile
        self.bindDN = bindDN
        self.passwordFile = passwordFile
        self.baseDN = baseDN
        self.filter = filter
        self.pageSize = pageSize
        self.timeoutSeconds = timeoutSeconds
        self.attributes = attributes
        self.line = line
    }
}

/// The `directory.attributes:` mapping as written; `nil` = the default.
public struct DirectoryAttributesConfiguration: Sendable, Equatable {
    /// `name`: the display-name attribute.
    public var name: String?
    /// `mail`: the e-mail attribute.
    public var mail: String?
    /// `employee_id`: the employee-number attribute.
    public var employeeID: String?
    /// `department`: the department attribute.
    public var department: String?
    /// `numbers`: the telephone-number attributes, in order.
    public var numbers: [String]?
    /// `org_path`: `ou` (the DN's OU components) or the name of an attribute.
    public var orgPath: String? {
        get { orgPaths?.first }
        set { orgPaths = newValue.map { [$0] } }
    }
    /// `org_path` as a list: the path is the levels of each source in turn (`[ou, department]`:
    /// the DN's OUs, then the department).
    public var orgPaths: [String]?
    /// `account_name`: the account-name attribute (for `match_by: account_name`).
    public var accountName: String?

    /// Creates a mapping.
    public init(name: String? = nil, mail: String? = nil, employeeID: String? = nil, department: String? = nil,
                numbers: [String]? = nil, orgPath: String? = nil) {
        self.name = name
        self.mail = mail
        self.employeeID = employeeID
        self.department = department
        self.numbers = numbers
        self.orgPath = orgPath
    }
}
