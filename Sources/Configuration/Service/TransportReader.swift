import Foundation
import Yams

/// Reads a connector instance's `transport:` mapping.
struct TransportReader {
    let reader: YAMLReader
    /// Folder of the configuration file (relative paths start there).
    let base: String

    private static let keys: [String: Set<String>] = [
        "spool": ["type", "path", "archive", "poll_interval_ms", "stable_ms", "pattern"],
        "sftp_server": ["type", "listen", "host_key", "accounts", "allow", "max_connections", "max_pre_auth",
                        "max_pre_auth_per_source", "pre_auth_timeout_s"],
        "sftp_pickup": ["type", "host", "port", "user", "password_file", "key_file", "known_hosts", "host_key_fingerprint", "path",
                        "pattern", "after", "interval_s"],
        "ftp_pickup": ["type", "host", "port", "user", "password_file", "path", "pattern", "after", "interval_s", "tls"],
        "tcp": ["type", "listen", "allow", "rotate_kb", "rotate_s", "max_connections", "max_connections_per_source"],
        "http": ["type", "listen", "path", "tls", "auth", "allow", "max_connections", "max_connections_per_source",
                 "idle_timeout_s", "header_timeout_s"],
    ]

    func transport(_ node: Node, key: String) throws -> TransportSettings {
        guard let mapping = node.mapping else { throw reader.fail(node, key, "must be a mapping with a type") }
        guard let typeNode = mapping["type"] else { throw reader.fail(node, "\(key).type", "missing (one of \(Self.keys.keys.sorted().joined(separator: ", ")))") }
        let type = try reader.string(typeNode, key: "\(key).type")
        guard let allowed = Self.keys[type] else {
            throw reader.fail(typeNode, "\(key).type", "unknown transport (one of \(Self.keys.keys.sorted().joined(separator: ", ")))")
        }
        let fields = try reader.mapping(node, key: key, allowed: allowed)
        let paths = PathResolver(base: base)
        func required(_ name: String) throws -> Node {
            guard let value = fields[name] else { throw reader.fail(node, "\(key).\(name)", "missing") }
            return value
        }
        func path(_ name: String) throws -> String? {
            try fields[name].map { paths.absolute(try reader.string($0, key: "\(key).\(name)")) }
        }
        func limits(_ defaults: ListenerLimits) throws -> ListenerLimits {
            var limits = defaults
            if let value = fields["allow"] {
                limits.allow = try reader.strings(value, key: "\(key).allow")
                if let bad = limits.allow.first(where: { !Self.isAddressOrBlock($0) }) {
                    throw reader.fail(value, "\(key).allow", "'\(bad)' is neither an IP address nor a CIDR block such as 192.0.2.0/24")
                }
            }
            func int(_ name: String, _ range: ClosedRange<Int>) throws -> Int? {
                try fields[name].map { try reader.integer($0, key: "\(key).\(name)", in: range) }
            }
            if let value = try int("max_connections", 1...100_000) { limits.maxConnections = value }
            if let value = try int("max_connections_per_source", 1...100_000) { limits.maxConnectionsPerSource = value }
            if let value = try int("idle_timeout_s", 1...86_400) { limits.idleTimeoutSeconds = value }
            if let value = try int("header_timeout_s", 1...3_600) { limits.headerTimeoutSeconds = value }
            if let value = try int("max_pre_auth", 1...10_000) { limits.maxPreAuth = value }
            if let value = try int("max_pre_auth_per_source", 1...10_000) { limits.maxPreAuthPerSource = value }
            if let value = try int("pre_auth_timeout_s", 1...600) { limits.preAuthTimeoutSeconds = value }
            return limits
        }
        switch type {
        case "spool":
            var spool = SpoolSettings(path: paths.absolute(try reader.string(try required("path"), key: "\(key).path")))
            if let archive = try path("archive") { spool.archive = archive }
            if let value = fields["poll_interval_ms"] {
                spool.pollIntervalMs = try reader.integer(value, key: "\(key).poll_interval_ms", in: 10...3_600_000)
            }
            if let value = fields["stable_ms"] { spool.stableMs = try reader.integer(value, key: "\(key).stable_ms", in: 0...3_600_000) }
            if let value = fields["pattern"] { spool.pattern = try reader.string(value, key: "\(key).pattern") }
            return .spool(spool)
        case "sftp_server":
            let listen = try reader.listenAddress(try required("listen"), key: "\(key).listen")
            let hostKey = try path("host_key") ?? ""
            let accounts = try reader.sequence(try required("accounts"), key: "\(key).accounts").enumerated().map { index, item in
                try account(item, key: "\(key).accounts[\(index)]", paths: paths)
            }
            guard !accounts.isEmpty else { throw reader.fail(node, "\(key).accounts", "at least one account is needed") }
            var server = SFTPServerTransportSettings(listen: listen, hostKeyPath: hostKey, accounts: accounts)
            server.limits = try limits(server.limits)
            return .sftpServer(server)
        case "sftp_pickup", "ftp_pickup":
            let isFTP = type == "ftp_pickup"
            var pickup = PickupTransportSettings(
                host: try reader.string(try required("host"), key: "\(key).host"),
                port: try fields["port"].map { try reader.integer($0, key: "\(key).port", in: 1...65_535) } ?? (isFTP ? 21 : 22),
                user: try reader.string(try required("user"), key: "\(key).user"),
                path: try reader.string(try required("path"), key: "\(key).path"))
            pickup.passwordFile = try path("password_file")
            pickup.keyFile = try path("key_file")
            pickup.knownHostsFile = try path("known_hosts")
            if let value = fields["host_key_fingerprint"] {
                let fingerprint = try reader.string(value, key: "\(key).host_key_fingerprint")
                guard fingerprint.hasPrefix("SHA256:") else {
                    throw reader.fail(value, "\(key).host_key_fingerprint", "must be an OpenSSH fingerprint such as SHA256:… (ssh-keygen -lf)")
                }
                pickup.hostKeyFingerprint = fingerprint
            }
            if let value = fields["pattern"] { pickup.pattern = try reader.string(value, key: "\(key).pattern") }
            if let value = fields["after"] {
                guard let after = PickupTransportSettings.After(rawValue: try reader.string(value, key: "\(key).after")) else {
                    throw reader.fail(value, "\(key).after", "must be delete or keep")
                }
                pickup.after = after
            }
            if let value = fields["interval_s"] { pickup.intervalSeconds = try reader.integer(value, key: "\(key).interval_s", in: 1...86_400) }
            if let value = fields["tls"] { pickup.tls = try reader.boolean(value, key: "\(key).tls") }
            guard pickup.passwordFile != nil || pickup.keyFile != nil else {
                throw reader.fail(node, "\(key).password_file", isFTP ? "missing" : "missing (or key_file)")
            }
            return isFTP ? .ftpPickup(pickup) : .sftpPickup(pickup)
        case "tcp":
            var tcp = TCPSettings(listen: try reader.listenAddress(try required("listen"), key: "\(key).listen"))
            tcp.limits = try limits(tcp.limits)
            tcp.allow = tcp.limits.allow
            if let value = fields["rotate_kb"] { tcp.rotateBytes = try reader.integer(value, key: "\(key).rotate_kb", in: 1...4_194_304) << 10 }
            if let value = fields["rotate_s"] { tcp.rotateSeconds = try reader.integer(value, key: "\(key).rotate_s", in: 1...604_800) }
            return .tcp(tcp)
        default:
            var http = HTTPReceiverSettings(listen: try reader.listenAddress(try required("listen"), key: "\(key).listen"))
            if let value = fields["path"] {
                http.path = try reader.string(value, key: "\(key).path")
                guard http.path.hasPrefix("/") else { throw reader.fail(value, "\(key).path", "must start with /") }
            }
            if let value = fields["tls"] {
                let tls = try reader.mapping(value, key: "\(key).tls", allowed: ["certificate", "key", "client_ca"])
                guard let certificate = tls["certificate"], let keyNode = tls["key"] else {
                    throw reader.fail(value, "\(key).tls", "needs certificate and key")
                }
                http.certificateFile = paths.absolute(try reader.string(certificate, key: "\(key).tls.certificate"))
                http.keyFile = paths.absolute(try reader.string(keyNode, key: "\(key).tls.key"))
                http.clientCAFile = try tls["client_ca"].map { paths.absolute(try reader.string($0, key: "\(key).tls.client_ca")) }
            }
            if let value = fields["auth"] {
                let auth = try reader.mapping(value, key: "\(key).auth", allowed: ["user", "password_file", "bearer_token_file"])
                http.basicUser = try auth["user"].map { try reader.string($0, key: "\(key).auth.user") }
                http.basicPasswordFile = try auth["password_file"].map { paths.absolute(try reader.string($0, key: "\(key).auth.password_file")) }
                http.bearerTokenFile = try auth["bearer_token_file"].map { paths.absolute(try reader.string($0, key: "\(key).auth.bearer_token_file")) }
                guard (http.basicUser == nil) == (http.basicPasswordFile == nil) else {
                    throw reader.fail(value, "\(key).auth", "basic credentials need both user and password_file")
                }
                guard http.basicUser != nil || http.bearerTokenFile != nil else {
                    throw reader.fail(value, "\(key).auth", "needs user and password_file, or bearer_token_file")
                }
            }
            http.limits = try limits(http.limits)
            return .http(http)
        }
    }

