import Foundation
import Journal
import XCTest

/// The ingester's pattern: a reader thread tails what is durable while transport threads append.
final class JournalTailingReaderTests: JournalTestCase {
    func testTailingReaderSeesEveryDurableEntryOnceWhileWritersRotate() throws {
        let writer = try JournalWriter(directory: journal, segmentBytes: 8192)
        let total: UInt64 = 2000
        let writers = DispatchGroup()
        for thread in 0..<2 {
            writers.enter()
            Thread.detachNewThread {
                defer { writers.leave() }
                for index in 0..<Int(total) / 2 {
                    let payload = Self.payload(thread * 10_000 + index, length: 50 + index % 300)
                    guard (try? writer.appendDurably(stream: nil, flags: [.begin, .end], origin: "t\(thread)", payload: payload)) != nil else { return }
                }
            }
        }
        let reader = try JournalReader(directory: journal)
        var seen: [UInt64] = []
        var position: UInt64 = 0
        let deadline = Date().addingTimeInterval(300)
        while position < total, Date() < deadline {
            let durable = writer.waitForDurable(after: position, timeout: 1)
            while let (header, payload) = try reader.next(upTo: durable) {
                XCTAssertEqual(payload.count, header.payloadLength)
                seen.append(header.seq)
                position = header.seq
            }
        }
        XCTAssertEqual(writers.wait(timeout: .now() + 300), .success)
        XCTAssertEqual(seen, Array(1...total))
        XCTAssertGreaterThan(try segmentNames().count, 10)
    }
}
