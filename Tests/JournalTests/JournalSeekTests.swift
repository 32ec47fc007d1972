import Foundation
import Journal
import XCTest

/// Positioning a reader by seq and by receive time.
final class JournalSeekTests: JournalTestCase {
    func testSeekIntoTheMiddleReadsFromThatEntryAcrossSegments() throws {
        let writer = try JournalWriter(directory: journal, segmentBytes: 2048, clock: SteppingClock().function)
        try writeStreams(writer, streams: 20)
        let reader = try JournalReader(directory: journal)
        try reader.seek(to: 57)
        XCTAssertEqual(try readAll(reader).map(\.0.seq), Array(57...100))
        try reader.seek(to: 3)
        XCTAssertEqual(try readAll(reader, upTo: 12).map(\.0.seq), Array(3...12))
        XCTAssertEqual(try reader.next(upTo: 12)?.0.seq, nil)
        XCTAssertEqual(try reader.next(upTo: 13)?.0.seq, 13)
        try reader.seek(to: 100)
        XCTAssertEqual(try readAll(reader).map(\.0.seq), [100])
    }

    func testSeekBeyondTheEndWaitsForThatEntry() throws {
        let writer = try JournalWriter(directory: journal, segmentBytes: 2048, clock: SteppingClock().function)
        try writeStreams(writer, streams: 2)
        let reader = try JournalReader(directory: journal)
        try reader.seek(to: 13)
        XCTAssertNil(try reader.next())
        try writeStreams(writer, streams: 2, firstIndex: 11)
        XCTAssertEqual(try readAll(reader).map(\.0.seq), Array(13...20))
    }

    func testReaderFollowsAWriterAcrossRotations() throws {
        let writer = try JournalWriter(directory: journal, segmentBytes: 1024, clock: SteppingClock().function)
        let reader = try JournalReader(directory: journal)
        XCTAssertNil(try reader.next())
        var seen: [UInt64] = []
        for round in 0..<6 {
            try writeStreams(writer, streams: 3, firstIndex: round * 15 + 1)
            seen += try readAll(reader, upTo: writer.lastSequence).map(\.0.seq)
        }
        XCTAssertEqual(seen, Array(1...90))
    }

    func testFirstSequenceReceivedAtOrAfterATime() throws {
        let writer = try JournalWriter(directory: journal, segmentBytes: 2048, clock: SteppingClock().function)
        try writeStreams(writer, streams: 20)
        let reader = try JournalReader(directory: journal)
        let start = SteppingClock.start
        XCTAssertEqual(try reader.firstSequence(receivedAtOrAfter: 0), 1)
        XCTAssertEqual(try reader.firstSequence(receivedAtOrAfter: start), 1)
        XCTAssertEqual(try reader.firstSequence(receivedAtOrAfter: start + 1), 2)
        XCTAssertEqual(try reader.firstSequence(receivedAtOrAfter: start + 500), 51)
        XCTAssertEqual(try reader.firstSequence(receivedAtOrAfter: start + 505), 52)
        XCTAssertEqual(try reader.firstSequence(receivedAtOrAfter: start + 990), 100)
        XCTAssertNil(try reader.firstSequence(receivedAtOrAfter: start + 991))
    }
}
