import Foundation
import Journal
import XCTest

/// Entries written over several segments come back exactly, in order, also after reopening.
final class JournalRoundTripTests: JournalTestCase {
    func testManyEntriesOverSeveralSegmentsReadBackExactly() throws {
        let clock = SteppingClock()
        let writer = try JournalWriter(directory: journal, segmentBytes: 4096, clock: clock.function)
        let seqs = try writeStreams(writer, streams: 40)
        XCTAssertEqual(seqs, Array(1...200))
        XCTAssertEqual(writer.lastSequence, 200)
        // Rotations synced the closed segments; the current one is not synced yet.
        XCTAssertLessThan(writer.durableSequence, 200)
        try writer.sync(through: 200)
        XCTAssertEqual(writer.durableSequence, 200)

        let names = try segmentNames()
        XCTAssertGreaterThan(names.count, 5)
        XCTAssertEqual(names.first, "00000000000000000001.tbj")
        for name in names { XCTAssertLessThanOrEqual(try size(name), 4096, name) }

        let entries = try readAll(try JournalReader(directory: journal))
        XCTAssertEqual(entries.count, 200)
        for (offset, (header, payload)) in entries.enumerated() {
            let index = offset + 1
            let streamFirst = UInt64((offset / 5) * 5 + 1)
            XCTAssertEqual(header.seq, UInt64(index))
            XCTAssertEqual(header.stream, streamFirst)
            XCTAssertEqual(header.receivedMs, SteppingClock.start + Int64(offset) * 10)
            XCTAssertEqual(header.flags, offset % 5 == 0 ? .begin : offset % 5 == 4 ? .end : [])
            XCTAssertEqual(header.origin, offset % 5 == 0 ? "file-\(index).csv" : "")
            XCTAssertEqual(header.payloadLength, Self.length(ofEntry: index))
            XCTAssertEqual(payload, Self.payload(index, length: Self.length(ofEntry: index)))
        }
        let verification = JournalVerifier.verify(directory: journal)
        XCTAssertEqual(verification.problems, [])
        XCTAssertEqual(verification.segments, names.count)
        XCTAssertEqual(verification.entries, 200)
        XCTAssertEqual(verification.streams, 40)
        XCTAssertEqual(verification.bytes, Int64((1...200).map(Self.length(ofEntry:)).reduce(0, +)))
        XCTAssertEqual(verification.firstSeq, 1)
        XCTAssertEqual(verification.lastSeq, 200)
        XCTAssertEqual(verification.firstReceivedMs, SteppingClock.start)
        XCTAssertEqual(verification.lastReceivedMs, SteppingClock.start + 1990)
    }

    func testReopeningContinuesNumberingInTheLastSegment() throws {
        let clock = SteppingClock()
        do {
            let writer = try JournalWriter(directory: journal, segmentBytes: 4096, clock: clock.function)
            try writeStreams(writer, streams: 10)
            try writer.close()
        }
        let namesBefore = try segmentNames()
        let writer = try JournalWriter(directory: journal, segmentBytes: 4096, clock: clock.function)
        XCTAssertNil(writer.recovery)
        XCTAssertEqual(writer.lastSequence, 50)
        XCTAssertEqual(writer.durableSequence, 50)
        let seqs = try writeStreams(writer, streams: 2, firstIndex: 51)
        XCTAssertEqual(seqs, Array(51...60))
        try writer.sync(through: 60)
        XCTAssertEqual(Array(try segmentNames().prefix(namesBefore.count)), namesBefore)

        let entries = try readAll(try JournalReader(directory: journal))
        XCTAssertEqual(entries.map(\.0.seq), Array(1...60))
        XCTAssertEqual(entries[50].0.origin, "file-51.csv")
        XCTAssertEqual(JournalVerifier.verify(directory: journal).problems, [])
    }

    func testASecondWriterOnTheSameDirectoryIsRefused() throws {
        let writer = try JournalWriter(directory: journal)
        XCTAssertThrowsError(try JournalWriter(directory: journal)) { error in
            XCTAssertEqual(error as? JournalError, .locked(directory: journal))
        }
        try writer.close()
        XCTAssertNoThrow(try JournalWriter(directory: journal))
    }

    func testContinuingAStreamThatIsNotOpenIsRefused() throws {
        let writer = try JournalWriter(directory: journal)
        let stream = try writer.append(stream: nil, flags: [.begin, .end], origin: "10.0.0.7:5001", payload: [1, 2, 3])
        XCTAssertThrowsError(try writer.append(stream: stream, flags: [], origin: "", payload: [4])) { error in
            XCTAssertEqual(error as? JournalError, .streamNotOpen(1))
        }
        XCTAssertThrowsError(try writer.append(stream: nil, flags: [], origin: "", payload: [4])) { error in
            XCTAssertEqual(error as? JournalError, .invalidFlags("a new stream needs .begin"))
        }
        XCTAssertEqual(writer.lastSequence, 1)
    }
}
