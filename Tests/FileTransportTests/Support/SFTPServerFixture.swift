import FileTransports
import Foundation
import TestSupport
import XCTest

/// A running ``SFTPServer`` on loopback with two accounts in a temporary directory:
/// `billing` (key and password `s3cret-Pa55`) uploading to `upload-billing`, `other` (key) to `upload-other`.
final class SFTPServerFixture: @unchecked Sendable {
    let root: URL
    let sink = RecordingSink()
    let logs = LogLines()
    let server: SFTPServer
    let clientKey: URL
    let otherKey: URL
    let passwordFile: URL
    let billingDirectory: URL
    let otherDirectory: URL
    let hostKey: URL
    static let password = "s3cret-Pa55"

    init() throws {
        _ = try Peers.sftp()
        root = try TestEnvironment.makeTemporaryDirectory("sftp-server")
        clientKey = root.appendingPathComponent("client_key")
        otherKey = root.appendingPathComponent("other_key")
        let billingKeys = root.appendingPathComponent("billing.keys")
        let otherKeys = root.appendingPathComponent("other.keys")
        try ("# billing's key\nno-pty " + Peers.makeKey(at: clientKey)).write(to: billingKeys, atomically: true, encoding: .utf8)
        try Peers.makeKey(at: otherKey).write(to: otherKeys, atomically: true, encoding: .utf8)
        passwordFile = root.appendingPathComponent("billing.password")
        try (Self.password + "\n").write(to: passwordFile, atomically: true, encoding: .utf8)
        billingDirectory = root.appendingPathComponent("upload-billing")
        otherDirectory = root.appendingPathComponent("upload-other")
        for directory in [billingDirectory, otherDirectory] {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        hostKey = root.appendingPathComponent("keys/host_ed25519")
        let settings = SFTPServerSettings(host: "127.0.0.1", port: 0, hostKeyPath: hostKey.path, accounts: [
            SFTPAccount(user: "billing", passwordFile: passwordFile.path, authorizedKeysFile: billingKeys.path,
                        uploadDirectory: billingDirectory.path),
            SFTPAccount(user: "other", authorizedKeysFile: otherKeys.path, uploadDirectory: otherDirectory.path),
        ])
        server = SFTPServer(settings: settings, sink: sink, log: logs.sink)
        try server.start()
    }

    /// Stops the server and removes the directory.
    func tearDown() {
        server.stop()
        try? FileManager.default.removeItem(at: root)
    }

    /// Writes a local file to upload and returns its URL.
    func localFile(_ name: String, _ contents: Data) throws -> URL {
        let url = root.appendingPathComponent(name)
        try contents.write(to: url)
        return url
    }

    /// Runs `sftp` as `user` with `commands`.
    func sftp(_ commands: [String], user: String = "billing", login: Peers.Login? = nil) throws -> TestEnvironment.CommandResult {
        try Peers.runSFTP(commands, port: server.port, user: user, login: login ?? .key(clientKey), in: root)
    }

    /// The names in a directory (hidden ones included).
    func contents(of directory: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
    }
}

/// Bytes of every value 0…255, repeated: NULs, CR/LF and high bytes must arrive unchanged.
func binaryContents(count: Int) -> Data {
    Data((0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 / 256) })
}
