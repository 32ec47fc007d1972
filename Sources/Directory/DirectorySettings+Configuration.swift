import TollbookConfiguration

extension DirectorySettings {
    /// Settings from the configuration file's `directory:` section; keys it leaves out get the
    /// defaults of ``DirectorySettings`` and ``AttributeMapping`` (Active Directory's).
    public init(_ configuration: DirectoryConfiguration) {
        let written = configuration.attributes
        let defaults = AttributeMapping()
        let paths: [OrganisationalPathSource] = (written.orgPaths ?? ["ou"]).map { name in
            name.lowercased() == "ou" ? .organisationalUnits : .attribute(name)
        }
        self.init(
            url: configuration.url, bindDN: configuration.bindDN, passwordFile: configuration.passwordFile,
            baseDN: configuration.baseDN, startTLS: configuration.startTLS, caFile: configuration.caFile,
            filter: configuration.filter ?? Self.activeDirectoryUserFilter,
            pageSize: configuration.pageSize ?? Self.defaultPageSize,
            timeoutSeconds: configuration.timeoutSeconds ?? Self.defaultTimeoutSeconds,
            attributes: AttributeMapping(
                name: written.name ?? defaults.name, mail: written.mail ?? defaults.mail,
                employeeID: written.employeeID ?? defaults.employeeID,
                department: written.department ?? defaults.department,
                numbers: written.numbers ?? defaults.numbers, organisationalPath: paths.first ?? .organisationalUnits,
                accountName: written.accountName ?? defaults.accountName))
        attributes.organisationalPathSources = paths
    }
}
