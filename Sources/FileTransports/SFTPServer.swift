import CSSH
import CSystemShim
import Foundation

/// The SFTP server PBXs push CDR files to (Cisco CUCM "billing application server"): password or
/// public-key logins, each account confined to its upload directory, upload only; a file is handed to the
/// sink when the client closes it, and the close succeeds only when the sink accepted the file.
///
/// One thread accepts connections, one thread serves each connection. `stop()` ends all of them.
/// The sink is called from the connection threads, so several `deliver` calls may run at the same time.
///
/// `@unchecked Sendable`: the bind, wake pipe, connection table and running flag are used under `lock`;
/// `port` and the fingerprint are set once before the accept thread starts.
public final class SFTPServer: @unchecked Sendable {
    private let settings: SFTPServerSettings
    private let sink: any FileDeliverySink
    private let log: FileTransportLog
    private let lock = NSLock()
    private var bind: ssh_bind?
    private var wakePipe: [Int32] = [-1, -1]
    private var connections: [ObjectIdentifier: SFTPServerConnection] = [:]
    private let threads = DispatchGroup()
    private var running = false
    /// The port the server listens on (the chosen one when the settings said 0); 0 before `start()`.
    public private(set) var port: Int = 0
    /// The `SHA256:…` fingerprint of the host key, for telling PBX administrators what to expect.
    public private(set) var hostKeyFingerprint: String = ""

    /// Creates a server; nothing listens until `start()`.
    /// - Parameters:
    ///   - settings: address, host key, accounts.
    ///   - sink: receives every completely uploaded file.
    ///   - log: receives one line per login, refusal and file (never passwords or contents).
    public init(settings: SFTPServerSettings, sink: any FileDeliverySink, log: @escaping FileTransportLog = { _ in }) {
        self.settings = settings
        self.sink = sink
        self.log = log
    }

    deinit { stop() }

