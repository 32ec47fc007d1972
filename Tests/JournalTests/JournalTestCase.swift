import Foundation
import Journal
import TestSupport
import XCTest

/// Base for the journal tests: a fresh temporary directory per test and a deterministic clock.
class JournalTestCase: XCTestCase {
    var root: URL!
    /// The journal directory (created by the writer).
    var journal: String { root.appendingPathComponent("journal").path }

    override func setUpWithError() throws {
        root = try TestEnvironment.makeTemporaryDirectory("tollbook-journal")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: root)
    }

    /// A clock that starts at 2023-11-14T22:13:20Z and moves 10 ms per reading.
    final class SteppingClock: @unchecked Sendable {
        static let start: Int64 = 1_700_000_000_000
        private let lock = NSLock()
        private var now = SteppingClock.start

        /// The reading function for the writer.
        var function: @Sendable () -> Int64 {
            { [self] in
                lock.lock()
                defer { lock.unlock() }
                let value = now
                now += 10
                return value
            }
        }
    }

    /// The payload test entries carry: `length` bytes derived from `tag`.
    static func payload(_ tag: Int, length: Int) -> [UInt8] {
        let pattern = Array("<\(tag)>".utf8)
        return (0..<length).map { pattern[$0 % pattern.count] }
    }

    /// The payload length of entry number `index` (1-based) in `writeStreams`.
    static func length(ofEntry index: Int) -> Int { 100 + (index % 7) * 50 }

    /// Writes `streams` streams of five entries each (begin, three middle, end), one thread.
    /// - Returns: the seqs, in order.
    @discardableResult
    func writeStreams(_ writer: JournalWriter, streams: Int, firstIndex: Int = 1) throws -> [UInt64] {
        var seqs: [UInt64] = []
        var index = firstIndex
        for _ in 0..<streams {
            let first = try writer.append(stream: nil, flags: .begin, origin: "file-\(index).csv",
                                          payload: Self.payload(index, length: Self.length(ofEntry: index)))
            seqs.append(first)
            index += 1
            for part in 1...4 {
                seqs.append(try writer.append(stream: first, flags: part == 4 ? .end : [], origin: "",
                                              payload: Self.payload(index, length: Self.length(ofEntry: index))))
                index += 1
            }
        }
        return seqs
    }

    /// Every entry from the reader's position: headers and payload copies.
    func readAll(_ reader: JournalReader, upTo limit: UInt64 = .max) throws -> [(JournalEntryHeader, [UInt8])] {
        var entries: [(JournalEntryHeader, [UInt8])] = []
        while let (header, payload) = try reader.next(upTo: limit) {
            entries.append((header, Array(payload)))
        }
        return entries
    }

    /// The segment file name for `firstSeq`, as the format defines it.
    static func segmentName(_ firstSeq: UInt64) -> String {
        let digits = String(firstSeq)
        return String(repeating: "0", count: 20 - digits.count) + digits + ".tbj"
    }

    /// The segment file names in the journal directory.
    func segmentNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: journal).filter { $0.hasSuffix(".tbj") }.sorted()
    }

    /// The path of a file in the journal directory.
    func path(_ name: String) -> String { journal + "/" + name }

    /// The size of a file.
    func size(_ name: String) throws -> Int64 {
        (try FileManager.default.attributesOfItem(atPath: path(name))[.size] as? NSNumber)?.int64Value ?? -1
    }
}
