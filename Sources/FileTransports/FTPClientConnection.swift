import CCurl
import Foundation

/// One libcurl easy handle (its connection is reused between requests) pointed at one FTP directory.
final class FTPClientConnection: RemoteDirectory {
    private static let globalInit: CURLcode = curl_global_init(3)  // CURL_GLOBAL_ALL: SSL + platform
    private let settings: FTPPickupSettings
    private let password: String
    private let curl: UnsafeMutableRawPointer
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    private let directoryURL: String
    private var closed = false
    let peer: String

    /// Prepares the handle; the first request connects and logs in.
    init(settings: FTPPickupSettings, password: String) throws {
        _ = Self.globalInit
        self.settings = settings
        self.password = password
        guard let curl = curl_easy_init() else {
            errorBuffer.deallocate()
            throw FileTransportError.connect(host: settings.host, port: settings.port, reason: "cannot initialise libcurl")
        }
        self.curl = curl
        let scheme = settings.security == .implicitTLS ? "ftps" : "ftp"
        let host = settings.host.contains(":") ? "[\(settings.host)]" : settings.host
        let directory = settings.pickup.remoteDirectory
        var segments = directory.split(separator: "/").map { Self.encode(String($0)) }
        // A leading "/" means from the server's root, not from the login directory: that is %2F in an FTP URL.
        if directory.hasPrefix("/") { segments.insert("%2F", at: 0) }
        directoryURL = "\(scheme)://\(host):\(settings.port)/" + segments.map { $0 + "/" }.joined()
        peer = "\(scheme)://\(host):\(settings.port)" + (directory.hasPrefix("/") ? "" : "/") + directory
    }

    func list(wanted: (String) -> Bool) throws -> [RemoteEntry] {
        let buffer = CurlBuffer()
        try perform(url: directoryURL, into: buffer, what: .list(settings.pickup.remoteDirectory)) {
            tollbook_curl_set_long(curl, CURLOPT_DIRLISTONLY, 1)
        }
        let names = String(decoding: buffer.data, as: UTF8.self)
            .split(whereSeparator: { $0 == "\n" || $0 == "\r" })
            .map { $0.split(separator: "/").last.map(String.init) ?? "" }
            .filter { !$0.isEmpty && wanted($0) }
        var entries: [RemoteEntry] = []
        for name in Set(names).sorted() {
            // SIZE and MDTM: a name without a size (a directory) is not a file.
            reset()
            _ = tollbook_curl_set_string(curl, CURLOPT_URL, directoryURL + Self.encode(name))
            _ = tollbook_curl_set_long(curl, CURLOPT_NOBODY, 1)
            _ = tollbook_curl_set_long(curl, CURLOPT_FILETIME, 1)
            guard curl_easy_perform(curl) == CURLE_OK else { continue }
            var size: curl_off_t = -1
            var time = -1
            _ = tollbook_curl_get_off_t(curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &size)
            _ = tollbook_curl_get_long(curl, CURLINFO_FILETIME, &time)
            guard size >= 0 else { continue }
            entries.append(RemoteEntry(name: name, size: Int64(size), modified: Int64(max(time, 0))))
        }
        return entries
    }

