import Foundation
import TestSupport

/// A failure while setting up the test directory server.
struct SlapdError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A real OpenLDAP `slapd` on loopback, in a temporary directory of its own: the `mdb` database
/// with `Tests/Fixtures/ldap/people.ldif` loaded, a throw-away CA and server certificate, and two
/// listeners (`ldap://` for plain and StartTLS, `ldaps://`). Stopped and removed by ``stop()``.
///
/// Missing `slapd`, `ldap-utils` or `openssl` is a test failure, not a skip: CI installs them
/// (`scripts/install-deps.sh`).
final class Slapd {
    static let suffix = "dc=example,dc=com"
    static let adminDN = "cn=admin,dc=example,dc=com"
    static let adminPassword = "admin-Secret-1"
    /// The service account of the fixture and its password.
    static let bindDN = "cn=tollbook-sync,ou=Service,dc=example,dc=com"
    static let bindPassword = "sync-Secret-42"
    static let fixtures = TestEnvironment.fixtures.appendingPathComponent("ldap")

    let directory: URL
    let ldapPort: Int
    let ldapsPort: Int
    private let process: Process

    /// `ldap://127.0.0.1:<port>`.
    var ldapURL: String { "ldap://127.0.0.1:\(ldapPort)" }
    /// `ldaps://127.0.0.1:<port>`.
    var ldapsURL: String { "ldaps://127.0.0.1:\(ldapsPort)" }
    /// The PEM file of the CA that signed the server's certificate.
    var caFile: String { directory.appendingPathComponent("ca.pem").path }
    /// A file holding the service account's password (with a trailing newline, as `echo` writes it).
    var passwordFile: String { directory.appendingPathComponent("bind.pw").path }

    /// Starts the server and loads the fixture.
    init() throws {
        for tool in ["/usr/sbin/slapd", "/usr/bin/ldapadd", "/usr/bin/openssl"]
        where !FileManager.default.isExecutableFile(atPath: tool) {
            throw SlapdError("\(tool) is missing: apt-get install -y slapd ldap-utils openssl (scripts/install-deps.sh does)")
        }
        directory = try TestEnvironment.makeTemporaryDirectory("tollbook-slapd")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("db"), withIntermediateDirectories: true)
        try Certificates.make(in: directory)
        try "\(Self.bindPassword)\n".write(toFile: directory.appendingPathComponent("bind.pw").path, atomically: true, encoding: .utf8)
        ldapPort = try LoopbackPort.free()
        var second = try LoopbackPort.free()
        while second == ldapPort { second = try LoopbackPort.free() }
        ldapsPort = second
        let config = directory.appendingPathComponent("slapd.conf")
        try Self.configuration(directory: directory).write(to: config, atomically: true, encoding: .utf8)

        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/slapd")
        // `-d 0` keeps slapd in the foreground, so the Process is the server itself.
        var arguments = ["-f", config.path, "-h", "ldap://127.0.0.1:\(ldapPort)/ ldaps://127.0.0.1:\(ldapsPort)/", "-d", "0"]
        if geteuid() == 0 { arguments += ["-u", "root", "-g", "root"] }
        process.arguments = arguments
        let log = directory.appendingPathComponent("slapd.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        try waitUntilListening()
        try ldap("ldapadd", ["-f", Self.fixtures.appendingPathComponent("people.ldif").path])
    }

    /// Stops the server and removes its directory.
    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// Applies LDIF changes as the directory's administrator (`ldapmodify`).
    func modify(_ ldif: String) throws {
        let file = directory.appendingPathComponent("change-\(UUID().uuidString).ldif")
        try ldif.write(to: file, atomically: true, encoding: .utf8)
        try ldap("ldapmodify", ["-f", file.path])
    }

    /// Deletes an entry as the administrator (`ldapdelete`).
    func delete(_ dn: String) throws {
        try ldap("ldapdelete", [dn])
    }

    private func ldap(_ tool: String, _ arguments: [String]) throws {
        let result = try TestEnvironment.run(
            URL(fileURLWithPath: "/usr/bin/\(tool)"),
            ["-x", "-H", ldapURL, "-D", Self.adminDN, "-w", Self.adminPassword] + arguments)
        guard result.status == 0 else { throw SlapdError("\(tool) failed (\(result.status)): \(result.stderr)") }
    }

    private func waitUntilListening() throws {
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            guard process.isRunning else {
                let log = (try? String(contentsOf: directory.appendingPathComponent("slapd.log"), encoding: .utf8)) ?? ""
                throw SlapdError("slapd exited with status \(process.terminationStatus): \(log)")
            }
            if LoopbackPort.accepts(ldapPort) && LoopbackPort.accepts(ldapsPort) { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        stop()
        throw SlapdError("slapd did not listen on ports \(ldapPort) and \(ldapsPort) within 15 s")
    }

    private static func configuration(directory: URL) -> String {
        let dir = directory.path
        return """
            include /etc/ldap/schema/core.schema
            include /etc/ldap/schema/cosine.schema
            include /etc/ldap/schema/inetorgperson.schema
            include \(fixtures.appendingPathComponent("ad-lite.schema").path)
            modulepath /usr/lib/ldap
            moduleload back_mdb
            pidfile \(dir)/slapd.pid
            TLSCACertificateFile \(dir)/ca.pem
            TLSCertificateFile \(dir)/server.pem
            TLSCertificateKeyFile \(dir)/server.key
            database mdb
            maxsize 16777216
            suffix "\(suffix)"
            rootdn "\(adminDN)"
            rootpw \(adminPassword)
            directory \(dir)/db
            access to attrs=userPassword by anonymous auth by * none
            access to * by users read by * none

            """
    }
}
