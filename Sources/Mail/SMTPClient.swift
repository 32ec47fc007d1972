import CCurl
import Foundation

/// How to reach the SMTP server: `smtp://host:port`, STARTTLS always required
/// (`CURLUSESSL_ALL`), AUTH when a user is set, certificate checked (against `caFile` when given).
public struct SMTPSettings: Sendable, Equatable {
    /// Host name or address.
    public var host: String
    /// Port (587 for submission).
    public var port: Int
    /// AUTH user name, if any.
    public var user: String?
    /// AUTH password (read from a file of mode 0600 by ``SecretFile``).
    public var password: String?
    /// CA certificate file (PEM) for a private CA.
    public var caFile: String?
    /// Connect and transfer timeout.
    public var timeoutSeconds: Int

    /// Creates settings.
    public init(host: String, port: Int, user: String? = nil, password: String? = nil, caFile: String? = nil,
                timeoutSeconds: Int = 30) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.caFile = caFile
        self.timeoutSeconds = timeoutSeconds
    }
}

/// Sends messages over SMTP with libcurl: one connection per message (sends are rare).
public struct SMTPClient: Sendable {
    private static let globalInit: CURLcode = curl_global_init(3)  // CURL_GLOBAL_ALL
    /// Where to send.
    public let settings: SMTPSettings

    /// A client for `settings`.
    public init(settings: SMTPSettings) { self.settings = settings }

    /// Sends `message` (RFC 5322 bytes) from `from` to `recipients` (envelope addresses).
    /// - Throws: ``MailError`` (`connect`, `tls`, `authentication`, `refused`); messages carry no address.
    public func send(from: String, to recipients: [String], message: [UInt8]) throws {
        _ = Self.globalInit
        guard let curl = curl_easy_init() else {
            throw MailError.connect(host: settings.host, port: settings.port, reason: "cannot initialise libcurl")
        }
        defer { curl_easy_cleanup(curl) }
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errorBuffer.deallocate() }
        var list: UnsafeMutablePointer<curl_slist>?
        for recipient in recipients { list = curl_slist_append(list, "<\(recipient)>") }
        defer { curl_slist_free_all(list) }
        let host = settings.host.contains(":") ? "[\(settings.host)]" : settings.host
        _ = tollbook_curl_set_pointer(curl, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))
        _ = tollbook_curl_set_long(curl, CURLOPT_NOSIGNAL, 1)
        _ = tollbook_curl_set_string(curl, CURLOPT_URL, "smtp://\(host):\(settings.port)/tollbook")
        _ = tollbook_curl_set_long(curl, CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
        _ = tollbook_curl_set_long(curl, CURLOPT_SSL_VERIFYPEER, 1)
        _ = tollbook_curl_set_long(curl, CURLOPT_SSL_VERIFYHOST, 2)
        if let caFile = settings.caFile { _ = tollbook_curl_set_string(curl, CURLOPT_CAINFO, caFile) }
        if let user = settings.user {
            _ = tollbook_curl_set_string(curl, CURLOPT_USERNAME, user)
            _ = tollbook_curl_set_string(curl, CURLOPT_PASSWORD, settings.password ?? "")
        }
        _ = tollbook_curl_set_long(curl, CURLOPT_CONNECTTIMEOUT, settings.timeoutSeconds)
        _ = tollbook_curl_set_long(curl, CURLOPT_TIMEOUT, settings.timeoutSeconds * 4)
        _ = tollbook_curl_set_long(curl, CURLOPT_SERVER_RESPONSE_TIMEOUT, settings.timeoutSeconds)
        _ = tollbook_curl_set_string(curl, CURLOPT_MAIL_FROM, "<\(from)>")
        _ = tollbook_curl_set_pointer(curl, CURLOPT_MAIL_RCPT, UnsafeMutableRawPointer(list))
        _ = tollbook_curl_set_long(curl, CURLOPT_UPLOAD, 1)
        let source = UploadSource(message)
        _ = tollbook_curl_set_read_function(curl, { buffer, size, count, context in
            guard let buffer, let context else { return 0 }
            return Unmanaged<UploadSource>.fromOpaque(context).takeUnretainedValue().read(into: buffer, capacity: size * count)
        })
        _ = tollbook_curl_set_pointer(curl, CURLOPT_READDATA, Unmanaged.passUnretained(source).toOpaque())
        let code = withExtendedLifetime(source) { curl_easy_perform(curl) }
        guard code != CURLE_OK else { return }
        var reason = String(cString: curl_easy_strerror(code))
        let detail = String(cString: errorBuffer)
        if !detail.isEmpty, detail != reason { reason += ": " + detail }
        reason = Self.withoutAddresses(reason)
        switch code {
        case CURLE_LOGIN_DENIED:
            throw MailError.authentication(host: settings.host, port: settings.port, user: settings.user ?? "", reason: reason)
        case CURLE_USE_SSL_FAILED, CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE,
             CURLE_SSL_CERTPROBLEM:
            throw MailError.tls(host: settings.host, port: settings.port, reason: reason)
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_OPERATION_TIMEDOUT, CURLE_SEND_ERROR, CURLE_RECV_ERROR,
             CURLE_GOT_NOTHING, CURLE_WEIRD_SERVER_REPLY:
            throw MailError.connect(host: settings.host, port: settings.port, reason: reason)
        default:
            throw MailError.refused(host: settings.host, port: settings.port, reason: reason)
        }
    }

    /// `text` with every word holding an `@` replaced by `<address>` (server replies may quote addresses).
    static func withoutAddresses(_ text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: false)
            .map { $0.contains("@") ? "<address>" : String($0) }
            .joined(separator: " ")
    }
}

/// The message bytes libcurl reads while uploading.
private final class UploadSource {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func read(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        let count = min(capacity, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBufferPointer { source in
            UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress! + offset, byteCount: count)
        }
        offset += count
        return count
    }
}

/// Secrets (the SMTP password) from files that only their owner may read.
public enum SecretFile {
    /// The file's first line, trimmed.
    /// - Throws: ``MailError/secretFile(path:reason:)`` when it is missing, not a regular file,
    ///   readable or writable by group or others, or empty.
    public static func read(_ path: String) throws -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { throw MailError.secretFile(path: path, reason: "cannot be read") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw MailError.secretFile(path: path, reason: "is not a regular file") }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw MailError.secretFile(path: path, reason: "has mode \(String(mode, radix: 8)); it must be readable by its owner only (chmod 600)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MailError.secretFile(path: path, reason: "cannot be read")
        }
        let text = String(decoding: data, as: UTF8.self).split(whereSeparator: { $0 == "\n" || $0 == "\r" }).first
            .map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
        guard !text.isEmpty else { throw MailError.secretFile(path: path, reason: "is empty") }
        return text
    }
}
