import CLDAP

/// One libldap session (`LDAP *`), unbound when released. Not thread-safe: one reader, one thread.
final class LDAPConnection {
    private let handle: OpaquePointer
    private let url: String

    /// Initialises a session for `url` with protocol version 3 and timeouts; with `tls`, also the TLS
    /// options, set on this handle only (`LDAP_OPT_X_TLS_NEWCTX` makes them take effect). No network
    /// traffic yet.
    init(url: String, tls: Bool, caFile: String?, timeoutSeconds: Int) throws(DirectoryError) {
        var handle: OpaquePointer?
        let status = ldap_initialize(&handle, url)
        guard status == LDAP_SUCCESS, let handle else {
            throw .invalidSettings("url \(url) is not usable: \(Self.text(of: status))")
        }
        self.handle = handle
        self.url = url
        let seconds = Int32(clamping: timeoutSeconds)
        var problems: [String] = []
        if tollbook_ldap_set_int_option(handle, LDAP_OPT_PROTOCOL_VERSION, LDAP_VERSION3) != LDAP_OPT_SUCCESS {
            problems.append("protocol version")
        }
        if tollbook_ldap_set_timeout_option(handle, LDAP_OPT_NETWORK_TIMEOUT, seconds) != LDAP_OPT_SUCCESS
            || tollbook_ldap_set_timeout_option(handle, LDAP_OPT_TIMEOUT, seconds) != LDAP_OPT_SUCCESS {
            problems.append("timeouts")
        }
        if tollbook_ldap_disable_referrals(handle) != LDAP_OPT_SUCCESS { problems.append("referrals") }
        guard problems.isEmpty else {
            throw .invalidSettings("libldap refused the options: \(problems.joined(separator: ", "))")
        }
        guard tls else { return }
        if let caFile, ldap_set_option(handle, LDAP_OPT_X_TLS_CACERTFILE, caFile) != LDAP_OPT_SUCCESS {
            problems.append("CA file")
        }
        if tollbook_ldap_set_int_option(handle, LDAP_OPT_X_TLS_REQUIRE_CERT, LDAP_OPT_X_TLS_DEMAND) != LDAP_OPT_SUCCESS {
            problems.append("certificate checking")
        }
        if tollbook_ldap_set_int_option(handle, LDAP_OPT_X_TLS_NEWCTX, 0) != LDAP_OPT_SUCCESS {
            problems.append("TLS context (is the CA file a readable PEM file?)")
        }
        guard problems.isEmpty else {
            throw .tlsFailed(url: url, reason: "libldap refused the options: \(problems.joined(separator: ", "))")
        }
    }

    deinit {
        ldap_unbind_ext_s(handle, nil, nil)
    }

    /// Opens the network connection (and, for `ldaps://`, the TLS session).
    func connect(ldaps: Bool) throws(DirectoryError) {
        let status = ldap_connect(handle)
        guard status != LDAP_SUCCESS else { return }
        // A refused or unreachable server leaves no diagnostic message; a failed TLS handshake
        // leaves one (or, with OpenSSL builds, LDAP_CONNECT_ERROR).
        if ldaps && (status == LDAP_CONNECT_ERROR || diagnosticMessage() != nil) {
            throw .tlsFailed(url: url, reason: tlsReason(status))
        }
        throw .connectFailed(url: url, reason: reason(status))
    }

    /// Upgrades the connection with StartTLS.
    func startTLS() throws(DirectoryError) {
        let status = ldap_start_tls_s(handle, nil, nil)
        guard status == LDAP_SUCCESS else {
            if status == LDAP_SERVER_DOWN && diagnosticMessage() == nil {
                throw .connectFailed(url: url, reason: reason(status))
            }
            throw .tlsFailed(url: url, reason: tlsReason(status))
        }
    }

    /// Simple bind; the password is passed to libldap and nowhere else.
    func bind(dn: String, password: String) throws(DirectoryError) {
        let length = password.utf8.count
        let status = password.withCString { pointer in
            tollbook_ldap_simple_bind(handle, dn, pointer, length)
        }
        guard status == LDAP_SUCCESS else { throw .bindFailed(dn: dn, reason: reason(status)) }
    }

    /// libldap's text for `status` plus the diagnostic message of the session, if there is one.
    func reason(_ status: Int32) -> String {
        let text = "\(Self.text(of: status)) (\(status))"
        guard let diagnostic = diagnosticMessage() else { return text }
        return "\(text): \(diagnostic)"
    }

    /// Like ``reason(_:)`` for TLS failures. libldap built with GnuTLS (Debian's) reports a rejected
    /// certificate as "(unknown error code)"; that is said in words here.
    func tlsReason(_ status: Int32) -> String {
        let text = "\(Self.text(of: status)) (\(status))"
        switch diagnosticMessage() {
        case nil:
            return text
        case "(unknown error code)":
            return "the server's certificate was not accepted (not signed by a trusted CA, expired, "
                + "or not issued for this host name); libldap: \(text)"
        case let diagnostic?:
            return "\(diagnostic); libldap: \(text)"
        }
    }

    /// The session's diagnostic message (server or libldap text for the last error), if not empty.
    private func diagnosticMessage() -> String? {
        guard let message = tollbook_ldap_diagnostic_message(handle) else { return nil }
        let diagnostic = String(cString: message)
        ldap_memfree(message)
        return diagnostic.isEmpty ? nil : diagnostic
    }

    static func text(of status: Int32) -> String {
        guard let text = ldap_err2string(status) else { return "LDAP error" }
        return String(cString: text)
    }

    /// The raw handle, for the paged search in `LDAPConnection+Search.swift`.
    var rawHandle: OpaquePointer { handle }
}
