import CSSH
import Foundation

/// One accepted SSH connection of the SFTP server, run on its own thread: key exchange, login, the
/// `sftp` subsystem, then the upload session until the client leaves.
///
/// `@unchecked Sendable`: the libssh session is used only by the connection's own thread (``SFTPServer``
/// only reads its descriptor to shut it down); the login flag is guarded by `stateLock`.
final class SFTPServerConnection: @unchecked Sendable {
    private let session: ssh_session
    private let settings: SFTPServerSettings
    private let sink: any FileDeliverySink
    private let log: FileTransportLog
    /// The client's address.
    let address: String
    private static let password = Int32(SSH_AUTH_METHOD_PASSWORD)
    private static let publicKey = Int32(SSH_AUTH_METHOD_PUBLICKEY)

    /// Takes ownership of an accepted session.
    init(session: ssh_session, settings: SFTPServerSettings, sink: any FileDeliverySink, log: @escaping FileTransportLog) {
        self.session = session
        self.settings = settings
        self.sink = sink
        self.log = log
        self.address = SFTPServerConnection.peerAddress(of: ssh_get_fd(session))
    }

    private let stateLock = NSLock()
    private var loggedIn = false

    /// Whether the client has logged in (connections that have not count against the pre-auth limits).
    var isAuthenticated: Bool { stateLock.withLock { loggedIn } }

    /// The socket (for shutting the connection down from another thread).
    var socket: Int32 { ssh_get_fd(session) }

    /// Runs the connection to its end and frees the session; `onFinish` runs before the socket closes.
    func run(onFinish: () -> Void) {
        defer {
            onFinish()
            ssh_disconnect(session)
            ssh_free(session)
        }
        // Bounds the blocking key exchange and login (short: a silent client must not hold a slot);
        // the SFTP phase has its own idle timeout.
        _ = tollbook_ssh_set_long(session, SSH_OPTIONS_TIMEOUT, settings.preAuthTimeoutSeconds)
        let deadline = Date().addingTimeInterval(Double(settings.preAuthTimeoutSeconds))
        ssh_set_auth_methods(session, Self.password | Self.publicKey)
        guard ssh_handle_key_exchange(session) == SSH_OK else {
            log("SFTP key exchange with \(address) failed: \(lastError())")
            return
        }
        guard let account = authenticate(deadline: deadline) else { return }
        stateLock.withLock { loggedIn = true }
        _ = tollbook_ssh_set_long(session, SSH_OPTIONS_TIMEOUT, settings.idleTimeoutSeconds)
        guard let channel = openSFTPChannel() else {
            log("SFTP client \(account.user)@\(address) did not request the sftp subsystem")
            return
        }
        defer {
            ssh_channel_send_eof(channel)
            ssh_channel_close(channel)
            ssh_channel_free(channel)
        }
        serve(account: account, channel: channel)
    }

    // MARK: - Login

    private func authenticate(deadline: Date) -> SFTPAccount? {
        var failures = 0
        var probes = 0
        while failures < settings.maxAuthAttempts, probes < 32 {
            guard Date() < deadline else {
                log("SFTP client \(address) did not log in within \(settings.preAuthTimeoutSeconds) s; closed")
                return nil
            }
            guard let message = ssh_message_get(session) else { return nil }
            defer { ssh_message_free(message) }
            guard ssh_message_type(message) == SSH_REQUEST_AUTH.rawValue else {
                _ = ssh_message_reply_default(message)
                continue
            }
            let user = ssh_message_auth_user(message).map { String(cString: $0) } ?? ""
            let account = settings.accounts.first { $0.user == user }
            switch ssh_message_subtype(message) {
            case Self.password:
                if let account, checkPassword(account, message) {
                    _ = ssh_message_auth_reply_success(message, 0)
                    log("SFTP login \(LogText.clean(user))@\(address) (password)")
                    return account
                }
                failures += 1
                log("SFTP login refused for user \(LogText.clean(user)) from \(address) (password)")
            case Self.publicKey:
                let state = tollbook_ssh_message_auth_publickey_state(message)
                let known = account.map { checkKey($0, message) } ?? false
                if known, let account {
                    if state == SSH_PUBLICKEY_STATE_NONE {
                        _ = ssh_message_auth_reply_pk_ok_simple(message)
                        continue
                    }
                    if state == SSH_PUBLICKEY_STATE_VALID {
                        _ = ssh_message_auth_reply_success(message, 0)
                        log("SFTP login \(LogText.clean(user))@\(address) (public key)")
                        return account
                    }
                }
                if state == SSH_PUBLICKEY_STATE_NONE { probes += 1 } else { failures += 1 }
                log("SFTP login refused for user \(LogText.clean(user)) from \(address) (public key)")
            default:
                break
            }
            _ = ssh_message_auth_set_methods(message, methods(for: account))
            _ = ssh_message_reply_default(message)
        }
        log("SFTP client \(address) gave up or exceeded \(settings.maxAuthAttempts) login attempts")
        return nil
    }

