import CSSH
import Foundation

/// A logged-in libssh SFTP client connection to one remote directory.
final class SFTPClientConnection: RemoteDirectory {
    private let settings: SFTPPickupSettings
    private let session: ssh_session
    private var sftp: sftp_session?
    private var closed = false
    let peer: String

    /// Connects, checks the host key, logs in and starts SFTP.
    init(settings: SFTPPickupSettings) throws {
        self.settings = settings
        let directory = settings.pickup.remoteDirectory
        peer = "sftp://\(settings.user)@\(settings.host):\(settings.port)" + (directory.hasPrefix("/") ? "" : "/") + directory
        guard let session = ssh_new() else { throw FileTransportError.connect(host: settings.host, port: settings.port, reason: "out of memory") }
        self.session = session
        do {
            try connect()
        } catch {
            close()
            throw error
        }
    }

    private func connect() throws {
        _ = tollbook_ssh_set_int(session, SSH_OPTIONS_PROCESS_CONFIG, 0)
        guard tollbook_ssh_set_string(session, SSH_OPTIONS_HOST, settings.host) == SSH_OK,
              tollbook_ssh_set_uint(session, SSH_OPTIONS_PORT, UInt32(clamping: settings.port)) == SSH_OK,
              tollbook_ssh_set_string(session, SSH_OPTIONS_USER, settings.user) == SSH_OK,
              tollbook_ssh_set_long(session, SSH_OPTIONS_TIMEOUT, settings.timeoutSeconds) == SSH_OK else {
            throw FileTransportError.invalidSettings("SFTP pickup \(settings.user)@\(settings.host):\(settings.port) options refused")
        }
        guard ssh_connect(session) == SSH_OK else {
            throw FileTransportError.connect(host: settings.host, port: settings.port, reason: lastError())
        }
        try checkHostKey()
        try authenticate()
        guard let sftp = sftp_new(session) else {
            throw FileTransportError.connect(host: settings.host, port: settings.port, reason: "cannot open the sftp subsystem")
        }
        self.sftp = sftp
        guard sftp_init(sftp) == SSH_OK else {
            throw FileTransportError.connect(host: settings.host, port: settings.port, reason: "SFTP start failed: \(lastError())")
        }
    }

    private func checkHostKey() throws {
        var key: ssh_key?
        guard ssh_get_server_publickey(session, &key) == SSH_OK, let key else {
            throw FileTransportError.connect(host: settings.host, port: settings.port, reason: "no host key")
        }
        defer { ssh_key_free(key) }
        guard let actual = SSHHostKey.fingerprint(of: key) else {
            throw FileTransportError.connect(host: settings.host, port: settings.port, reason: "cannot hash the host key")
        }
        let expected: String
        switch settings.hostKey {
        case .fingerprint(let fingerprint):
            expected = fingerprint.trimmingCharacters(in: .whitespacesAndNewlines)
        case .trustOnFirstUse(let file):
            if let data = FileManager.default.contents(atPath: file) {
                expected = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            } else {
                do {
                    try AtomicFile.write(Data((actual + "\n").utf8), to: file)
                } catch {
                    throw FileTransportError.localFile(path: file, reason: "cannot store the host key fingerprint")
                }
                expected = actual
            }
        }
        guard expected == actual else {
            throw FileTransportError.hostKeyMismatch(host: settings.host, port: settings.port, expected: expected, actual: actual)
        }
    }

    private func authenticate() throws {
        if let keyFile = settings.privateKeyFile {
            var key: ssh_key?
            guard ssh_pki_import_privkey_file(keyFile, nil, nil, nil, &key) == SSH_OK, let key else {
                throw FileTransportError.localFile(path: keyFile, reason: "not a readable unencrypted private key")
            }
            defer { ssh_key_free(key) }
            if ssh_userauth_publickey(session, nil, key) == SSH_AUTH_SUCCESS.rawValue { return }
        }
        if let passwordFile = settings.passwordFile {
            let password = try SecretFile.read(passwordFile)
            if ssh_userauth_password(session, nil, password) == SSH_AUTH_SUCCESS.rawValue { return }
        }
        throw FileTransportError.authentication(host: settings.host, port: settings.port, user: settings.user,
                                                reason: "the server refused the key or password")
    }

    /// The path of `name` in the remote directory.
    private func remotePath(_ name: String) -> String {
        let directory = settings.pickup.remoteDirectory
        if directory.isEmpty || directory == "." { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    func list(wanted: (String) -> Bool) throws -> [RemoteEntry] {
        guard let sftp else { throw FileTransportError.list(peer: peer, path: settings.pickup.remoteDirectory, reason: "not connected") }
        let path = settings.pickup.remoteDirectory.isEmpty ? "." : settings.pickup.remoteDirectory
        guard let dir = sftp_opendir(sftp, path) else {
            throw FileTransportError.list(peer: peer, path: path, reason: sftpError())
        }
        defer { sftp_closedir(dir) }
        var entries: [RemoteEntry] = []
        while let attributes = sftp_readdir(sftp, dir) {
            defer { sftp_attributes_free(attributes) }
            let info = attributes.pointee
            guard info.type == UInt8(SSH_FILEXFER_TYPE_REGULAR), let name = info.name else { continue }
            let text = String(cString: name)
            guard wanted(text) else { continue }
            entries.append(RemoteEntry(name: text, size: Int64(info.size), modified: Int64(info.mtime)))
        }
        guard sftp_dir_eof(dir) == 1 else { throw FileTransportError.list(peer: peer, path: path, reason: sftpError()) }
        return entries
    }

    func download(_ name: String, to path: String) throws {
        let remote = remotePath(name)
        guard let sftp, let file = sftp_open(sftp, remote, O_RDONLY, 0) else {
            throw FileTransportError.download(peer: peer, path: remote, reason: sftpError())
        }
        defer { sftp_close(file) }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FileTransportError.localFile(path: path, reason: String(cString: strerror(errno))) }
        defer { Glibc.close(fd) }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { sftp_read(file, $0.baseAddress, $0.count) }
            if count == 0 { break }
            guard count > 0 else { throw FileTransportError.download(peer: peer, path: remote, reason: sftpError()) }
            let written = buffer.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, count) }
            guard written == count else { throw FileTransportError.localFile(path: path, reason: "short write") }
        }
        guard fsync(fd) == 0 else { throw FileTransportError.localFile(path: path, reason: "fsync failed") }
    }

    func delete(_ name: String) throws {
        let remote = remotePath(name)
        guard let sftp, sftp_unlink(sftp, remote) == 0 else {
            throw FileTransportError.delete(peer: peer, path: remote, reason: sftpError())
        }
    }

    /// Ends SFTP and the SSH connection and frees everything.
    func close() {
        guard !closed else { return }
        closed = true
        if let sftp { sftp_free(sftp) }
        sftp = nil
        ssh_disconnect(session)
        ssh_free(session)
    }

    private func sftpError() -> String {
        let code = sftp.map { sftp_get_error($0) } ?? -1
        let names: [Int32: String] = [SSH_FX_NO_SUCH_FILE: "no such file", SSH_FX_PERMISSION_DENIED: "permission denied",
                                      SSH_FX_FAILURE: "failure", SSH_FX_NO_SUCH_PATH: "no such path"]
        return names[code].map { "\($0) (\(lastError()))" } ?? lastError()
    }

    private func lastError() -> String {
        String(cString: ssh_get_error(UnsafeMutableRawPointer(session)))
    }
}
