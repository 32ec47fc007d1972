import FileTransports
import Foundation
import XCTest

/// SFTP pickup against a real OpenSSH server: new finished files are fetched once and deleted or
/// remembered only after the sink accepted them.
final class SFTPPickupCollectsFilesTests: XCTestCase {
    private var fixture: SSHDFixture!

    override func setUpWithError() throws { fixture = try SSHDFixture() }
    override func tearDown() { fixture?.tearDown() }

    func testDeleteModeFetchesNewFilesOnceAndDeletesOnlyAfterDelivery() throws {
        try fixture.put("cdr_1", Data("first\n".utf8))
        try fixture.put("cdr_2", binaryContents(count: 200_000))
        try fixture.put("_cdr_3", Data("still being written".utf8))
        try fixture.put(".cdr_4", Data("hidden".utf8))
        try fixture.put("notes.txt", Data("not a CDR".utf8))
        let remote = fixture.remote
        let presentWhenDelivered = LogLines()
        fixture.sink.observer = { file in
            presentWhenDelivered.sink("\(file.name):\(FileManager.default.fileExists(atPath: remote.appendingPathComponent(file.name).path))")
        }
        let pickup = fixture.pickup(after: .delete)
        let first = try pickup.poll()
        XCTAssertEqual(first.delivered, ["cdr_1", "cdr_2"])
        XCTAssertEqual(fixture.sink.received.map(\.contents), [Data("first\n".utf8), binaryContents(count: 200_000)])
        XCTAssertEqual(fixture.sink.received.map(\.file.peer),
                       Array(repeating: "sftp://\(fixture.user)@127.0.0.1:\(fixture.port)\(remote.path)", count: 2))
        XCTAssertEqual(presentWhenDelivered.lines, ["cdr_1:true", "cdr_2:true"])
        XCTAssertEqual(fixture.remoteNames, [".cdr_4", "_cdr_3", "notes.txt"])
        XCTAssertEqual(try pickup.poll(), PickupResult())
        XCTAssertEqual(fixture.sink.attempts, 2)
        XCTAssertEqual((try? FileManager.default.contentsOfDirectory(atPath: fixture.staging.path)) ?? ["?"], [])
    }

    func testKeepModeDoesNotFetchAgainAfterRestart() throws {
        try fixture.put("cdr_a", Data("a\n".utf8))
        try fixture.put("cdr_b", Data("b\n".utf8))
        let state = fixture.root.appendingPathComponent("state/pickup.json")
        try FileManager.default.createDirectory(at: state.deletingLastPathComponent(), withIntermediateDirectories: true)
        XCTAssertEqual(try fixture.pickup(after: .keep(stateFile: state.path)).poll().delivered, ["cdr_a", "cdr_b"])
        XCTAssertEqual(fixture.remoteNames, ["cdr_a", "cdr_b"])

        // A new instance (a restart) reads the state file and fetches nothing again.
        let restarted = fixture.pickup(after: .keep(stateFile: state.path))
        XCTAssertEqual(try restarted.poll(), PickupResult())
        // A new file, and a file that changed under the same name, are fetched.
        try fixture.put("cdr_c", Data("c\n".utf8))
        try fixture.put("cdr_a", Data("a, longer now\n".utf8))
        XCTAssertEqual(try restarted.poll().delivered, ["cdr_a", "cdr_c"])
        XCTAssertEqual(fixture.sink.names, ["cdr_a", "cdr_b", "cdr_a", "cdr_c"])
        let saved = try JSONSerialization.jsonObject(with: Data(contentsOf: state)) as? [String: Any]
        XCTAssertEqual((saved?["files"] as? [[String: Any]])?.compactMap { $0["name"] as? String }, ["cdr_a", "cdr_b", "cdr_c"])
    }

    func testRefusedFileStaysOnTheServerAndComesAgain() throws {
        try fixture.put("cdr_r", Data("refuse me once\n".utf8))
        fixture.sink.refuse = true
        let pickup = fixture.pickup(after: .delete)
        let refused = try pickup.poll()
        XCTAssertEqual(refused.refused, ["cdr_r"])
        XCTAssertEqual(refused.delivered, [])
        XCTAssertEqual(fixture.remoteNames, ["cdr_r"])
        fixture.sink.refuse = false
        XCTAssertEqual(try pickup.poll().delivered, ["cdr_r"])
        XCTAssertEqual(fixture.remoteNames, [])
    }

    func testGrowingFileIsLeftForTheNextRound() throws {
        let path = fixture.remote.appendingPathComponent("cdr_growing").path
        _ = FileManager.default.createFile(atPath: path, contents: Data("x".utf8))
        let writer = GrowingWriter(path: path)
        writer.start()
        let result = try fixture.pickup(after: .delete, settle: 1.0).poll()
        writer.stopAndWait()
        XCTAssertEqual(result.unstable, ["cdr_growing"])
        XCTAssertEqual(fixture.sink.attempts, 0)
        XCTAssertEqual(fixture.remoteNames, ["cdr_growing"])
    }
}

/// Appends a byte to a file every 20 ms until stopped.
final class GrowingWriter: @unchecked Sendable {
    private let path: String
    private let lock = NSLock()
    private var running = true
    private let done = DispatchSemaphore(value: 0)

    init(path: String) { self.path = path }

    func start() {
        Thread {
            while self.lock.withLock({ self.running }) {
                if let handle = FileHandle(forWritingAtPath: self.path) {
                    handle.seekToEndOfFile()
                    handle.write(Data("y".utf8))
                    try? handle.close()
                }
                Thread.sleep(forTimeInterval: 0.02)
            }
            self.done.signal()
        }.start()
    }

    func stopAndWait() {
        lock.withLock { running = false }
        done.wait()
    }
}
