import Foundation
import Journal
import XCTest

/// `prune` deletes a closed segment only when all its entries are before the kept seq AND were
/// received before the cut-off time; never the segment being written.
final class JournalRetentionTests: JournalTestCase {
    func testPruneNeedsBothConditionsAndKeepsTheCurrentSegment() throws {
        let writer = try JournalWriter(directory: journal, segmentBytes: 2048, clock: SteppingClock().function)
        try writeStreams(writer, streams: 20)
        try writer.sync(through: 100)
        let firsts = try segmentNames().compactMap { UInt64($0.prefix(20)) }
        XCTAssertGreaterThan(firsts.count, 6)
        let start = SteppingClock.start
        /// The receive time of entry `seq`.
        func time(_ seq: UInt64) -> Int64 { start + Int64(seq - 1) * 10 }

        // Time allows everything, seq only the first two segments.
        XCTAssertEqual(try writer.prune(keepingFrom: firsts[2], olderThanMs: .max), 2)
        XCTAssertEqual(try segmentNames().first, Self.segmentName(firsts[2]))
        // Seq allows everything, time: segment 2's newest entry is not strictly before the cut-off.
        XCTAssertEqual(try writer.prune(keepingFrom: .max, olderThanMs: time(firsts[3] - 1)), 0)
        // One millisecond later it is; segment 3's newest is still too new.
        XCTAssertEqual(try writer.prune(keepingFrom: .max, olderThanMs: time(firsts[3] - 1) + 1), 1)
        XCTAssertEqual(try segmentNames().first, Self.segmentName(firsts[3]))
        // A seq inside segment 3 keeps it, whatever the time.
        XCTAssertEqual(try writer.prune(keepingFrom: firsts[4] - 1, olderThanMs: .max), 0)

        let reader = try JournalReader(directory: journal)
        XCTAssertEqual(reader.oldestSequence, firsts[3])
        try reader.seek(to: 1)
        XCTAssertEqual(try readAll(reader).map(\.0.seq), Array(firsts[3]...100))

        // Everything closed goes; the segment being written stays.
        XCTAssertEqual(try writer.prune(keepingFrom: .max, olderThanMs: .max), firsts.count - 4)
        XCTAssertEqual(try segmentNames(), [Self.segmentName(firsts[firsts.count - 1])])
        XCTAssertEqual(try writer.appendDurably(stream: nil, flags: .begin, origin: "z", payload: [1]), 101)
        let verification = JournalVerifier.verify(directory: journal)
        XCTAssertEqual(verification.problems, [])
        XCTAssertEqual(verification.firstSeq, firsts[firsts.count - 1])
        XCTAssertEqual(verification.lastSeq, 101)
    }
}
