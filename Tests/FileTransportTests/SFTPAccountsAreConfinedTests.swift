import FileTransports
import Foundation
import XCTest

/// An account can upload into its own directory and do nothing else: no reading, listing of existing
/// files, paths outside, symlink escapes, or seeing another account's files.
final class SFTPAccountsAreConfinedTests: XCTestCase {
    private var fixture: SFTPServerFixture!

    override func setUpWithError() throws { fixture = try SFTPServerFixture() }
    override func tearDown() { fixture?.tearDown() }

    func testExistingFileCannotBeReadOrListed() throws {
        try Data("secret\n".utf8).write(to: fixture.billingDirectory.appendingPathComponent("kept.csv"))
        let download = fixture.root.appendingPathComponent("download")
        let get = try fixture.sftp(["get kept.csv \(download.path)"])
        XCTAssertNotEqual(get.status, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: download.path))
        let list = try fixture.sftp(["ls -la"])
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertFalse(list.stdout.contains("kept.csv"), list.stdout)
        XCTAssertEqual(fixture.contents(of: fixture.billingDirectory), ["kept.csv"])
    }

    func testPathsOutsideTheDirectoryAreRefused() throws {
        let file = try fixture.localFile("cdr_x", Data("row\n".utf8))
        let outside = fixture.root.appendingPathComponent("escaped")
        for target in ["../escaped", "/tmp/tollbook-escaped-\(UUID().uuidString)", outside.path, "sub/x"] {
            let result = try fixture.sftp(["put \(file.path) \(target)"])
            XCTAssertNotEqual(result.status, 0, "put to \(target) must fail")
        }
        for command in ["mkdir sub", "rm kept", "rename a b", "ln -s /etc/passwd link", "cd ..", "get /etc/hostname"] {
            let result = try fixture.sftp([command])
            XCTAssertNotEqual(result.status, 0, "\(command) must fail")
        }
        XCTAssertEqual(fixture.sink.attempts, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: outside.path))
        XCTAssertEqual(fixture.contents(of: fixture.billingDirectory), [])
    }

    func testSymlinkInTheDirectoryIsNotFollowed() throws {
        let target = fixture.root.appendingPathComponent("outside.txt")
        try Data("original\n".utf8).write(to: target)
        try FileManager.default.createSymbolicLink(atPath: fixture.billingDirectory.appendingPathComponent("link").path,
                                                   withDestinationPath: target.path)
        let file = try fixture.localFile("payload", Data("overwritten\n".utf8))
        let put = try fixture.sftp(["put \(file.path) link"])
        XCTAssertNotEqual(put.status, 0)
        let get = try fixture.sftp(["get link \(fixture.root.appendingPathComponent("fetched").path)"])
        XCTAssertNotEqual(get.status, 0)
        XCTAssertEqual(try Data(contentsOf: target), Data("original\n".utf8))
        XCTAssertEqual(fixture.sink.attempts, 0)
    }

    func testAccountsDoNotSeeEachOther() throws {
        let file = try fixture.localFile("cdr_other", Data("other row\n".utf8))
        let first = try fixture.sftp(["put \(file.path)"], user: "other", login: .key(fixture.otherKey))
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(fixture.sink.received.map(\.file.peer), ["sftp:other@127.0.0.1"])
        try Data("left by other\n".utf8).write(to: fixture.otherDirectory.appendingPathComponent("left.csv"))
        let attempts = try fixture.sftp(["get ../upload-other/left.csv \(fixture.root.appendingPathComponent("g").path)"])
        XCTAssertNotEqual(attempts.status, 0)
        let list = try fixture.sftp(["ls ../upload-other"])
        XCTAssertNotEqual(list.status, 0)
        XCTAssertFalse(list.stdout.contains("left.csv"))
    }
}
