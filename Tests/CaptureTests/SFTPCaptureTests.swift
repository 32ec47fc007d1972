import Foundation
import TestSupport
import XCTest

/// `tollbook serve` as a CUCM billing server: OpenSSH's `sftp` client pushes CDR files to the
/// built-in SFTP server; they are stored as `tollbook import` stores them, and the upload is
/// confined to the account's folder.
final class SFTPCaptureTests: XCTestCase {
    private var harness: ServiceHarness!

    override func setUpWithError() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sftp") else { throw MissingPeer("/usr/bin/sftp", package: "openssh-client") }
        harness = try ServiceHarness()
    }

    override func tearDown() {
        harness?.stop()
        harness = nil
    }

    func testFilesPushedWithOpenSSHsSftpAreStored() throws {
        let port = try ServiceHarness.freePort()
        let key = harness.directory.appendingPathComponent("cucm_key").path
        let keygen = try TestEnvironment.run(URL(fileURLWithPath: "/usr/bin/ssh-keygen"), ["-q", "-t", "ed25519", "-N", "", "-f", key])
        XCTAssertEqual(keygen.status, 0, keygen.stderr)
        try FileManager.default.copyItem(atPath: key + ".pub", toPath: harness.directory.appendingPathComponent("cucm.keys").path)
        try harness.writeConfiguration(connectors: """
                  - name: cucm
                    plugin: cisco.cucm
                    transport:
                      type: sftp_server
                      listen: "127.0.0.1:\(port)"
                      accounts:
                        - { user: billing, authorized_keys: cucm.keys }
            """)
        try harness.start()
        let cisco = TestEnvironment.fixtures.appendingPathComponent("cisco")
        let files = ["cdr_133_basic.txt", "cdr_forwards.txt"].map { cisco.appendingPathComponent($0).path }
        let expected = try harness.referenceCalls(connector: "cisco.cucm", source: "cucm", files: files)
        let batch = harness.directory.appendingPathComponent("batch").path
        try (files.map { "put \($0)" }.joined(separator: "\n") + "\n").write(toFile: batch, atomically: true, encoding: .utf8)
        let sftp = try TestEnvironment.run(URL(fileURLWithPath: "/usr/bin/sftp"), [
            "-b", batch, "-P", String(port), "-i", key, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
            "-o", "BatchMode=yes", "billing@127.0.0.1",
        ])
        XCTAssertEqual(sftp.status, 0, sftp.stderr + harness.log)
        XCTAssertTrue(harness.wait(timeout: 60) { harness.callCount() == expected.count }, harness.log)
        XCTAssertEqual(try harness.storedCalls(), expected)

        // Outside its folder the account can put nothing.
        try "put \(files[0]) ../escaped.txt\n".write(toFile: batch, atomically: true, encoding: .utf8)
        let escape = try TestEnvironment.run(URL(fileURLWithPath: "/usr/bin/sftp"), [
            "-b", batch, "-P", String(port), "-i", key, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
            "-o", "BatchMode=yes", "billing@127.0.0.1",
        ])
        XCTAssertNotEqual(escape.status, 0)
        let stateFolder = harness.dataDirectory + "/state/cucm"
        XCTAssertFalse(FileManager.default.fileExists(atPath: stateFolder + "/uploads/escaped.txt"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: stateFolder + "/escaped.txt"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: stateFolder + "/ssh_host_ed25519_key"), "host key made on first start")
    }
}