    private func account(_ node: Node, key: String, paths: PathResolver) throws -> SFTPAccountSettings {
        let fields = try reader.mapping(node, key: key, allowed: ["user", "password_file", "authorized_keys", "directory"])
        guard let userNode = fields["user"] else { throw reader.fail(node, "\(key).user", "missing") }
        var account = SFTPAccountSettings(user: try reader.string(userNode, key: "\(key).user"))
        account.passwordFile = try fields["password_file"].map { paths.absolute(try reader.string($0, key: "\(key).password_file")) }
        account.authorizedKeysFile = try fields["authorized_keys"].map { paths.absolute(try reader.string($0, key: "\(key).authorized_keys")) }
        account.directory = try fields["directory"].map { paths.absolute(try reader.string($0, key: "\(key).directory")) }
        guard account.passwordFile != nil || account.authorizedKeysFile != nil else {
            throw reader.fail(node, "\(key).password_file", "missing (or authorized_keys)")
        }
        return account
    }

    /// Whether `text` is an IPv4/IPv6 address or a CIDR block of one.
    static func isAddressOrBlock(_ text: String) -> Bool {
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        guard let first = parts.first else { return false }
        var v4 = in_addr(), v6 = in6_addr()
        let width: Int
        if inet_pton(AF_INET, first, &v4) == 1 { width = 32 } else if inet_pton(AF_INET6, first, &v6) == 1 { width = 128 } else { return false }
        guard parts.count == 2 else { return true }
        guard let prefix = Int(parts[1]) else { return false }
        return (0...width).contains(prefix)
    }
}
