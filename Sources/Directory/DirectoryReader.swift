import Foundation

/// Reads the people of an LDAP directory (Active Directory or OpenLDAP) in one go: connects,
/// secures the connection (StartTLS or `ldaps://`), binds with the password from the password
/// file, searches the subtree under the base DN page by page, maps every entry and unbinds.
///
/// ```swift
/// let people = try DirectoryReader(settings: settings).readPeople()
/// ```
/// The reader keeps nothing between calls; each call is a fresh connection.
public struct DirectoryReader: Sendable {
    /// The settings every read uses.
    public var settings: DirectorySettings

    /// Creates a reader.
    public init(settings: DirectorySettings) {
        self.settings = settings
    }

    /// Reads every person the filter selects under the base DN, sorted by DN.
    /// - Throws: ``DirectoryError``: unusable settings, password file problems, connection, TLS,
    ///   bind or search failures.
    public func readPeople() throws(DirectoryError) -> [DirectoryPerson] {
        try read().people
    }

    /// What one read returned, with the number of pages (for tests of paging).
    struct Outcome {
        var people: [DirectoryPerson]
        var pages: Int
    }

    func read() throws(DirectoryError) -> Outcome {
        try settings.validate()
        let password = try PasswordFile.read(settings.passwordFile)
        let tls = settings.startTLS || settings.usesLDAPS
        if tls, let caFile = settings.caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            throw .tlsFailed(url: settings.url, reason: "CA file \(caFile) is missing or not readable")
        }
        let connection = try LDAPConnection(url: settings.url, tls: tls, caFile: settings.caFile,
                                            timeoutSeconds: settings.timeoutSeconds)
        try connection.connect(ldaps: settings.usesLDAPS)
        if settings.startTLS { try connection.startTLS() }
        try connection.bind(dn: settings.bindDN, password: password)
        var people: [DirectoryPerson] = []
        let mapping = settings.attributes
        let pages = try connection.pagedSearch(
            base: settings.baseDN, filter: settings.filter, attributes: mapping.requestedAttributes,
            pageSize: settings.pageSize, timeoutSeconds: settings.timeoutSeconds
        ) { entry in
            people.append(DirectoryPerson(entry: entry, mapping: mapping))
        }
        people.sort { $0.dn.lowercased() < $1.dn.lowercased() }
        return Outcome(people: people, pages: pages)
    }
}
