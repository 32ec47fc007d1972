import FileTransports
import Foundation
import XCTest

/// Password and public-key logins: the right credential works, a wrong one is refused, logs keep secrets.
final class SFTPLoginsAreCheckedTests: XCTestCase {
    private var fixture: SFTPServerFixture!

    override func setUpWithError() throws { fixture = try SFTPServerFixture() }
    override func tearDown() { fixture?.tearDown() }

    func testRightPasswordUploads() throws {
        let file = try fixture.localFile("cdr_a", Data("row\n".utf8))
        let result = try fixture.sftp(["put \(file.path)"], login: .password(fixture.passwordFile))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(fixture.sink.names, ["cdr_a"])
        XCTAssertTrue(fixture.logs.lines.contains("SFTP login billing@127.0.0.1 (password)"), "\(fixture.logs.lines)")
    }

    func testWrongPasswordIsRefusedAndNotLogged() throws {
        let wrong = fixture.root.appendingPathComponent("wrong.password")
        try "Wr0ng-guess-77\n".write(to: wrong, atomically: true, encoding: .utf8)
        let file = try fixture.localFile("cdr_b", Data("row\n".utf8))
        let result = try fixture.sftp(["put \(file.path)"], login: .password(wrong))
        XCTAssertNotEqual(result.status, 0)
        XCTAssertEqual(fixture.sink.attempts, 0)
        let lines = fixture.logs.lines
        XCTAssertTrue(lines.contains("SFTP login refused for user billing from 127.0.0.1 (password)"), "\(lines)")
        XCTAssertFalse(lines.contains { $0.contains("Wr0ng-guess-77") || $0.contains(SFTPServerFixture.password) })
    }

    func testPasswordOfAnAccountWithoutPasswordFileIsRefused() throws {
        let file = try fixture.localFile("cdr_c", Data("row\n".utf8))
        let result = try fixture.sftp(["put \(file.path)"], user: "other", login: .password(fixture.passwordFile))
        XCTAssertNotEqual(result.status, 0)
        XCTAssertEqual(fixture.sink.attempts, 0)
    }

    func testKeyOfAnotherAccountIsRefused() throws {
        let file = try fixture.localFile("cdr_d", Data("row\n".utf8))
        let result = try fixture.sftp(["put \(file.path)"], user: "billing", login: .key(fixture.otherKey))
        XCTAssertNotEqual(result.status, 0)
        XCTAssertEqual(fixture.sink.attempts, 0)
        XCTAssertTrue(fixture.logs.lines.contains("SFTP login refused for user billing from 127.0.0.1 (public key)"))
    }

    func testUnknownUserIsRefused() throws {
        let file = try fixture.localFile("cdr_e", Data("row\n".utf8))
        let result = try fixture.sftp(["put \(file.path)"], user: "nobody", login: .key(fixture.clientKey))
        XCTAssertNotEqual(result.status, 0)
        XCTAssertEqual(fixture.sink.attempts, 0)
    }
}