    private func methods(for account: SFTPAccount?) -> Int32 {
        guard let account else { return Self.password | Self.publicKey }
        return (account.passwordFile != nil ? Self.password : 0) | (account.authorizedKeysFile != nil ? Self.publicKey : 0)
    }

    private func checkPassword(_ account: SFTPAccount, _ message: ssh_message) -> Bool {
        guard let file = account.passwordFile, let offered = tollbook_ssh_message_auth_password(message) else { return false }
        do {
            return SecretFile.constantTimeEqual(try SecretFile.read(file), String(cString: offered))
        } catch {
            log("SFTP account \(account.user): \(error)")
            return false
        }
    }

    private func checkKey(_ account: SFTPAccount, _ message: ssh_message) -> Bool {
        guard let file = account.authorizedKeysFile, let key = tollbook_ssh_message_auth_pubkey(message) else { return false }
        return AuthorizedKeys(path: file).contains(key)
    }

    // MARK: - Channel and subsystem

    private func openSFTPChannel() -> ssh_channel? {
        var channel: ssh_channel?
        while true {
            guard let message = ssh_message_get(session) else {
                if let channel { ssh_channel_free(channel) }
                return nil
            }
            defer { ssh_message_free(message) }
            let type = ssh_message_type(message)
            let subtype = ssh_message_subtype(message)
            if channel == nil, type == SSH_REQUEST_CHANNEL_OPEN.rawValue, subtype == SSH_CHANNEL_SESSION.rawValue {
                channel = ssh_message_channel_request_open_reply_accept(message)
                continue
            }
            if let channel, type == SSH_REQUEST_CHANNEL.rawValue, subtype == SSH_CHANNEL_REQUEST_SUBSYSTEM.rawValue,
               let name = ssh_message_channel_request_subsystem(message), String(cString: name) == "sftp" {
                _ = ssh_message_channel_request_reply_success(message)
                return channel
            }
            if type == SSH_REQUEST_CHANNEL.rawValue,
               subtype == SSH_CHANNEL_REQUEST_SHELL.rawValue || subtype == SSH_CHANNEL_REQUEST_EXEC.rawValue {
                log("SFTP refused a shell or command request from \(address)")
            }
            _ = ssh_message_reply_default(message)
        }
    }

    private func serve(account: SFTPAccount, channel: ssh_channel) {
        guard let sftp = sftp_server_new(session, channel) else { return }
        // sftp_server_free leaves the channel alone: `run` closes and frees it.
        defer { sftp_server_free(sftp) }
        guard sftp_server_init(sftp) == 0 else {
            log("SFTP protocol start with \(address) failed: \(lastError())")
            return
        }
        guard let directory = realpath(account.uploadDirectory, nil).map({ pointer -> String in
            defer { free(pointer) }
            return String(cString: pointer)
        }) else {
            log("SFTP upload directory \(account.uploadDirectory) of \(account.user) is missing")
            return
        }
        let handler = SFTPUploadSession(sftp: sftp, directory: directory, peer: "sftp:\(account.user)@\(address)",
                                        sink: sink, log: log)
        defer { handler.abandonOpenUploads() }
        let idleMilliseconds = Int32(clamping: settings.idleTimeoutSeconds * 1000)
        while true {
            let ready = ssh_channel_poll_timeout(channel, idleMilliseconds, 0)
            if ready == 0 {
                log("SFTP session \(account.user)@\(address) idle for \(settings.idleTimeoutSeconds) s; closed")
                return
            }
            if ready < 0 { return }
            guard let message = sftp_get_client_message(sftp) else { return }
            handler.handle(message)
            sftp_client_message_free(message)
        }
    }

    private func lastError() -> String {
        String(cString: ssh_get_error(UnsafeMutableRawPointer(session)))
    }

    /// `host` or `[v6]` of a connected socket.
    static func peerAddress(of socket: Int32) -> String {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let got = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(socket, $0, &length) }
        }
        guard got == 0 else { return "unknown" }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        if Int32(storage.ss_family) == AF_INET {
            var address = withUnsafePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr } }
            inet_ntop(AF_INET, &address, &buffer, socklen_t(buffer.count))
        } else if Int32(storage.ss_family) == AF_INET6 {
            var address = withUnsafePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr } }
            inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count))
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
