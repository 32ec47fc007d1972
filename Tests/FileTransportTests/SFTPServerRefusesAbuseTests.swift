import FileTransports
import Foundation
import TestSupport
import XCTest

/// The SFTP server against hostile or careless clients: names past the journal's limit are
/// refused at open, in-progress names (`_…`, `.…`) are read only once renamed, client-supplied
/// text reaches the log escaped and cut, and silent connections cannot keep real logins out.
final class SFTPServerRefusesAbuseTests: XCTestCase {
    private var fixture: SFTPServerFixture!

    override func setUpWithError() throws { fixture = try SFTPServerFixture() }
    override func tearDown() { fixture?.tearDown() }

    func testANameLongerThanTheJournalLimitIsRefusedAtOpen() throws {
        let file = try fixture.localFile("payload", Data("rows\n".utf8))
        let long = String(repeating: "n", count: 1100)
        let result = try fixture.sftp(["put \(file.path) \(long)"])
        XCTAssertNotEqual(result.status, 0, "the client must see the refusal")
        XCTAssertEqual(fixture.sink.attempts, 0)
        XCTAssertTrue(fixture.logs.lines.contains { $0.contains("name of 1100 bytes (limit 1024)") }, "\(fixture.logs.lines)")
        XCTAssertEqual(fixture.contents(of: fixture.billingDirectory), [])
        // The longest accepted name still goes through.
        let limit = String(repeating: "m", count: 1024)
        XCTAssertEqual(try fixture.sftp(["put \(file.path) \(limit)"]).status, 0)
        XCTAssertEqual(fixture.sink.names, [limit])
    }

    func testInProgressNamesAreDeliveredOnlyUnderTheirFinalName() throws {
        let file = try fixture.localFile("payload", Data("rows\n".utf8))
        let renamed = try fixture.sftp(["put \(file.path) _cdr_1", "rename _cdr_1 cdr_1"])
        XCTAssertEqual(renamed.status, 0, renamed.stderr)
        XCTAssertEqual(fixture.sink.names, ["cdr_1"])
        XCTAssertEqual(fixture.sink.received.map(\.contents), [Data("rows\n".utf8)])
        let abandoned = try fixture.sftp(["put \(file.path) .cdr_2", "put \(file.path) _cdr_3"])
        XCTAssertEqual(abandoned.status, 0, abandoned.stderr)
        XCTAssertEqual(fixture.sink.names, ["cdr_1"], "files never renamed are not read")
        XCTAssertEqual(fixture.contents(of: fixture.billingDirectory), [], "and their staging files are removed")
    }

    func testClientNamesReachTheLogEscapedAndCut() throws {
        let file = try fixture.localFile("payload", Data("rows\n".utf8))
        let name = String(repeating: "x", count: 1000)
        XCTAssertEqual(try fixture.sftp(["put \(file.path) \(name)"]).status, 0)
        let line = try XCTUnwrap(fixture.logs.lines.first { $0.hasPrefix("SFTP received") })
        XCTAssertEqual(line, "SFTP received \(String(repeating: "x", count: 200))… (800 more characters) (5 bytes) from sftp:billing@127.0.0.1")
    }

    func testLogTextEscapesControlCharacters() {
        XCTAssertEqual(LogText.clean("cdr\nSFTP login admin@10.0.0.1 (password)"), "cdr\\nSFTP login admin@10.0.0.1 (password)")
        XCTAssertEqual(LogText.clean("a\r\tb\u{1B}[31m\u{7F}\u{85}\u{2028}\\"), "a\\r\\tb\\u{1b}[31m\\u{7f}\\u{85}\\u{2028}\\\\")
        XCTAssertEqual(LogText.clean("abcdef", limit: 3), "abc… (3 more characters)")
    }

    func testSilentConnectionsDoNotKeepALoginOutLongerThanThePreAuthTimeout() throws {
        var settings = SFTPServerSettings(host: "127.0.0.1", port: 0, hostKeyPath: fixture.hostKey.path, accounts: [
            SFTPAccount(user: "billing", passwordFile: fixture.passwordFile.path,
                        authorizedKeysFile: fixture.root.appendingPathComponent("billing.keys").path,
                        uploadDirectory: fixture.billingDirectory.path),
        ])
        settings.preAuthTimeoutSeconds = 2
        settings.maxPreAuthPerSource = 4
        settings.maxPreAuthConnections = 8
        let logs = LogLines()
        let sink = RecordingSink()
        let server = SFTPServer(settings: settings, sink: sink, log: logs.sink)
        try server.start()
        defer { server.stop() }
        let silent = (0..<32).compactMap { _ in Self.connect(port: server.port) }
        defer { silent.forEach { close($0) } }
        XCTAssertEqual(silent.count, 32)
        let file = try fixture.localFile("cdr_silent", Data("rows\n".utf8))
        let started = Date()
        var delivered = false
        while !delivered, Date().timeIntervalSince(started) < 30 {
            let result = try Peers.runSFTP(["put \(file.path)"], port: server.port, user: "billing", login: .key(fixture.clientKey),
                                           in: fixture.root)
            delivered = result.status == 0
            if !delivered { usleep(200_000) }
        }
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertTrue(delivered)
        XCTAssertLessThan(elapsed, 10, "a login waits for the pre-auth timeout (2 s), not for the silent clients")
        XCTAssertEqual(sink.names, ["cdr_silent"])
        XCTAssertTrue(logs.lines.contains { $0.contains("4 connections from this address are not logged in yet") }, "\(logs.lines.prefix(5))")
        XCTAssertTrue(logs.lines.contains { $0.contains("did not log in within 2 s") || $0.contains("key exchange") }, "\(logs.lines.suffix(5))")
    }

    func testConnectionsFromOutsideTheAllowListAreRefused() throws {
        var settings = SFTPServerSettings(host: "127.0.0.1", port: 0, hostKeyPath: fixture.hostKey.path, accounts: [
            SFTPAccount(user: "billing", passwordFile: fixture.passwordFile.path,
                        authorizedKeysFile: fixture.root.appendingPathComponent("billing.keys").path,
                        uploadDirectory: fixture.billingDirectory.path),
        ])
        settings.allow = ["192.0.2.0/24"]
        let logs = LogLines()
        let sink = RecordingSink()
        let server = SFTPServer(settings: settings, sink: sink, log: logs.sink)
        try server.start()
        defer { server.stop() }
        let file = try fixture.localFile("cdr_outside", Data("rows\n".utf8))
        let result = try Peers.runSFTP(["put \(file.path)"], port: server.port, user: "billing", login: .key(fixture.clientKey),
                                       in: fixture.root)
        XCTAssertNotEqual(result.status, 0)
        XCTAssertEqual(sink.attempts, 0)
        XCTAssertTrue(logs.lines.contains { $0 == "SFTP connection from 127.0.0.1 refused: address not allowed" }, "\(logs.lines)")
    }

    /// A TCP connection to `port` on loopback that never says anything.
    private static func connect(port: Int) -> Int32? {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Foundation.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(socket)
            return nil
        }
        return socket
    }
}
