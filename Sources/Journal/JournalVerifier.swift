/// Checks a journal directory end to end: file headers, every entry's magic and checksum, seq
/// continuity within and across segments, stream references, and torn tails.
///
/// Reading a journal that a writer is appending to may report the entry being written as a torn tail.
public struct JournalVerifier {
    /// Verifies every segment of `directory`; never throws (unreadable files are problems).
    public static func verify(directory: String) -> JournalVerification {
        var result = JournalVerification(directory: directory)
        let files = SegmentDirectory(path: directory)
        let segments: [SegmentDirectory.Segment]
        do {
            segments = try files.segments()
        } catch {
            result.problems.append(.init(segment: "", offset: 0, problem: "\(error)"))
            return result
        }
        for stray in files.strayFiles() {
            result.problems.append(.init(segment: stray, offset: 0, problem: "not a segment file name (expected <20 digits>.tbj)"))
        }
        var state = StreamState()
        var expected: UInt64?
        for (index, segment) in segments.enumerated() {
            result.segments += 1
            do {
                expected = try verify(segment, in: files, expected: expected, isLast: index == segments.count - 1,
                                      streams: &state, into: &result)
            } catch {
                result.problems.append(.init(segment: segment.name, offset: 0, problem: "\(error)"))
                expected = nil
            }
            if expected == nil, index + 1 < segments.count { state.checkedFrom = segments[index + 1].firstSeq }
        }
        return result
    }

    /// Streams seen so far.
    private struct StreamState {
        /// Streams begun and not ended.
        var open: Set<UInt64> = []
        /// Streams below this id cannot be checked (begun before the oldest entry, or in an unreadable part).
        var checkedFrom: UInt64 = 0
    }

    /// Verifies one segment; returns the seq the next segment should begin with (`nil` if the
    /// segment could not be read to its end).
    private static func verify(_ segment: SegmentDirectory.Segment, in files: SegmentDirectory, expected: UInt64?, isLast: Bool,
                               streams: inout StreamState, into result: inout JournalVerification) throws -> UInt64? {
        let reader = try SegmentReader(directory: files, segment: segment)
        let size = try reader.size()
        result.fileBytes += size
        func problem(_ offset: Int64, _ text: String) {
            result.problems.append(.init(segment: segment.name, offset: offset, problem: text))
        }
        switch try reader.readFileHeader() {
        case let .success(first) where first != segment.firstSeq:
            problem(0, "file header names first seq \(first), the file name \(segment.firstSeq)")
        case .success:
            break
        case let .failure(failure):
            problem(0, failure.text)
            return nil
        }
        if let expected, expected != segment.firstSeq {
            problem(0, expected < segment.firstSeq ? "entries \(expected)...\(segment.firstSeq - 1) are missing before this segment"
                : "segment begins at \(segment.firstSeq), but the previous one ends at \(expected - 1)")
        }
        var next = segment.firstSeq
        while true {
            switch try reader.next(payload: true) {
            case let .entry(header, _, _, offset):
                if header.seq != next { problem(offset, "entry \(header.seq) where \(next) was expected") }
                next = header.seq + 1
                if let text = count(header, streams: &streams, into: &result) { problem(offset, text) }
            case .end:
                return next
            case let .torn(offset, bytes):
                problem(offset, "torn tail: \(bytes) bytes of an unfinished entry" + (isLast ? "" : " in a closed segment"))
                return nil
            case let .corrupt(offset, text):
                problem(offset, "\(text); the remaining \(size - offset) bytes of the segment cannot be read")
                return nil
            }
        }
    }

    /// Adds an entry to the totals; returns a stream problem, if there is one.
    private static func count(_ header: JournalFormat.EntryHeader, streams: inout StreamState,
                              into result: inout JournalVerification) -> String? {
        result.entries += 1
        result.bytes += Int64(header.payloadLength)
        if result.firstSeq == nil {
            streams.checkedFrom = max(streams.checkedFrom, header.seq)
            result.firstSeq = header.seq
            result.firstReceivedMs = header.receivedMs
        }
        result.lastSeq = header.seq
        result.lastReceivedMs = header.receivedMs
        if header.flags.contains(.begin) {
            result.streams += 1
            if !header.flags.contains(.end) { streams.open.insert(header.seq) }
            return nil
        }
        var problem: String?
        if header.stream >= streams.checkedFrom, !streams.open.contains(header.stream) {
            problem = "entry \(header.seq) continues stream \(header.stream), which is not open"
        }
        if header.flags.contains(.end) { streams.open.remove(header.stream) }
        return problem
    }
}
