import FileTransports
import Foundation
import XCTest

/// Files pushed with OpenSSH's `sftp put` reach the sink byte for byte, and nothing stays behind.
final class SFTPUploadsReachTheSinkTests: XCTestCase {
    private var fixture: SFTPServerFixture!

    override func setUpWithError() throws { fixture = try SFTPServerFixture() }
    override func tearDown() { fixture?.tearDown() }

    func testPutWithKeyDeliversExactBytesAndLeavesTheDirectoryEmpty() throws {
        let small = Data("cdrRecordType,globalCallID_callManagerId\n1,2\n".utf8)
        let large = binaryContents(count: 300_000)
        let a = try fixture.localFile("cdr_StandAloneCluster_01_202503101200_1", small)
        let b = try fixture.localFile("cdr_StandAloneCluster_01_202503101201_2", large)
        let result = try fixture.sftp(["put \(a.path)", "put \(b.path)"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(fixture.sink.names, ["cdr_StandAloneCluster_01_202503101200_1", "cdr_StandAloneCluster_01_202503101201_2"])
        XCTAssertEqual(fixture.sink.received.map(\.contents), [small, large])
        XCTAssertEqual(fixture.sink.received.map(\.file.size), [Int64(small.count), 300_000])
        XCTAssertEqual(fixture.sink.received.first?.file.peer, "sftp:billing@127.0.0.1")
        XCTAssertEqual(fixture.contents(of: fixture.billingDirectory), [])
    }

    func testEmptyFileIsDelivered() throws {
        let empty = try fixture.localFile("cmr_StandAloneCluster_01_202503101200_3", Data())
        let result = try fixture.sftp(["put \(empty.path)"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(fixture.sink.received.map(\.file.size), [0])
    }

    func testHostKeyIsGeneratedPrivateAndKeptAcrossRestarts() throws {
        let attributes = try FileManager.default.attributesOfItem(atPath: fixture.hostKey.path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        XCTAssertTrue(fixture.server.hostKeyFingerprint.hasPrefix("SHA256:"))
        let before = try Data(contentsOf: fixture.hostKey)
        let settings = SFTPServerSettings(host: "127.0.0.1", port: 0, hostKeyPath: fixture.hostKey.path, accounts: [
            SFTPAccount(user: "x", passwordFile: fixture.passwordFile.path, uploadDirectory: fixture.otherDirectory.path),
        ])
        let second = SFTPServer(settings: settings, sink: RecordingSink())
        try second.start()
        second.stop()
        XCTAssertEqual(second.hostKeyFingerprint, fixture.server.hostKeyFingerprint)
        XCTAssertEqual(try Data(contentsOf: fixture.hostKey), before)
    }

    func testRenameAfterUploadIsAcknowledgedAndTheFileDeliveredOnce() throws {
        let file = try fixture.localFile("payload", Data("rows\n".utf8))
        let result = try fixture.sftp(["put \(file.path) cdr_x.tmp", "rename cdr_x.tmp cdr_x", "ls -l cdr_x"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(fixture.sink.names, ["cdr_x.tmp"])
        XCTAssertEqual(fixture.contents(of: fixture.billingDirectory), [])
    }

    func testStaleStagingFilesAreRemovedAtStart() throws {
        let stale = fixture.billingDirectory.appendingPathComponent(".tollbook-upload-left-by-a-crash")
        try Data("half a file".utf8).write(to: stale)
        let settings = SFTPServerSettings(host: "127.0.0.1", port: 0, hostKeyPath: fixture.hostKey.path, accounts: [
            SFTPAccount(user: "billing", passwordFile: fixture.passwordFile.path, uploadDirectory: fixture.billingDirectory.path),
        ])
        let restarted = SFTPServer(settings: settings, sink: fixture.sink)
        try restarted.start()
        restarted.stop()
        XCTAssertEqual(fixture.contents(of: fixture.billingDirectory), [])
        XCTAssertEqual(fixture.sink.attempts, 0)
    }

    func testPutWithFsyncAndPreservedTimesSucceeds() throws {
        let file = try fixture.localFile("cdr_f", Data("rows\n".utf8))
        let result = try fixture.sftp(["put -f -p \(file.path)"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(fixture.sink.names, ["cdr_f"])
    }

    func testMissingUploadDirectoryFailsTheStart() throws {
        let missing = fixture.root.appendingPathComponent("no-such-dir").path
        let settings = SFTPServerSettings(host: "127.0.0.1", port: 0, hostKeyPath: fixture.hostKey.path, accounts: [
            SFTPAccount(user: "billing", passwordFile: fixture.passwordFile.path, uploadDirectory: missing),
        ])
        XCTAssertThrowsError(try SFTPServer(settings: settings, sink: fixture.sink).start()) { error in
            XCTAssertEqual("\(error)", "invalid file transport settings: upload directory \(missing) of SFTP user billing does not exist")
        }
    }
}
