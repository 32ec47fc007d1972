import FileTransports
import Foundation
import XCTest

/// SFTP pickup refuses a server with an unexpected host key and reports failed logins by host and user.
final class SFTPPickupChecksTheServerTests: XCTestCase {
    private var fixture: SSHDFixture!

    override func setUpWithError() throws { fixture = try SSHDFixture() }
    override func tearDown() { fixture?.tearDown() }

    func testWrongFingerprintIsRefusedBeforeLogin() throws {
        try fixture.put("cdr_1", Data("x".utf8))
        let wrong = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
        XCTAssertThrowsError(try fixture.pickup(after: .delete, hostKey: .fingerprint(wrong)).poll()) { error in
            XCTAssertEqual(error as? FileTransportError, .hostKeyMismatch(host: "127.0.0.1", port: fixture.port,
                                                                            expected: wrong, actual: fixture.hostFingerprint))
        }
        XCTAssertEqual(fixture.sink.attempts, 0)
        XCTAssertEqual(fixture.remoteNames, ["cdr_1"])
    }

    func testTrustOnFirstUseStoresTheKeyAndThenRequiresIt() throws {
        let known = fixture.root.appendingPathComponent("known-host")
        try fixture.put("cdr_1", Data("x".utf8))
        XCTAssertEqual(try fixture.pickup(after: .delete, hostKey: .trustOnFirstUse(file: known.path)).poll().delivered, ["cdr_1"])
        XCTAssertEqual(try String(contentsOf: known, encoding: .utf8), fixture.hostFingerprint + "\n")
        try "SHA256:somebody-else\n".write(to: known, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try fixture.pickup(after: .delete, hostKey: .trustOnFirstUse(file: known.path)).poll()) { error in
            guard case .hostKeyMismatch = error as? FileTransportError else { return XCTFail("\(error)") }
        }
    }

    func testUnknownKeyFailsTheLoginWithHostAndUser() throws {
        let stranger = fixture.root.appendingPathComponent("stranger")
        try Peers.makeKey(at: stranger)
        let pickup = SFTPPickup(settings: fixture.settings(after: .delete, key: stranger), sink: fixture.sink)
        XCTAssertThrowsError(try pickup.poll()) { error in
            XCTAssertEqual(error as? FileTransportError, .authentication(host: "127.0.0.1", port: fixture.port, user: fixture.user,
                                                                           reason: "the server refused the key or password"))
            XCTAssertEqual("\(error)", "login as \(fixture.user) at 127.0.0.1:\(fixture.port) failed: the server refused the key or password")
        }
    }
}
