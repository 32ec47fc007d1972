import FileTransports
import Foundation
import TestSupport
import XCTest

/// A real OpenSSH `sshd` on loopback (key logins for the current user, internal-sftp) with a remote
/// directory to collect from, and the settings of an ``SFTPPickup`` pointed at it.
final class SSHDFixture: @unchecked Sendable {
    let root: URL
    let remote: URL
    let staging: URL
    let clientKey: URL
    let hostFingerprint: String
    let port: Int
    let user: String
    let sink = RecordingSink()
    let logs = LogLines()
    private let sshd: PeerProcess

    init() throws {
        let sshdPath = try Peers.sshd()
        root = try TestEnvironment.makeTemporaryDirectory("sftp-pickup")
        remote = root.appendingPathComponent("remote")
        staging = root.appendingPathComponent("staging")
        try FileManager.default.createDirectory(at: remote, withIntermediateDirectories: true)
        user = String(cString: getpwuid(geteuid()).pointee.pw_name)
        let hostKey = root.appendingPathComponent("host_ed25519")
        try Peers.makeKey(at: hostKey)
        let fingerprint = try TestEnvironment.run(try Peers.sshKeygen(), ["-l", "-f", hostKey.path + ".pub"])
        hostFingerprint = fingerprint.stdout.split(separator: " ").dropFirst().first.map(String.init) ?? ""
        clientKey = root.appendingPathComponent("client_key")
        try Peers.makeKey(at: clientKey).write(to: root.appendingPathComponent("\(user).keys"), atomically: true, encoding: .utf8)
        port = Peers.freePort()
        let config = """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(hostKey.path)
            PidFile \(root.path)/sshd.pid
            AuthorizedKeysFile \(root.path)/%u.keys
            StrictModes no
            UsePAM no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            Subsystem sftp internal-sftp
            """
        let configFile = root.appendingPathComponent("sshd_config")
        try config.write(to: configFile, atomically: true, encoding: .utf8)
        try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        sshd = try PeerProcess(sshdPath, ["-D", "-e", "-f", configFile.path], port: port,
                               log: root.appendingPathComponent("sshd.log"))
    }

    /// Stops sshd and removes the directory.
    func tearDown() {
        sshd.stop()
        try? FileManager.default.removeItem(at: root)
    }

    /// Pickup settings for this server (key login, known fingerprint, absolute remote directory).
    func settings(after: PickupAfter, pattern: String = "cdr_*", settle: Double = 0.3,
                  hostKey: SSHHostKeyCheck? = nil, key: URL? = nil) -> SFTPPickupSettings {
        SFTPPickupSettings(host: "127.0.0.1", port: port, user: user, privateKeyFile: (key ?? clientKey).path,
                           hostKey: hostKey ?? .fingerprint(hostFingerprint),
                           pickup: PickupSettings(remoteDirectory: remote.path, pattern: pattern, after: after,
                                                  stagingDirectory: staging.path, settleSeconds: settle),
                           timeoutSeconds: 60)
    }

    /// A pickup for this server delivering to ``sink``.
    func pickup(after: PickupAfter, settle: Double = 0.3, hostKey: SSHHostKeyCheck? = nil) -> SFTPPickup {
        SFTPPickup(settings: settings(after: after, settle: settle, hostKey: hostKey), sink: sink, log: logs.sink)
    }

    /// Writes a remote file.
    func put(_ name: String, _ contents: Data) throws {
        try contents.write(to: remote.appendingPathComponent(name))
    }

    /// The names in the remote directory.
    var remoteNames: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: remote.path)) ?? []).sorted() }
}
