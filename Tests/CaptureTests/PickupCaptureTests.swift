import Foundation
import TestSupport
import XCTest

/// `tollbook serve` fetching CDR files from a real FTP server (pyftpdlib): files are stored as
/// `tollbook import` stores them and deleted on the server only once they are in the journal.
final class PickupCaptureTests: XCTestCase {
    private var harness: ServiceHarness!
    private var server: Process?

    override func setUpWithError() throws {
        let check = try TestEnvironment.run(URL(fileURLWithPath: "/usr/bin/python3"), ["-c", "import pyftpdlib"])
        guard check.status == 0 else { throw MissingPeer("python3 module pyftpdlib", package: "python3-pyftpdlib") }
        harness = try ServiceHarness()
    }

    override func tearDown() {
        harness?.stop()
        server?.terminate()
        server?.waitUntilExit()
        harness = nil
    }

    func testFilesOnAnFTPServerAreFetchedStoredAndDeleted() throws {
        let served = harness.directory.appendingPathComponent("ftp")
        let outbox = served.appendingPathComponent("cdr")
        try FileManager.default.createDirectory(at: outbox, withIntermediateDirectories: true)
        let port = try ServiceHarness.freePort()
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        server.arguments = ["-m", "pyftpdlib", "-i", "127.0.0.1", "-p", String(port), "-d", served.path, "-u", "cdr", "-P", "ftp-Pa55", "-w"]
        server.standardError = FileHandle.nullDevice
        server.standardOutput = FileHandle.nullDevice
        try server.run()
        self.server = server
        try "ftp-Pa55\n".write(to: harness.directory.appendingPathComponent("ftp.pw"), atomically: true, encoding: .utf8)
        try harness.writeConfiguration(connectors: """
                  - name: cucm
                    plugin: cisco.cucm
                    transport: { type: ftp_pickup, host: 127.0.0.1, port: \(port), user: cdr, password_file: ftp.pw, path: /cdr, pattern: "cdr_*", interval_s: 1 }
            """)
        let cisco = TestEnvironment.fixtures.appendingPathComponent("cisco")
        let files = ["cdr_133_basic.txt", "cdr_hunt_group.txt"].map { cisco.appendingPathComponent($0) }
        let expected = try harness.referenceCalls(connector: "cisco.cucm", source: "cucm", files: files.map(\.path))
        for file in files { try FileManager.default.copyItem(at: file, to: outbox.appendingPathComponent(file.lastPathComponent)) }
        try "not a CDR file".write(to: outbox.appendingPathComponent("readme.txt"), atomically: true, encoding: .utf8)
        try harness.start()
        XCTAssertTrue(harness.wait(timeout: 90) {
            harness.callCount() == expected.count
                && (try? FileManager.default.contentsOfDirectory(atPath: outbox.path)) == ["readme.txt"]
        }, "\(harness.callCount()) of \(expected.count); left: \((try? FileManager.default.contentsOfDirectory(atPath: outbox.path)) ?? [])\n\(harness.log)")
        harness.stop()
        XCTAssertEqual(try harness.storedCalls(), expected)
    }
}
