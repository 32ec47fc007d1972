import Foundation
import Mail
import TestSupport
import XCTest

/// The MIME builder: exact bytes of a small message, structure parsed back by Python's `email`
/// module, RFC 2047 subjects, base64 line length, header injection refused.
final class MailMessageTests: XCTestCase {
    private let date = Date(timeIntervalSince1970: 1_796_670_291)  // 2026-12-07T19:04:51Z, a Monday

    func testExactBytesOfAMessageWithOneAttachment() throws {
        let message = MailMessage(from: "tollbook@example.com", to: ["anna@example.com"], subject: "Cost report", date: date,
                                  messageID: "m1@example.com", text: "Hello\n",
                                  attachments: [MailAttachment(fileName: "a.csv", mimeType: "text/csv", bytes: Array("x,y\r\n1,2\r\n".utf8))])
        let expected = [
            "Date: Mon, 07 Dec 2026 19:04:51 +0000",
            "From: <tollbook@example.com>",
            "To: <anna@example.com>",
            "Subject: Cost report",
            "Message-ID: <m1@example.com>",
            "MIME-Version: 1.0",
            "Content-Type: multipart/mixed;",
            " boundary=\"b1-mixed\"",
            "",
            "This is a message in MIME format.",
            "--b1-mixed",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "",
            "SGVsbG8NCg==",
            "--b1-mixed",
            "Content-Type: text/csv; name=\"a.csv\"",
            "Content-Disposition: attachment; filename=\"a.csv\"",
            "Content-Transfer-Encoding: base64",
            "",
            "eCx5DQoxLDINCg==",
            "--b1-mixed--",
            "",
        ].joined(separator: "\r\n")
        XCTAssertEqual(String(decoding: try message.rendered(boundary: "b1"), as: UTF8.self), expected)
    }

    func testPythonParsesTheStructureBackWithUmlautSubjectHTMLAndBinaryAttachment() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("mail-mime")
        defer { try? FileManager.default.removeItem(at: directory) }
        let binary = (0..<1000).map { UInt8(($0 * 7 + 3) % 256) }
        let message = MailMessage(from: "tollbook@example.com", to: ["anna@example.com", "ben@example.com"],
                                  subject: "Kostenübersicht März 2025", date: date, messageID: "m2@example.com",
                                  text: "Grüße\nZeile 2\n", html: "<p>Grüße</p>\n",
                                  attachments: [MailAttachment(fileName: "report.pdf", mimeType: "application/pdf", bytes: binary)])
        let bytes = try message.rendered()
        let text = String(decoding: bytes, as: UTF8.self)
        XCTAssertTrue(text.contains("Subject: =?UTF-8?B?S29zdGVuw7xiZXJzaWNodCBNw6RyeiAyMDI1?=\r\n"), text)
        // CRLF only, and no line longer than 76 characters (base64 lines, folded headers).
        XCTAssertFalse(text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        XCTAssertFalse(text.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
        XCTAssertEqual(text.components(separatedBy: "\r\n").map(\.count).max(), 76)
        let file = directory.appendingPathComponent("m.eml")
        try Data(bytes).write(to: file)
        let parsed = try MailPeers.parse(file)
        XCTAssertEqual(parsed["subject"] as? String, "Kostenübersicht März 2025")
        XCTAssertEqual(parsed["to"] as? String, "anna@example.com, ben@example.com")
        XCTAssertEqual(parsed["date"] as? String, "Mon, 07 Dec 2026 19:04:51 +0000")
        XCTAssertEqual(parsed["message_id"] as? String, "<m2@example.com>")
        XCTAssertEqual(parsed["defects"] as? [String], [])
        let parts = try XCTUnwrap(parsed["parts"] as? [[String: Any]])
        XCTAssertEqual(parts.count, 5)
        XCTAssertEqual(parts[0]["multipart"] as? String, "multipart/mixed")
        XCTAssertEqual(parts[1]["multipart"] as? String, "multipart/alternative")
        XCTAssertEqual(parts[2]["type"] as? String, "text/plain")
        XCTAssertEqual(parts[2]["text"] as? String, "Grüße\r\nZeile 2\r\n")
        XCTAssertEqual(parts[3]["type"] as? String, "text/html")
        XCTAssertEqual(parts[3]["text"] as? String, "<p>Grüße</p>\r\n")
        XCTAssertEqual(parts[4]["type"] as? String, "application/pdf")
        XCTAssertEqual(parts[4]["filename"] as? String, "report.pdf")
        XCTAssertEqual(parts[4]["encoding"] as? String, "base64")
        XCTAssertEqual(parts[4]["hex"] as? String, binary.map { String(format: "%02x", $0) }.joined())
    }

    func testLongNonASCIISubjectIsSplitIntoEncodedWordsOfAtMost75Characters() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("mail-mime")
        defer { try? FileManager.default.removeItem(at: directory) }
        let subject = String(repeating: "Überstunden Übersicht ", count: 5) + "€"
        let message = MailMessage(from: "tollbook@example.com", to: ["anna@example.com"], subject: subject, date: date, text: "x")
        let bytes = try message.rendered()
        let text = String(decoding: bytes, as: UTF8.self)
        let headerLines = text.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
        let subjectLines = headerLines.drop { !$0.hasPrefix("Subject: ") }.prefix { $0.hasPrefix("Subject: ") || $0.hasPrefix(" ") }
        XCTAssertEqual(subjectLines.count, 3)  // 123 bytes in words of at most 45 bytes
        for line in subjectLines {
            let word = line.hasPrefix("Subject: ") ? String(line.dropFirst("Subject: ".count)) : String(line.dropFirst())
            XCTAssertTrue(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="), word)
            XCTAssertLessThanOrEqual(word.count, 75)
        }
        let file = directory.appendingPathComponent("m.eml")
        try Data(bytes).write(to: file)
        XCTAssertEqual(try MailPeers.parse(file)["subject"] as? String, subject)
    }

    func testLineBreaksInHeaderValuesAreRefused() throws {
        let injected = MailMessage(from: "tollbook@example.com", to: ["anna@example.com"],
                                   subject: "Report\r\nBcc: everyone@example.com", date: date, text: "x")
        XCTAssertThrowsError(try injected.rendered()) { error in
            XCTAssertEqual(error as? MailError, .invalidHeader(name: "Subject", reason: "contains a line break"))
        }
        let recipient = MailMessage(from: "tollbook@example.com", to: ["anna@example.com\nBcc: x@example.com"], subject: "R",
                                    date: date, text: "x")
        XCTAssertThrowsError(try recipient.rendered()) { error in
            XCTAssertEqual(error as? MailError, .invalidHeader(name: "To", reason: "contains a line break"))
        }
        let file = MailMessage(from: "tollbook@example.com", to: ["anna@example.com"], subject: "R", date: date, text: "x",
                               attachments: [MailAttachment(fileName: "a\"\r\nX: y.csv", mimeType: "text/csv", bytes: [])])
        XCTAssertThrowsError(try file.rendered()) { error in
            XCTAssertEqual(error as? MailError,
                           .invalidAttachment(reason: "a file name must be ASCII letters, digits, '.', '-', '_' and spaces"))
        }
    }
}
