import Foundation
import TestSupport
import XCTest

/// Peer programs of the mail tests and free ports.
enum MailPeers {
    /// The system's python3 with the aiosmtpd module (Debian `python3-aiosmtpd`).
    static func python() throws -> URL {
        let path = "/usr/bin/python3"
        guard FileManager.default.isExecutableFile(atPath: path) else { throw MissingPeer(path, package: "python3") }
        return URL(fileURLWithPath: path)
    }

    /// `openssl`.
    static func openssl() throws -> URL {
        let path = "/usr/bin/openssl"
        guard FileManager.default.isExecutableFile(atPath: path) else { throw MissingPeer(path, package: "openssl") }
        return URL(fileURLWithPath: path)
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago.
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                _ = bind(fd, pointer, length)
                return getsockname(fd, pointer, &length)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Parses a mail file with Python's `email` module (`Tests/Fixtures/mail/parse_mail.py`).
    static func parse(_ file: URL) throws -> [String: Any] {
        let script = TestEnvironment.fixtures.appendingPathComponent("mail/parse_mail.py")
        let result = try TestEnvironment.run(try python(), [script.path, file.path])
        guard result.status == 0 else { throw NSError(domain: "parse_mail", code: 1, userInfo: [NSLocalizedDescriptionKey: result.stderr]) }
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }
}

/// A real SMTP server (aiosmtpd) on loopback: STARTTLS with a self-signed certificate made by
/// `openssl req` for 127.0.0.1, AUTH required (user `reports`, password in a 0600 file); every
/// message it accepts lands in ``inbox``.
final class SMTPServerFixture {
    let root: URL
    let inbox: URL
    let certificate: URL
    let key: URL
    let passwordFile: URL
    let port: Int
    let user = "reports"
    private var server: PeerProcess?

    /// Makes the certificate and the password file; starts the server unless `start` is false.
    init(root: URL, port: Int = MailPeers.freePort(), start: Bool = true) throws {
        self.root = root
        self.port = port
        inbox = root.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        certificate = root.appendingPathComponent("smtp-cert.pem")
        key = root.appendingPathComponent("smtp-key.pem")
        let made = try TestEnvironment.run(try MailPeers.openssl(), [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.path, "-out", certificate.path, "-days", "2",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        ])
        guard made.status == 0 else { throw NSError(domain: "openssl", code: 1, userInfo: [NSLocalizedDescriptionKey: made.stderr]) }
        passwordFile = root.appendingPathComponent("smtp.pw")
        try "Smtp-Pa55 word\n".write(to: passwordFile, atomically: true, encoding: .utf8)
        chmod(passwordFile.path, 0o600)
        let check = try TestEnvironment.run(try MailPeers.python(), ["-c", "import aiosmtpd"])
        guard check.status == 0 else { throw MissingPeer("python3 module aiosmtpd", package: "python3-aiosmtpd") }
        if start { try self.start() }
    }

    /// Starts the server (again); `plain`: without STARTTLS and AUTH.
    func start(plain: Bool = false) throws {
        let script = TestEnvironment.fixtures.appendingPathComponent("mail/smtp_server.py")
        server = try PeerProcess(try MailPeers.python(), [script.path, String(port), certificate.path, key.path, user,
                                                          passwordFile.path, inbox.path] + (plain ? ["plain"] : []),
                                 port: port, log: root.appendingPathComponent("smtpd.log"))
    }

    /// Stops the server.
    func stop() {
        server?.stop()
        server = nil
    }

    /// The received messages' files, in order.
    var received: [URL] {
        ((try? FileManager.default.contentsOfDirectory(atPath: inbox.path)) ?? []).filter { $0.hasSuffix(".eml") }.sorted()
            .map { inbox.appendingPathComponent($0) }
    }

    /// The envelope of received message `index` (`mail_from`, `rcpt_tos`, `tls`, `authenticated`).
    func envelope(_ index: Int) throws -> [String: Any] {
        let file = received[index].deletingPathExtension().appendingPathExtension("json")
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
    }

    /// The server's log so far.
    var log: String { (try? String(contentsOf: root.appendingPathComponent("smtpd.log"), encoding: .utf8)) ?? "" }
}