    func download(_ name: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FileTransportError.localFile(path: path, reason: String(cString: strerror(errno))) }
        defer { Glibc.close(fd) }
        let target = CurlBuffer(descriptor: fd)
        try perform(url: directoryURL + Self.encode(name), into: target, what: .download(name)) { CURLE_OK }
        guard !target.failed, fsync(fd) == 0 else { throw FileTransportError.localFile(path: path, reason: "cannot write") }
    }

    func delete(_ name: String) throws {
        let commands = curl_slist_append(nil, "DELE \(name)")
        defer { curl_slist_free_all(commands) }
        try perform(url: directoryURL, into: CurlBuffer(), what: .delete(name)) {
            _ = tollbook_curl_set_long(curl, CURLOPT_NOBODY, 1)
            return tollbook_curl_set_pointer(curl, CURLOPT_POSTQUOTE, UnsafeMutableRawPointer(commands))
        }
    }

    /// Frees the handle (closing its connection).
    func close() {
        guard !closed else { return }
        closed = true
        curl_easy_cleanup(curl)
        errorBuffer.deallocate()
    }

    // MARK: - Requests

    private enum Request {
        case list(String)
        case download(String)
        case delete(String)
    }

    /// Sets the options every request needs (after a reset, which keeps the open connection).
    private func reset() {
        curl_easy_reset(curl)
        errorBuffer[0] = 0
        _ = tollbook_curl_set_pointer(curl, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))
        _ = tollbook_curl_set_long(curl, CURLOPT_NOSIGNAL, 1)
        _ = tollbook_curl_set_string(curl, CURLOPT_USERNAME, settings.user)
        _ = tollbook_curl_set_string(curl, CURLOPT_PASSWORD, password)
        _ = tollbook_curl_set_long(curl, CURLOPT_CONNECTTIMEOUT, settings.timeoutSeconds)
        _ = tollbook_curl_set_long(curl, CURLOPT_LOW_SPEED_LIMIT, 1)
        _ = tollbook_curl_set_long(curl, CURLOPT_LOW_SPEED_TIME, settings.timeoutSeconds)
        _ = tollbook_curl_set_long(curl, CURLOPT_SERVER_RESPONSE_TIMEOUT, settings.timeoutSeconds)
        if settings.security != .none {
            _ = tollbook_curl_set_long(curl, CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
            if let caFile = settings.caFile { _ = tollbook_curl_set_string(curl, CURLOPT_CAINFO, caFile) }
            _ = tollbook_curl_set_long(curl, CURLOPT_SSL_VERIFYPEER, settings.verifyCertificate ? 1 : 0)
            _ = tollbook_curl_set_long(curl, CURLOPT_SSL_VERIFYHOST, settings.verifyCertificate ? 2 : 0)
        }
    }

    private func perform(url: String, into buffer: CurlBuffer, what: Request, configure: () -> CURLcode) throws {
        reset()
        _ = tollbook_curl_set_string(curl, CURLOPT_URL, url)
        _ = tollbook_curl_set_write_function(curl, { data, size, count, context in
            guard let context else { return 0 }
            let buffer = Unmanaged<CurlBuffer>.fromOpaque(context).takeUnretainedValue()
            return buffer.append(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
        })
        _ = tollbook_curl_set_pointer(curl, CURLOPT_WRITEDATA, Unmanaged.passUnretained(buffer).toOpaque())
        _ = configure()
        let code = withExtendedLifetime(buffer) { curl_easy_perform(curl) }
        guard code != CURLE_OK else { return }
        var reason = String(cString: curl_easy_strerror(code))
        let detail = String(cString: errorBuffer)
        if !detail.isEmpty, detail != reason { reason += ": " + detail }
        switch code {
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_OPERATION_TIMEDOUT, CURLE_SSL_CONNECT_ERROR,
             CURLE_USE_SSL_FAILED, CURLE_PEER_FAILED_VERIFICATION, CURLE_WEIRD_SERVER_REPLY:
            throw FileTransportError.connect(host: settings.host, port: settings.port, reason: reason)
        case CURLE_LOGIN_DENIED:
            throw FileTransportError.authentication(host: settings.host, port: settings.port, user: settings.user, reason: reason)
        default:
            switch what {
            case .list(let path): throw FileTransportError.list(peer: peer, path: path, reason: reason)
            case .download(let name): throw FileTransportError.download(peer: peer, path: name, reason: reason)
            case .delete(let name): throw FileTransportError.delete(peer: peer, path: name, reason: reason)
            }
        }
    }

    /// Percent-encodes one path segment of an FTP URL.
    private static func encode(_ segment: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return segment.addingPercentEncoding(withAllowedCharacters: allowed) ?? segment
    }
}

/// Where a transfer's bytes go: memory (listings) or a file descriptor (downloads).
final class CurlBuffer {
    private(set) var data = Data()
    private let descriptor: Int32?
    private(set) var failed = false

    init(descriptor: Int32? = nil) { self.descriptor = descriptor }

    /// Appends bytes; false stops the transfer.
    func append(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let descriptor else {
            data.append(contentsOf: bytes)
            return true
        }
        var done = 0
        while done < bytes.count {
            let result = write(descriptor, bytes.baseAddress.map { $0 + done }, bytes.count - done)
            if result < 0 {
                if errno == EINTR { continue }
                failed = true
                return false
            }
            done += result
        }
        return true
    }
}
