import Foundation
import Journal
import XCTest

/// A crash in the middle of an append leaves a torn or garbage tail: verify reports it, opening a
/// writer cuts it off (keeping the bytes aside) and numbering continues after the last whole entry.
final class JournalTornTailTests: JournalTestCase {
    let segment = "00000000000000000001.tbj"

    /// Byte offset of entry `seq` (1-based) written by `writeStreams` into one segment.
    func offset(ofEntry seq: Int) -> Int64 {
        var offset: Int64 = 32
        for index in 1..<seq { offset += Int64(40 + (index % 5 == 1 ? "file-\(index).csv".utf8.count : 0) + Self.length(ofEntry: index)) }
        return offset
    }

    func writeTenEntries() throws {
        let writer = try JournalWriter(directory: journal, clock: SteppingClock().function)
        try writeStreams(writer, streams: 2)
        try writer.close()
        XCTAssertEqual(try size(segment), offset(ofEntry: 11))
    }

    func testEntryCutInTheMiddleIsReportedThenCutOffOnOpen() throws {
        try writeTenEntries()
        let tenth = offset(ofEntry: 10)
        XCTAssertEqual(truncate(path(segment), off_t(tenth + 60)), 0)

        let before = JournalVerifier.verify(directory: journal)
        XCTAssertEqual(before.problems, [.init(segment: segment, offset: tenth, problem: "torn tail: 60 bytes of an unfinished entry")])
        XCTAssertEqual(before.entries, 9)
        XCTAssertEqual(try readAll(try JournalReader(directory: journal)).map(\.0.seq), Array(1...9))

        let writer = try JournalWriter(directory: journal, clock: SteppingClock().function)
        XCTAssertEqual(writer.recovery, JournalRecovery(
            segment: segment, offset: tenth, discardedBytes: 60, problem: "torn entry (60 bytes of an unfinished append)",
            savedAs: "\(segment).\(tenth).discarded"))
        XCTAssertEqual(try size("\(segment).\(tenth).discarded"), 60)
        XCTAssertEqual(try size(segment), tenth)
        XCTAssertEqual(writer.lastSequence, 9)
        XCTAssertEqual(try writer.appendDurably(stream: nil, flags: [.begin, .end], origin: "again.csv", payload: [7, 7]), 10)

        XCTAssertEqual(JournalVerifier.verify(directory: journal).problems, [])
        let entries = try readAll(try JournalReader(directory: journal))
        XCTAssertEqual(entries.map(\.0.seq), Array(1...10))
        XCTAssertEqual(entries.last?.1, [7, 7])
    }

    func testGarbageAfterTheLastEntryIsReportedThenCutOff() throws {
        try writeTenEntries()
        let end = offset(ofEntry: 11)
        let garbage = [UInt8](repeating: 0xAB, count: 100)
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path(segment)))
        handle.seekToEndOfFile()
        handle.write(Data(garbage))
        handle.closeFile()

        XCTAssertEqual(JournalVerifier.verify(directory: journal).problems, [.init(
            segment: segment, offset: end, problem: "bad entry magic; the remaining 100 bytes of the segment cannot be read")])
        let writer = try JournalWriter(directory: journal, clock: SteppingClock().function)
        XCTAssertEqual(writer.recovery?.offset, end)
        XCTAssertEqual(writer.recovery?.discardedBytes, 100)
        XCTAssertEqual(writer.recovery?.problem, "bad entry magic")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path("\(segment).\(end).discarded"))), Data(garbage))
        XCTAssertEqual(writer.lastSequence, 10)
        XCTAssertEqual(try writer.append(stream: nil, flags: .begin, origin: "x", payload: [1]), 11)
        try writer.sync(through: 11)
        XCTAssertEqual(JournalVerifier.verify(directory: journal).problems, [])
    }

    func testTornFileHeaderOfANewSegmentIsRewritten() throws {
        let writer = try JournalWriter(directory: journal, segmentBytes: 1024, clock: SteppingClock().function)
        try writeStreams(writer, streams: 2)
        try writer.close()
        let last = try XCTUnwrap(try segmentNames().last)
        let firstSeq = try XCTUnwrap(UInt64(last.prefix(20)))
        XCTAssertEqual(truncate(path(last), 10), 0)

        let reopened = try JournalWriter(directory: journal, segmentBytes: 1024, clock: SteppingClock().function)
        XCTAssertEqual(reopened.recovery?.problem, "file header is short (10 bytes) (rewritten)")
        XCTAssertEqual(reopened.lastSequence, firstSeq - 1)
        XCTAssertEqual(try reopened.appendDurably(stream: nil, flags: .begin, origin: "y", payload: [2]), firstSeq)
        let verification = JournalVerifier.verify(directory: journal)
        XCTAssertEqual(verification.problems, [])
        XCTAssertEqual(verification.lastSeq, firstSeq)
    }
}
