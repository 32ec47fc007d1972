import FileTransports
import Foundation
import TestSupport
import XCTest

/// A real FTP server (pyftpdlib) on loopback serving `ftp/` with user `cdr` / `ftp-Pa55`, and the
/// settings of an ``FTPPickup`` collecting from `ftp/out`.
final class FTPServerFixture: @unchecked Sendable {
    let root: URL
    let served: URL
    let remote: URL
    let staging: URL
    let passwordFile: URL
    let port: Int
    let sink = RecordingSink()
    let logs = LogLines()
    private let server: PeerProcess

    init() throws {
        let python = try Peers.require(["/usr/bin/python3"], package: "python3")
        let check = try TestEnvironment.run(python, ["-c", "import pyftpdlib"])
        guard check.status == 0 else {
            throw MissingPeer("python3 module pyftpdlib", package: "python3-pyftpdlib")
        }
        root = try TestEnvironment.makeTemporaryDirectory("ftp-pickup")
        served = root.appendingPathComponent("ftp")
        remote = served.appendingPathComponent("out")
        staging = root.appendingPathComponent("staging")
        try FileManager.default.createDirectory(at: remote, withIntermediateDirectories: true)
        passwordFile = root.appendingPathComponent("ftp.password")
        try "ftp-Pa55\n".write(to: passwordFile, atomically: true, encoding: .utf8)
        port = Peers.freePort()
        server = try PeerProcess(python, ["-m", "pyftpdlib", "-i", "127.0.0.1", "-p", String(port), "-d", served.path,
                                          "-u", "cdr", "-P", "ftp-Pa55", "-w"],
                                 port: port, log: root.appendingPathComponent("ftpd.log"))
    }

    /// Stops the server and removes the directory.
    func tearDown() {
        server.stop()
        try? FileManager.default.removeItem(at: root)
    }

    /// Pickup settings for this server.
    func settings(after: PickupAfter, directory: String = "out", passwordFile: URL? = nil) -> FTPPickupSettings {
        FTPPickupSettings(host: "127.0.0.1", port: port, user: "cdr", passwordFile: (passwordFile ?? self.passwordFile).path,
                          pickup: PickupSettings(remoteDirectory: directory, pattern: "cdr_*", after: after,
                                                 stagingDirectory: staging.path, settleSeconds: 0.3),
                          timeoutSeconds: 60)
    }

    /// A pickup delivering to ``sink``.
    func pickup(after: PickupAfter, directory: String = "out") -> FTPPickup {
        FTPPickup(settings: settings(after: after, directory: directory), sink: sink, log: logs.sink)
    }

    /// Writes a remote file.
    func put(_ name: String, _ contents: Data) throws {
        try contents.write(to: remote.appendingPathComponent(name))
    }

    /// The names in the remote directory.
    var remoteNames: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: remote.path)) ?? []).sorted() }
}
