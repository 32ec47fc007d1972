import Foundation

/// Checks a person's own directory password by binding as their DN (simple bind, over the
/// transport security of the ``DirectorySettings``: StartTLS or `ldaps://`), and reads the groups
/// that list the DN as a member, so that directory groups can be mapped to local roles.
///
/// The service account of the settings is not used: the person's own bind must succeed, and the
/// group search runs on that bound connection.
public struct DirectoryLogin: Sendable {
    /// The server, TLS and search base (the bind DN and password file are not used).
    public var settings: DirectorySettings

    /// Creates a login checker.
    public init(settings: DirectorySettings) {
        self.settings = settings
    }

    /// Binds as `dn` with `password` and returns the DNs of the groups under the search base whose
    /// `member` or `uniqueMember` is `dn`, sorted.
    /// - Throws: ``DirectoryError/bindFailed(dn:reason:)`` for wrong credentials (and for an empty
    ///   password, which LDAP would treat as an anonymous bind); connection, TLS or search errors.
    public func authenticate(dn: String, password: String) throws(DirectoryError) -> [String] {
        try settings.validate()
        guard !dn.isEmpty else { throw .invalidSettings("the account has an empty directory DN") }
        guard !password.isEmpty else {
            throw .bindFailed(dn: dn, reason: "an empty password is refused (LDAP would bind anonymously)")
        }
        let tls = settings.startTLS || settings.usesLDAPS
        if tls, let caFile = settings.caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            throw .tlsFailed(url: settings.url, reason: "CA file \(caFile) is missing or not readable")
        }
        let connection = try LDAPConnection(url: settings.url, tls: tls, caFile: settings.caFile,
                                            timeoutSeconds: settings.timeoutSeconds)
        try connection.connect(ldaps: settings.usesLDAPS)
        if settings.startTLS { try connection.startTLS() }
        try connection.bind(dn: dn, password: password)
        let value = Self.escapedFilterValue(dn)
        var groups: [String] = []
        _ = try connection.pagedSearch(
            base: settings.baseDN, filter: "(|(member=\(value))(uniqueMember=\(value)))", attributes: ["1.1"],
            pageSize: settings.pageSize, timeoutSeconds: settings.timeoutSeconds
        ) { entry in
            groups.append(entry.dn)
        }
        return groups.sorted { $0.lowercased() < $1.lowercased() }
    }

    /// `value` escaped for an LDAP filter (RFC 4515): `*`, `(`, `)`, `\` and NUL as `\XX`.
    static func escapedFilterValue(_ value: String) -> String {
        var escaped: [UInt8] = []
        let hex = Array("0123456789abcdef".utf8)
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "*"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\\"), 0:
                escaped += [UInt8(ascii: "\\"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            default:
                escaped.append(byte)
            }
        }
        return String(decoding: escaped, as: UTF8.self)
    }
}
