import Foundation
import Mail
import TestSupport
import XCTest

/// SMTP over libcurl against a real aiosmtpd on loopback that requires STARTTLS and AUTH.
final class SMTPDeliveryTests: XCTestCase {
    private var root: URL!
    private var server: SMTPServerFixture!

    override func setUpWithError() throws {
        root = try TestEnvironment.makeTemporaryDirectory("mail-smtp")
        server = try SMTPServerFixture(root: root)
    }

    override func tearDown() {
        server?.stop()
        try? FileManager.default.removeItem(at: root)
    }

    private func settings(password: String? = nil, caFile: String? = nil, port: Int? = nil) throws -> SMTPSettings {
        SMTPSettings(host: "127.0.0.1", port: port ?? server.port, user: server.user,
                     password: try password ?? SecretFile.read(server.passwordFile.path),
                     caFile: caFile ?? server.certificate.path, timeoutSeconds: 10)
    }

    func testMessageArrivesOverSTARTTLSWithAuthAndItsAttachmentIntact() throws {
        let attachment = (0..<5000).map { UInt8(($0 * 31 + 7) % 256) }
        let message = MailMessage(from: "tollbook@example.com", to: ["anna@example.com"], subject: "Kostenübersicht",
                                  date: Date(timeIntervalSince1970: 1_796_670_291), messageID: "m3@example.com",
                                  text: "Im Anhang.\n",
                                  attachments: [MailAttachment(fileName: "costs.pdf", mimeType: "application/pdf", bytes: attachment)])
        let bytes = try message.rendered()
        try SMTPClient(settings: try settings()).send(from: "tollbook@example.com", to: ["anna@example.com"], message: bytes)
        XCTAssertEqual(server.received.count, 1, server.log)
        let envelope = try server.envelope(0)
        XCTAssertEqual(envelope["mail_from"] as? String, "tollbook@example.com")
        XCTAssertEqual(envelope["rcpt_tos"] as? [String], ["anna@example.com"])
        XCTAssertEqual(envelope["tls"] as? Bool, true)
        XCTAssertEqual(envelope["authenticated"] as? Bool, true)
        // The server stores exactly what was sent (SMTP dot-stuffing undone).
        XCTAssertEqual(Array(try Data(contentsOf: server.received[0])), bytes)
        let parsed = try MailPeers.parse(server.received[0])
        XCTAssertEqual(parsed["subject"] as? String, "Kostenübersicht")
        let parts = try XCTUnwrap(parsed["parts"] as? [[String: Any]])
        XCTAssertEqual(parts.map { ($0["type"] ?? $0["multipart"]) as? String }, ["multipart/mixed", "text/plain", "application/pdf"])
        XCTAssertEqual(parts[1]["text"] as? String, "Im Anhang.\r\n")
        XCTAssertEqual(parts[2]["hex"] as? String, attachment.map { String(format: "%02x", $0) }.joined())
    }

    func testWrongPasswordIsAnAuthenticationErrorWithoutSecretsOrAddresses() throws {
        let message = try MailMessage(from: "tollbook@example.com", to: ["anna@example.com"], subject: "x",
                                      date: Date(), text: "x").rendered()
        XCTAssertThrowsError(try SMTPClient(settings: try settings(password: "wrong-secret"))
            .send(from: "tollbook@example.com", to: ["anna@example.com"], message: message)) { error in
            guard case .authentication(let host, let port, let user, _) = error as? MailError else { return XCTFail("\(error)") }
            XCTAssertEqual([host, String(port), user], ["127.0.0.1", String(server.port), "reports"])
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("SMTP server 127.0.0.1:\(server.port) refused the login of user reports: "), text)
            XCTAssertFalse(text.contains("wrong-secret"))
            XCTAssertFalse(text.contains("@"))
            XCTAssertFalse((error as? MailError)?.isTransient ?? true)
        }
        XCTAssertEqual(server.received.count, 0)
    }

    func testUntrustedCertificateIsATLSError() throws {
        let message = try MailMessage(from: "tollbook@example.com", to: ["anna@example.com"], subject: "x",
                                      date: Date(), text: "x").rendered()
        let other = root.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        let stranger = try SMTPServerFixture(root: other, start: false)
        XCTAssertThrowsError(try SMTPClient(settings: try settings(caFile: stranger.certificate.path))
            .send(from: "tollbook@example.com", to: ["anna@example.com"], message: message)) { error in
            guard case .tls = error as? MailError else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(server.received.count, 0)
    }

    func testServerWithoutSTARTTLSGetsNothing() throws {
        let message = try MailMessage(from: "tollbook@example.com", to: ["anna@example.com"], subject: "x",
                                      date: Date(), text: "x").rendered()
        let other = root.appendingPathComponent("plain")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        let plain = try SMTPServerFixture(root: other, start: false)
        try plain.start(plain: true)
        defer { plain.stop() }
        XCTAssertThrowsError(try SMTPClient(settings: try settings(port: plain.port))
            .send(from: "tollbook@example.com", to: ["anna@example.com"], message: message)) { error in
            guard case .tls(let host, let port, _) = error as? MailError else { return XCTFail("\(error)") }
            XCTAssertEqual([host, String(port)], ["127.0.0.1", String(plain.port)])
        }
        XCTAssertEqual(plain.received.count, 0)
    }

    func testServerDownIsATransientConnectError() throws {
        let message = try MailMessage(from: "tollbook@example.com", to: ["anna@example.com"], subject: "x",
                                      date: Date(), text: "x").rendered()
        let port = MailPeers.freePort()
        XCTAssertThrowsError(try SMTPClient(settings: try settings(port: port))
            .send(from: "tollbook@example.com", to: ["anna@example.com"], message: message)) { error in
            guard case .connect(let host, let reportedPort, _) = error as? MailError else { return XCTFail("\(error)") }
            XCTAssertEqual(host, "127.0.0.1")
            XCTAssertEqual(reportedPort, port)
            XCTAssertTrue((error as? MailError)?.isTransient ?? false)
        }
    }

    func testPasswordFileMustBeReadableByItsOwnerOnly() throws {
        let file = root.appendingPathComponent("open.pw")
        try "secret\n".write(to: file, atomically: true, encoding: .utf8)
        chmod(file.path, 0o644)
        XCTAssertThrowsError(try SecretFile.read(file.path)) { error in
            XCTAssertEqual(error as? MailError, .secretFile(path: file.path,
                                                            reason: "has mode 644; it must be readable by its owner only (chmod 600)"))
        }
        chmod(file.path, 0o600)
        XCTAssertEqual(try SecretFile.read(file.path), "secret")
    }
}
