import FileTransports
import Foundation
import XCTest

/// FTP pickup against a real FTP server (pyftpdlib): new finished files are fetched once, deleted (DELE)
/// or remembered only after the sink accepted them; refused files stay.
final class FTPPickupCollectsFilesTests: XCTestCase {
    private var fixture: FTPServerFixture!

    override func setUpWithError() throws { fixture = try FTPServerFixture() }
    override func tearDown() { fixture?.tearDown() }

    func testDeleteModeFetchesNewFilesOnceAndDeletesOnlyAfterDelivery() throws {
        try fixture.put("cdr_1", Data("first\r\nsecond\n".utf8))
        try fixture.put("cdr_2 with space", binaryContents(count: 150_000))
        try fixture.put("_cdr_3", Data("in progress".utf8))
        try fixture.put(".cdr_4", Data("hidden".utf8))
        try fixture.put("other.txt", Data("not a CDR".utf8))
        try FileManager.default.createDirectory(at: fixture.remote.appendingPathComponent("cdr_dir"), withIntermediateDirectories: true)
        let remote = fixture.remote
        let presentWhenDelivered = LogLines()
        fixture.sink.observer = { file in
            presentWhenDelivered.sink("\(file.name):\(FileManager.default.fileExists(atPath: remote.appendingPathComponent(file.name).path))")
        }
        let pickup = fixture.pickup(after: .delete)
        let first = try pickup.poll()
        XCTAssertEqual(first.delivered, ["cdr_1", "cdr_2 with space"])
        XCTAssertEqual(fixture.sink.received.map(\.contents), [Data("first\r\nsecond\n".utf8), binaryContents(count: 150_000)])
        XCTAssertEqual(fixture.sink.received.first?.file.peer, "ftp://127.0.0.1:\(fixture.port)/out")
        XCTAssertEqual(presentWhenDelivered.lines, ["cdr_1:true", "cdr_2 with space:true"])
        XCTAssertEqual(fixture.remoteNames, [".cdr_4", "_cdr_3", "cdr_dir", "other.txt"])
        XCTAssertEqual(try pickup.poll(), PickupResult())
        XCTAssertEqual(fixture.sink.attempts, 2)
    }

    func testKeepModeDoesNotFetchAgainAfterRestart() throws {
        try fixture.put("cdr_a", Data("a\n".utf8))
        let state = fixture.root.appendingPathComponent("ftp-state.json")
        XCTAssertEqual(try fixture.pickup(after: .keep(stateFile: state.path)).poll().delivered, ["cdr_a"])
        XCTAssertEqual(fixture.remoteNames, ["cdr_a"])
        let restarted = fixture.pickup(after: .keep(stateFile: state.path))
        XCTAssertEqual(try restarted.poll(), PickupResult())
        try fixture.put("cdr_b", Data("b\n".utf8))
        XCTAssertEqual(try restarted.poll().delivered, ["cdr_b"])
        XCTAssertEqual(fixture.sink.names, ["cdr_a", "cdr_b"])
    }

    func testRefusedFileStaysOnTheServerAndComesAgain() throws {
        try fixture.put("cdr_r", Data("refused once\n".utf8))
        fixture.sink.refuse = true
        let pickup = fixture.pickup(after: .delete)
        XCTAssertEqual(try pickup.poll().refused, ["cdr_r"])
        XCTAssertEqual(fixture.remoteNames, ["cdr_r"])
        fixture.sink.refuse = false
        XCTAssertEqual(try pickup.poll().delivered, ["cdr_r"])
        XCTAssertEqual(fixture.remoteNames, [])
    }

    func testAbsoluteDirectoryIsFromTheServerRoot() throws {
        try fixture.put("cdr_abs", Data("x\n".utf8))
        XCTAssertEqual(try fixture.pickup(after: .delete, directory: "/out").poll().delivered, ["cdr_abs"])
        XCTAssertEqual(fixture.remoteNames, [])
    }

    func testWrongPasswordIsAnAuthenticationError() throws {
        try fixture.put("cdr_1", Data("x".utf8))
        let wrong = fixture.root.appendingPathComponent("wrong.password")
        try "nope-nope\n".write(to: wrong, atomically: true, encoding: .utf8)
        let pickup = FTPPickup(settings: fixture.settings(after: .delete, passwordFile: wrong), sink: fixture.sink)
        XCTAssertThrowsError(try pickup.poll()) { error in
            guard case .authentication(let host, let port, let user, let reason) = error as? FileTransportError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual([host, String(port), user], ["127.0.0.1", String(fixture.port), "cdr"])
            XCTAssertFalse(reason.contains("nope-nope"))
        }
        XCTAssertEqual(fixture.remoteNames, ["cdr_1"])
    }

    func testUnreadableStateFileIsAnErrorNamingIt() throws {
        try fixture.put("cdr_s", Data("x".utf8))
        let state = fixture.root.appendingPathComponent("broken-state.json")
        try Data("{not json".utf8).write(to: state)
        XCTAssertThrowsError(try fixture.pickup(after: .keep(stateFile: state.path)).poll()) { error in
            guard case .stateFile(let path, _) = error as? FileTransportError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, state.path)
        }
        XCTAssertEqual(fixture.sink.attempts, 0)
        XCTAssertEqual(fixture.remoteNames, ["cdr_s"])
    }
}