    /// Loads (or generates) the host key, starts listening and accepting connections.
    /// - Throws: ``FileTransportError`` for unusable settings, host key or address.
    public func start() throws {
        lock.lock()
        defer { lock.unlock() }
        guard !running else { return }
        try settings.validate()
        for account in settings.accounts {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: account.uploadDirectory, isDirectory: &isDirectory),
                  isDirectory.boolValue else {
                throw FileTransportError.invalidSettings(
                    "upload directory \(account.uploadDirectory) of SFTP user \(account.user) does not exist")
            }
        }
        hostKeyFingerprint = try SSHHostKey.ensure(at: settings.hostKeyPath)
        removeStaleStagingFiles()
        guard let bind = ssh_bind_new() else { throw listenError("cannot allocate") }
        guard tollbook_ssh_bind_set_string(bind, SSH_BIND_OPTIONS_BINDADDR, settings.host) == SSH_OK,
              tollbook_ssh_bind_set_uint(bind, SSH_BIND_OPTIONS_BINDPORT, UInt32(clamping: settings.port)) == SSH_OK,
              tollbook_ssh_bind_set_string(bind, SSH_BIND_OPTIONS_HOSTKEY, settings.hostKeyPath) == SSH_OK else {
            ssh_bind_free(bind)
            throw FileTransportError.hostKey(path: settings.hostKeyPath, reason: "libssh does not accept it")
        }
        guard ssh_bind_listen(bind) == SSH_OK else {
            let reason = String(cString: ssh_get_error(UnsafeMutableRawPointer(bind)))
            ssh_bind_free(bind)
            throw listenError(reason)
        }
        var fds: [Int32] = [-1, -1]
        // Close-on-exec from the start (pipe2 through the C shim): no window for a concurrent spawn.
        let piped = fds.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { tollbook_pipe_cloexec($0) } ?? -1 }
        guard piped == 0 else {
            ssh_bind_free(bind)
            throw listenError("cannot create a pipe")
        }
        self.bind = bind
        self.wakePipe = fds
        self.port = SFTPServer.localPort(of: ssh_bind_get_fd(bind)) ?? settings.port
        running = true
        threads.enter()
        let listener = SSHBindReference(bind: bind)
        let wake = fds[0]
        let thread = Thread { [self] in
            acceptLoop(bind: listener.bind, listener: ssh_bind_get_fd(listener.bind), wake: wake)
            threads.leave()
        }
        thread.name = "sftp-accept"
        thread.start()
        log("SFTP server listening on \(settings.host):\(port), host key \(hostKeyFingerprint)")
    }

    /// Stops accepting, closes every connection (uploads in progress are discarded, never delivered) and
    /// waits until all threads have ended. Safe to call more than once.
    public func stop() {
        lock.lock()
        guard running else {
            lock.unlock()
            return
        }
        running = false
        var byte: UInt8 = 1
        _ = write(wakePipe[1], &byte, 1)
        for connection in connections.values { shutdown(connection.socket, Int32(SHUT_RDWR)) }
        lock.unlock()
        threads.wait()
        lock.lock()
        if let bind { ssh_bind_free(bind) }
        bind = nil
        close(wakePipe[0])
        close(wakePipe[1])
        wakePipe = [-1, -1]
        lock.unlock()
        log("SFTP server on \(settings.host):\(port) stopped")
    }

    private func acceptLoop(bind: ssh_bind, listener: Int32, wake: Int32) {
        while true {
            var fds = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0), pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 2, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                log("SFTP server poll failed: \(String(cString: strerror(errno)))")
                return
            }
            if fds[1].revents != 0 { return }
            guard fds[0].revents & Int16(POLLIN) != 0, let session = ssh_new() else { continue }
            guard ssh_bind_accept(bind, session) == SSH_OK else {
                log("SFTP accept failed: \(String(cString: ssh_get_error(UnsafeMutableRawPointer(bind))))")
                ssh_free(session)
                continue
            }
            let connection = SFTPServerConnection(session: session, settings: settings, sink: sink, log: log)
            lock.lock()
            guard running else {
                lock.unlock()
                ssh_free(session)
                return
            }
            if let refusal = admission(of: connection) {
                lock.unlock()
                log("SFTP connection from \(connection.address) refused: \(refusal)")
                ssh_free(session)
                continue
            }
            connections[ObjectIdentifier(connection)] = connection
            threads.enter()
            lock.unlock()
            let thread = Thread { [self] in
                connection.run(onFinish: { self.forget(connection) })
                threads.leave()
            }
            thread.name = "sftp-session"
            thread.start()
        }
    }

    /// Why a new connection is refused (`nil`: admitted); called with the lock held.
    private func admission(of connection: SFTPServerConnection) -> String? {
        if !settings.allow.isEmpty, !AddressAllowList(settings.allow).contains(connection.address) {
            return "address not allowed"
        }
        guard connections.count < settings.maxConnections else { return "\(settings.maxConnections) connections already open" }
        let waiting = connections.values.filter { !$0.isAuthenticated }
        guard waiting.count < settings.maxPreAuthConnections else {
            return "\(settings.maxPreAuthConnections) connections are not logged in yet"
        }
        guard waiting.filter({ $0.address == connection.address }).count < settings.maxPreAuthPerSource else {
            return "\(settings.maxPreAuthPerSource) connections from this address are not logged in yet"
        }
        return nil
    }

    /// Uploads cut off by a crash or power loss left staging files behind; they were never acknowledged.
    private func removeStaleStagingFiles() {
        for account in settings.accounts {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: account.uploadDirectory)) ?? []
            for name in names where name.hasPrefix(StagedUpload.prefix) {
                unlink((account.uploadDirectory as NSString).appendingPathComponent(name))
                log("SFTP removed the unfinished upload \(LogText.clean(name)) of \(account.user)")
            }
        }
    }

    /// Removes a connection before its socket is closed, so `stop()` never shuts down a reused descriptor.
    private func forget(_ connection: SFTPServerConnection) {
        lock.lock()
        connections[ObjectIdentifier(connection)] = nil
        lock.unlock()
    }

    private func listenError(_ reason: String) -> FileTransportError {
        .listen(host: settings.host, port: settings.port, reason: reason)
    }

    private static func localPort(of socket: Int32) -> Int? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let got = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        guard got == 0 else { return nil }
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
            }
        case AF_INET6:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
            }
        default: return nil
        }
    }
}

/// Hands the listening bind to the accept thread (used by that thread only until `stop()` joined it).
///
/// `@unchecked Sendable`: the pointer is handed over once and used by the accept thread alone until
/// `stop()` has joined that thread.
private struct SSHBindReference: @unchecked Sendable {
    let bind: ssh_bind
}
