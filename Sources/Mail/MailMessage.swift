import Foundation

/// A file attached to a mail.
public struct MailAttachment: Sendable, Equatable {
    /// The file name shown to the recipient (ASCII letters, digits, `.`, `-`, `_` and spaces).
    public var fileName: String
    /// The media type, e.g. `application/pdf`.
    public var mimeType: String
    /// The file's bytes.
    public var bytes: [UInt8]

    /// Creates an attachment.
    public init(fileName: String, mimeType: String, bytes: [UInt8]) {
        self.fileName = fileName
        self.mimeType = mimeType
        self.bytes = bytes
    }
}

/// A mail as RFC 5322 / RFC 2045 text: `multipart/mixed` with a `text/plain` body (or a
/// `multipart/alternative` of `text/plain` and `text/html`) and base64 attachments, CRLF line
/// endings, lines of at most 76 characters in base64 parts, non-ASCII subjects as RFC 2047
/// encoded words. A header value with a line break is refused, so no header can be injected.
public struct MailMessage: Sendable, Equatable {
    /// The sender address.
    public var from: String
    /// The recipient addresses.
    public var to: [String]
    /// The subject (any Unicode text, one line).
    public var subject: String
    /// The `Date` header's instant.
    public var date: Date
    /// The `Message-ID` without angle brackets (`id@domain`).
    public var messageID: String
    /// The plain-text body.
    public var text: String
    /// An HTML alternative of the body, if any.
    public var html: String?
    /// The attachments.
    public var attachments: [MailAttachment]

    /// Creates a message; `messageID` defaults to a random id at the sender's domain.
    public init(from: String, to: [String], subject: String, date: Date, messageID: String? = nil, text: String,
                html: String? = nil, attachments: [MailAttachment] = []) {
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        let domain = from.split(separator: "@").last.map(String.init) ?? "tollbook.invalid"
        self.messageID = messageID ?? "\(UUID().uuidString.lowercased())@\(domain)"
        self.text = text
        self.html = html
        self.attachments = attachments
    }

    /// The message's bytes. `boundary` seeds the MIME boundaries (random when `nil`; tests fix it).
    /// - Throws: ``MailError/invalidHeader(name:reason:)`` for a line break in a header value,
    ///   ``MailError/invalidAttachment(reason:)`` for an unusable file name or media type.
    public func rendered(boundary: String? = nil) throws -> [UInt8] {
        let seed = boundary ?? "tollbook-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        for (name, value) in [("From", from), ("Subject", subject), ("Message-ID", messageID)] + to.map({ ("To", $0) }) {
            try Self.checkHeader(name, value)
        }
        guard !to.isEmpty else { throw MailError.invalidHeader(name: "To", reason: "no recipient") }
        var out = ""
        out += "Date: \(Self.rfc5322Date(date))\r\n"
        out += "From: <\(from)>\r\n"
        out += "To: " + to.map { "<\($0)>" }.joined(separator: ",\r\n ") + "\r\n"
        out += "Subject: \(Self.encodedSubject(subject))\r\n"
        out += "Message-ID: <\(messageID)>\r\n"
        out += "MIME-Version: 1.0\r\n"
        let mixed = seed + "-mixed"
        out += "Content-Type: multipart/mixed;\r\n boundary=\"\(mixed)\"\r\n"
        out += "\r\n"
        out += "This is a message in MIME format.\r\n"
        out += "--\(mixed)\r\n"
        if let html {
            let alternative = seed + "-alt"
            out += "Content-Type: multipart/alternative;\r\n boundary=\"\(alternative)\"\r\n\r\n"
            out += "--\(alternative)\r\n" + Self.textPart(text, subtype: "plain")
            out += "--\(alternative)\r\n" + Self.textPart(html, subtype: "html")
            out += "--\(alternative)--\r\n"
        } else {
            out += Self.textPart(text, subtype: "plain")
        }
        for attachment in attachments {
            let name = attachment.fileName
            guard !name.isEmpty, name.utf8.count <= 120, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._- ".contains($0)) })
            else { throw MailError.invalidAttachment(reason: "a file name must be ASCII letters, digits, '.', '-', '_' and spaces") }
            let type = attachment.mimeType
            // type/subtype, then parameters such as `; charset=utf-8` (token characters only).
            let pieces = type.split(separator: ";", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            let parts = pieces[0].split(separator: "/", omittingEmptySubsequences: false)
            func isToken(_ text: Substring) -> Bool {
                !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ".+-_".contains($0)) }
            }
            let parameters = pieces.dropFirst().map { $0.split(separator: "=", omittingEmptySubsequences: false) }
            guard parts.count == 2, parts.allSatisfy(isToken), parameters.allSatisfy({ $0.count == 2 && $0.allSatisfy(isToken) })
            else { throw MailError.invalidAttachment(reason: "'\(type)' is not a media type such as application/pdf") }
            out += "--\(mixed)\r\n"
            out += "Content-Type: \(type); name=\"\(name)\"\r\n"
            out += "Content-Disposition: attachment; filename=\"\(name)\"\r\n"
            out += "Content-Transfer-Encoding: base64\r\n\r\n"
            out += Self.base64Lines(attachment.bytes)
        }
        out += "--\(mixed)--\r\n"
        return Array(out.utf8)
    }

    // MARK: - Pieces

    /// Refuses a header value with CR, LF or another control character.
    static func checkHeader(_ name: String, _ value: String) throws {
        if value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) {
            throw MailError.invalidHeader(name: name, reason: "contains a line break")
        }
        if value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) {
            throw MailError.invalidHeader(name: name, reason: "contains a control character")
        }
    }

    /// A text part: UTF-8, base64 (so any text and any line length travel unchanged), CRLF line ends.
    static func textPart(_ body: String, subtype: String) -> String {
        let normalised = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        return "Content-Type: text/\(subtype); charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + base64Lines(Array(normalised.utf8))
    }

    /// Base64 in lines of 76 characters, each ended by CRLF.
    static func base64Lines(_ bytes: [UInt8]) -> String {
        let encoded = Data(bytes).base64EncodedString()
        var out = ""
        out.reserveCapacity(encoded.count + encoded.count / 38 + 2)
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            out += String(encoded[index..<end]) + "\r\n"
            index = end
        }
        return out
    }

    /// The subject as it is, when printable ASCII; else RFC 2047 `=?UTF-8?B?…?=` words of at most 75
    /// characters (whole UTF-8 characters per word), folded onto continuation lines.
    static func encodedSubject(_ subject: String) -> String {
        if subject.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7f }) && subject.utf8.count <= 900 {
            return subject
        }
        // 75 - len("=?UTF-8?B?") - len("?=") = 63 base64 characters = 45 bytes of text at most.
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in subject {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45 {
                words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=") }
        return words.joined(separator: "\r\n ")
    }

    /// `Mon, 07 Dec 2026 19:04:51 +0000` (RFC 5322 §3.3, in UTC).
    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
