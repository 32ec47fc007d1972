/// Where and how ``DirectoryReader`` reads people from an LDAP directory (Active Directory or
/// OpenLDAP): the server, transport security, the bind account, the search and the attribute mapping.
///
/// The password is never held here: ``passwordFile`` names a file whose content is the password.
public struct DirectorySettings: Sendable, Equatable {
    /// Active Directory's filter for people: user objects that are not computer accounts.
    public static let activeDirectoryUserFilter = "(&(objectClass=user)(!(objectClass=computer)))"
    /// The default number of entries per page of the paged search (AD's own maximum is 1000).
    public static let defaultPageSize = 500
    /// The default timeout for connecting and for each operation, in seconds.
    public static let defaultTimeoutSeconds = 30

    /// `ldap://host:port` (optionally upgraded with ``startTLS``) or `ldaps://host:port`.
    public var url: String
    /// Upgrade an `ldap://` connection with StartTLS before binding (not allowed with `ldaps://`).
    public var startTLS: Bool
    /// PEM file of the CA certificates to trust for TLS; `nil` = the system's trust store.
    /// The server's certificate is always verified, including its host name.
    public var caFile: String?
    /// The DN of the account to bind as (simple bind).
    public var bindDN: String
    /// Path of the file that holds the bind password (one trailing newline is ignored).
    public var passwordFile: String
    /// Where the subtree search starts, e.g. `DC=example,DC=com`.
    public var baseDN: String
    /// The LDAP filter that selects people.
    public var filter: String
    /// Entries per page of the paged search (RFC 2696), at least 1.
    public var pageSize: Int
    /// Timeout for connecting and for each operation, in seconds, at least 1.
    public var timeoutSeconds: Int
    /// Which directory attribute feeds which field of ``DirectoryPerson``.
    public var attributes: AttributeMapping

    /// Creates settings; everything after `baseDN` has Active Directory defaults.
    /// - Parameters:
    ///   - url: `ldap://host:port` or `ldaps://host:port`.
    ///   - bindDN: the DN to bind as.
    ///   - passwordFile: path of the file holding the bind password.
    ///   - baseDN: the search base.
    ///   - startTLS: upgrade an `ldap://` connection with StartTLS.
    ///   - caFile: PEM file of trusted CA certificates (`nil` = system trust store).
    ///   - filter: the search filter (default ``activeDirectoryUserFilter``).
    ///   - pageSize: entries per page (default ``defaultPageSize``).
    ///   - timeoutSeconds: per-operation timeout (default ``defaultTimeoutSeconds``).
    ///   - attributes: the attribute mapping (default: AD's attribute names).
    public init(url: String, bindDN: String, passwordFile: String, baseDN: String, startTLS: Bool = false,
                caFile: String? = nil, filter: String = DirectorySettings.activeDirectoryUserFilter,
                pageSize: Int = DirectorySettings.defaultPageSize,
                timeoutSeconds: Int = DirectorySettings.defaultTimeoutSeconds,
                attributes: AttributeMapping = AttributeMapping()) {
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
    }

    /// Whether ``url`` uses `ldaps://` (TLS from the first byte).
    var usesLDAPS: Bool { url.lowercased().hasPrefix("ldaps://") }

    /// Checks what can be checked without a server.
    /// - Throws: ``DirectoryError/invalidSettings(_:)`` naming the setting.
    func validate() throws(DirectoryError) {
        let lowered = url.lowercased()
        guard lowered.hasPrefix("ldap://") || lowered.hasPrefix("ldaps://"), !url.contains(" ") else {
            throw .invalidSettings("url must start with ldap:// or ldaps://")
        }
        if startTLS && usesLDAPS { throw .invalidSettings("start_tls cannot be combined with an ldaps:// url") }
        if bindDN.isEmpty { throw .invalidSettings("bind_dn must not be empty") }
        if baseDN.isEmpty { throw .invalidSettings("base_dn must not be empty") }
        if filter.isEmpty { throw .invalidSettings("filter must not be empty") }
        if pageSize < 1 { throw .invalidSettings("page_size must be at least 1") }
        if timeoutSeconds < 1 { throw .invalidSettings("timeout_seconds must be at least 1") }
    }
}
