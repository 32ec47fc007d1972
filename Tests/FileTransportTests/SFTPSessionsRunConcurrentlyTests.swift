import FileTransports
import Foundation
import XCTest

/// Several clients upload at the same time; `stop()` ends everything and leaks no descriptors.
final class SFTPSessionsRunConcurrentlyTests: XCTestCase {
    func testParallelUploadsAndCleanStop() throws {
        let fixture = try SFTPServerFixture()
        defer { try? FileManager.default.removeItem(at: fixture.root) }
        let clients = 4
        let files = try (0..<clients).map { try fixture.localFile("cdr_parallel_\($0)", binaryContents(count: 50_000 + $0)) }
        let statuses = Statuses()
        DispatchQueue.concurrentPerform(iterations: clients) { index in
            let result = try? fixture.sftp(["put \(files[index].path)"])
            statuses.set(index, result?.status ?? -1)
        }
        XCTAssertEqual(statuses.values(count: clients), Array(repeating: 0, count: clients))
        XCTAssertEqual(Set(fixture.sink.names), Set((0..<clients).map { "cdr_parallel_\($0)" }))
        for received in fixture.sink.received {
            let index = Int(received.file.name.split(separator: "_").last.map(String.init) ?? "") ?? -1
            XCTAssertEqual(received.contents, binaryContents(count: 50_000 + index))
        }
        fixture.server.stop()
        fixture.server.stop()
        // No descriptor left: no server socket listening, connected or half-closed, no file of the test open.
        XCTAssertEqual(Self.liveSockets(port: fixture.server.port), [])
        XCTAssertEqual(Self.openFiles(under: fixture.root.path), [])
    }

    func testStopEndsAConnectionThatNeverSpeaks() throws {
        let fixture = try SFTPServerFixture()
        defer { try? FileManager.default.removeItem(at: fixture.root) }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(fixture.server.port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        XCTAssertEqual(connected, 0)
        // Read the server's banner: the connection has been accepted and its thread is in the key exchange.
        var banner = [UInt8](repeating: 0, count: 64)
        XCTAssertGreaterThan(read(fd, &banner, banner.count), 0)
        fixture.server.stop()
        // The server closed its end: the next read sees the end of the stream (or a reset).
        XCTAssertLessThanOrEqual(read(fd, &banner, banner.count), 0)
        XCTAssertEqual(Self.liveSockets(port: fixture.server.port), [])
    }

    /// Entries of /proc/net/tcp with local port `port` that hold a descriptor (LISTEN, ESTABLISHED, CLOSE_WAIT).
    private static func liveSockets(port: Int) -> [String] {
        let table = (try? String(contentsOfFile: "/proc/net/tcp", encoding: .utf8)) ?? ""
        let hexPort = String(format: ":%04X", port)
        return table.split(separator: "\n").dropFirst().map { $0.split(separator: " ").map(String.init) }
            .filter { $0.count > 3 && $0[1].hasSuffix(hexPort) && ["01", "08", "0A"].contains($0[3]) }
            .map { $0[1] + " " + $0[3] }
    }

    /// Open descriptors of this process on files below `path`.
    private static func openFiles(under path: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return names.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + $0) }
            .filter { $0.hasPrefix(path) }.sorted()
    }
}

/// Exit statuses collected from concurrent clients.
private final class Statuses: @unchecked Sendable {
    private let lock = NSLock()
    private var byIndex: [Int: Int32] = [:]
    func set(_ index: Int, _ status: Int32) { lock.withLock { byIndex[index] = status } }
    func values(count: Int) -> [Int32] { lock.withLock { (0..<count).map { byIndex[$0] ?? -2 } } }
}
