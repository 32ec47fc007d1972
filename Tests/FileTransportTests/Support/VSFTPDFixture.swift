import FileTransports
import Foundation
import TestSupport
import XCTest

/// A real FTPS server (vsftpd, explicit TLS required for login and data) on loopback with a throw-away
/// certificate for 127.0.0.1, serving `anon/out` to anonymous logins that may download and delete.
final class VSFTPDFixture: @unchecked Sendable {
    let root: URL
    let remote: URL
    let staging: URL
    let certificate: URL
    let port: Int
    let sink = RecordingSink()
    private let server: PeerProcess

    init() throws {
        let vsftpd = try Peers.require(["/usr/sbin/vsftpd"], package: "vsftpd")
        let openssl = try Peers.require(["/usr/bin/openssl"], package: "openssl")
        guard geteuid() == 0, let ftp = getpwnam("ftp") else {
            // The tests run as root, as CI does (slapd and sshd need it too).
            throw MissingPeer("root and the system user ftp for vsftpd", package: "vsftpd")
        }
        root = try TestEnvironment.makeTemporaryDirectory("ftps-pickup")
        let anon = root.appendingPathComponent("anon")
        remote = anon.appendingPathComponent("out")
        staging = root.appendingPathComponent("staging")
        let empty = root.appendingPathComponent("empty")
        for directory in [remote, empty] { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
        // vsftpd refuses a writable anonymous root; the served directory belongs to ftp so it can delete.
        for directory in [root, anon, empty] { chmod(directory.path, 0o755) }
        chown(remote.path, ftp.pointee.pw_uid, ftp.pointee.pw_gid)
        certificate = root.appendingPathComponent("ftpd.pem")
        let key = root.appendingPathComponent("ftpd.key")
        let made = try TestEnvironment.run(openssl, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.path,
                                                     "-out", certificate.path, "-days", "2", "-subj", "/CN=127.0.0.1",
                                                     "-addext", "subjectAltName=IP:127.0.0.1"])
        XCTAssertEqual(made.status, 0, made.stderr)
        port = Peers.freePort()
        let config = root.appendingPathComponent("vsftpd.conf")
        try """
            listen=YES
            listen_address=127.0.0.1
            listen_port=\(port)
            background=NO
            anonymous_enable=YES
            local_enable=NO
            anon_root=\(anon.path)
            no_anon_password=YES
            write_enable=YES
            anon_upload_enable=YES
            anon_other_write_enable=YES
            secure_chroot_dir=\(empty.path)
            ssl_enable=YES
            allow_anon_ssl=YES
            force_anon_logins_ssl=YES
            force_anon_data_ssl=YES
            require_ssl_reuse=NO
            rsa_cert_file=\(certificate.path)
            rsa_private_key_file=\(key.path)
            seccomp_sandbox=NO
            vsftpd_log_file=\(root.path)/vsftpd.log

            """.write(to: config, atomically: true, encoding: .utf8)
        server = try PeerProcess(vsftpd, [config.path], port: port, log: root.appendingPathComponent("vsftpd.out"))
    }

    /// Stops vsftpd and removes the directory.
    func tearDown() {
        server.stop()
        try? FileManager.default.removeItem(at: root)
    }

    /// Explicit-TLS pickup settings trusting the throw-away certificate.
    func settings(security: FTPSecurity = .explicitTLS, caFile: String? = nil) -> FTPPickupSettings {
        FTPPickupSettings(host: "127.0.0.1", port: port, user: "anonymous", security: security,
                          caFile: caFile ?? certificate.path,
                          pickup: PickupSettings(remoteDirectory: "out", pattern: "cdr_*", after: .delete,
                                                 stagingDirectory: staging.path, settleSeconds: 0.3),
                          timeoutSeconds: 60)
    }

    /// Writes a remote file (owned by ftp, so the server may delete it).
    func put(_ name: String, _ contents: Data) throws {
        let url = remote.appendingPathComponent(name)
        try contents.write(to: url)
        if let ftp = getpwnam("ftp") { chown(url.path, ftp.pointee.pw_uid, ftp.pointee.pw_gid) }
    }

    /// The names in the remote directory.
    var remoteNames: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: remote.path)) ?? []).sorted() }
}
