import Foundation
import Journal
import XCTest

/// Megabyte chunks (a file upload, an HTTP body) mixed with small entries: exact round trip,
/// seeking past them, and one segment per entry when an entry is larger than a segment.
final class JournalLargeEntryTests: JournalTestCase {
    func testMegabyteChunksMixedWithSmallEntriesRoundTripAndSeek() throws {
        let writer = try JournalWriter(directory: journal, segmentBytes: 3 << 20, clock: SteppingClock().function)
        var stream: UInt64?
        var lengths: [Int] = []
        for index in 1...12 {
            let length = index % 3 == 0 ? 200 : (1 << 20) + index
            lengths.append(length)
            let flags: JournalEntryFlags = index == 1 ? .begin : index == 12 ? .end : []
            let seq = try writer.append(stream: stream, flags: flags, origin: index == 1 ? "upload.bin" : "",
                                        payload: Self.payload(index, length: length))
            if stream == nil { stream = seq }
        }
        try writer.sync(through: 12)
        XCTAssertEqual(writer.durableSequence, 12)
        // 1 MB + 1 MB + 200 B fit 3 MiB; the next 1 MB does not.
        XCTAssertEqual(try segmentNames().count, 4)

        let reader = try JournalReader(directory: journal)
        try reader.seek(to: 8)
        var seen: [UInt64] = []
        while let (header, payload) = try reader.next() {
            seen.append(header.seq)
            XCTAssertEqual(header.payloadLength, lengths[Int(header.seq) - 1])
            XCTAssertTrue(payload.elementsEqual(Self.payload(Int(header.seq), length: lengths[Int(header.seq) - 1])), "entry \(header.seq)")
        }
        XCTAssertEqual(seen, Array(8...12))
        XCTAssertEqual(try reader.firstSequence(receivedAtOrAfter: SteppingClock.start + 45), 6)
        let verification = JournalVerifier.verify(directory: journal)
        XCTAssertEqual(verification.problems, [])
        XCTAssertEqual(verification.bytes, Int64(lengths.reduce(0, +)))
        XCTAssertEqual(verification.streams, 1)
    }

    func testAnEntryLargerThanASegmentGetsASegmentOfItsOwn() throws {
        let writer = try JournalWriter(directory: journal, segmentBytes: 1024, clock: SteppingClock().function)
        let first = try writer.append(stream: nil, flags: .begin, origin: "a", payload: Self.payload(1, length: 100))
        _ = try writer.append(stream: first, flags: [], origin: "", payload: Self.payload(2, length: 5000))
        _ = try writer.appendDurably(stream: first, flags: .end, origin: "", payload: Self.payload(3, length: 100))
        XCTAssertEqual(try segmentNames(), ["00000000000000000001.tbj", "00000000000000000002.tbj", "00000000000000000003.tbj"])
        XCTAssertEqual(try size("00000000000000000002.tbj"), 32 + 40 + 5000)
        XCTAssertEqual(try readAll(try JournalReader(directory: journal)).map(\.1.count), [100, 5000, 100])
    }
}
