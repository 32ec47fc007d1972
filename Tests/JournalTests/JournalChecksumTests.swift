import Foundation
import Journal
import XCTest

/// A changed byte is found by the reader and by verify, named by segment file and entry offset.
final class JournalChecksumTests: JournalTestCase {
    func testFlippedPayloadByteIsAChecksumErrorNamingSegmentAndOffset() throws {
        let writer = try JournalWriter(directory: journal, segmentBytes: 2048, clock: SteppingClock().function)
        try writeStreams(writer, streams: 10)
        try writer.close()
        let names = try segmentNames()
        let victim = names[1]
        let victimFirst = try XCTUnwrap(Int(victim.prefix(20)))
        // The victim's second entry: after the file header and its first entry.
        let firstLength = 40 + (victimFirst % 5 == 1 ? "file-\(victimFirst).csv".utf8.count : 0) + Self.length(ofEntry: victimFirst)
        let entryOffset = Int64(32 + firstLength)
        let second = victimFirst + 1
        let byteOffset = entryOffset + 40 + Int64(second % 5 == 1 ? "file-\(second).csv".utf8.count : 0) + 3
        let handle = try XCTUnwrap(FileHandle(forUpdatingAtPath: path(victim)))
        handle.seek(toFileOffset: UInt64(byteOffset))
        let original = handle.readData(ofLength: 1)
        handle.seek(toFileOffset: UInt64(byteOffset))
        handle.write(Data([original[original.startIndex] ^ 0x01]))
        handle.closeFile()

        let reader = try JournalReader(directory: journal)
        var seqs: [UInt64] = []
        XCTAssertThrowsError(try { while let (header, _) = try reader.next() { seqs.append(header.seq) } }()) { error in
            XCTAssertEqual(error as? JournalError, .corrupt(segment: victim, offset: entryOffset, problem: "checksum mismatch (entry \(second))"))
            XCTAssertEqual("\(error)", "journal: segment \(victim) at byte \(entryOffset): checksum mismatch (entry \(second))")
        }
        XCTAssertEqual(seqs, (1..<UInt64(second)).map { $0 })
        // The position stays on the damaged entry.
        XCTAssertThrowsError(try reader.next())

        let verification = JournalVerifier.verify(directory: journal)
        let remaining = try size(victim) - entryOffset
        XCTAssertEqual(verification.problems.first, .init(
            segment: victim, offset: entryOffset,
            problem: "checksum mismatch (entry \(second)); the remaining \(remaining) bytes of the segment cannot be read"))
        // The next segment then follows a gap.
        XCTAssertEqual(verification.problems.count, 1)
    }

    func testBrokenStreamReferenceIsReported() throws {
        let writer = try JournalWriter(directory: journal, clock: SteppingClock().function)
        try writeStreams(writer, streams: 1)
        try writer.close()
        let copy = try JournalWriter(directory: journal, clock: SteppingClock().function)
        // Stream 1 ended; a new writer does not know it, so it refuses to continue it.
        XCTAssertThrowsError(try copy.append(stream: 1, flags: [], origin: "", payload: [1]))
        XCTAssertEqual(JournalVerifier.verify(directory: journal).problems, [])
    }

    func testMissingDirectoryIsAProblemNotACrash() {
        let verification = JournalVerifier.verify(directory: journal + "/nope")
        XCTAssertEqual(verification.problems, [.init(segment: "", offset: 0, problem: "journal: \(journal)/nope is not a directory")])
        XCTAssertThrowsError(try JournalReader(directory: journal + "/nope"))
    }
}
