/// Reads a journal directory in seq order, across segments; also while a writer appends (in this
/// or another process) and while old segments are pruned.
///
/// Not thread-safe: one reader per thread. ``next(upTo:)`` checks every entry's checksum.
public final class JournalReader {
    /// The journal directory.
    public let directory: String
    private let files: SegmentDirectory
    private var current: SegmentReader?
    /// The seq the next entry in the current segment must have.
    private var nextSeq: UInt64 = 1
    /// Entries below this are skipped (the target of the last `seek`).
    private var skipBelow: UInt64 = 0

    /// Opens a journal directory, positioned at its oldest entry.
    /// - Throws: ``JournalError/notADirectory(_:)`` if `directory` is missing.
    public init(directory: String) throws {
        self.directory = directory
        files = SegmentDirectory(path: directory)
        _ = try files.segments()
    }

    /// Positions the reader at the first entry whose seq is `seq` or greater (the oldest entry if
    /// `seq` was pruned; the end if there is none yet, and then the entries from `seq` on as they come).
    /// - Throws: ``JournalError/corrupt(segment:offset:problem:)`` if the segment's headers cannot be walked.
    public func seek(to seq: UInt64) throws {
        current = nil
        skipBelow = seq
        nextSeq = seq
        _ = try openSegment()
    }

    /// The next entry, if there is one with a seq up to `limitSeq`.
    ///
    /// A tailing reader in the writer's process passes the writer's ``JournalWriter/durableSequence``,
    /// so it never reads what is not yet durable; a reader elsewhere passes `.max` and gets the
    /// whole entries written so far.
    /// - Returns: the header and the payload, which stays valid until the next call on this reader; `nil` at the end or the limit.
    /// - Throws: ``JournalError/corrupt(segment:offset:problem:)`` naming the segment file and the
    ///   entry's byte offset (checksum mismatch, damaged header, missing entries); the position is unchanged.
    public func next(upTo limitSeq: UInt64 = .max) throws -> (JournalEntryHeader, UnsafeRawBufferPointer)? {
        var retried = false
        while nextSeq <= limitSeq {
            guard let reader = try current ?? openSegment() else { return nil }
            let step = try reader.next(payload: true)
            switch step {
            case let .entry(header, origin, payload, offset):
                guard header.seq == nextSeq else {
                    reader.move(to: offset)
                    throw JournalError.corrupt(segment: reader.segment.name, offset: offset,
                                               problem: "entry \(header.seq) where \(nextSeq) was expected")
                }
                nextSeq += 1
                if header.seq < skipBelow { continue }
                let entry = JournalEntryHeader(
                    seq: header.seq, stream: header.stream, receivedMs: header.receivedMs, flags: header.flags,
                    origin: origin.isEmpty ? "" : String(decoding: origin, as: UTF8.self), payloadLength: header.payloadLength)
                return (entry, payload)
            case let .corrupt(offset, problem):
                throw JournalError.corrupt(segment: reader.segment.name, offset: offset, problem: problem)
            case .end, .torn:
                // The end of what is written, unless the writer has moved on to a later segment.
                let later = try files.segments().first { $0.firstSeq > reader.segment.firstSeq }
                guard let later else { return nil }
                if !retried {
                    // Entries may have been appended to this segment before the writer rotated.
                    retried = true
                    continue
                }
                guard case .end = step else {
                    throw JournalError.corrupt(segment: reader.segment.name, offset: reader.offset,
                                               problem: "torn entry at the end of a closed segment")
                }
                guard later.firstSeq == nextSeq else {
                    throw JournalError.corrupt(segment: later.name, offset: 0,
                                               problem: "entries \(nextSeq)...\(later.firstSeq - 1) are missing before this segment")
                }
                current = try open(later)
                retried = false
            }
        }
        return nil
    }

    /// The seq of the first entry received at or after `ms` (UTC milliseconds), or `nil` if none
    /// was; for replaying from a point in time. Does not move the reader.
    public func firstSequence(receivedAtOrAfter ms: Int64) throws -> UInt64? {
        let segments = try files.segments()
        guard !segments.isEmpty else { return nil }
        // Receive times never decrease: find the last segment that begins before `ms`.
        var low = 0
        var high = segments.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if let time = try firstEntry(of: segments[middle])?.receivedMs, time < ms { low = middle } else { high = middle - 1 }
        }
        for segment in segments[low...] {
            let reader = try open(segment)
            while case let .entry(header, _, _, _) = try walk(reader) {
                if header.receivedMs >= ms { return header.seq }
            }
        }
        return nil
    }

    /// The seq of the oldest entry still in the directory (after pruning); `nil` if there is none
    /// or the directory cannot be read.
    public var oldestSequence: UInt64? {
        guard let first = try? files.segments().first else { return nil }
        return (try? firstEntry(of: first))?.seq
    }

    private func firstEntry(of segment: SegmentDirectory.Segment) throws -> JournalFormat.EntryHeader? {
        guard case let .entry(header, _, _, _) = try walk(try open(segment)) else { return nil }
        return header
    }

    /// The next header of a segment, payload skipped; damage is an error, the end or a torn tail is not.
    private func walk(_ reader: SegmentReader) throws -> SegmentReader.Step {
        let step = try reader.next(payload: false)
        if case let .corrupt(offset, problem) = step {
            throw JournalError.corrupt(segment: reader.segment.name, offset: offset, problem: problem)
        }
        return step
    }

    /// Opens a segment and reads its file header.
    private func open(_ segment: SegmentDirectory.Segment) throws -> SegmentReader {
        let reader = try SegmentReader(directory: files, segment: segment)
        switch try reader.readFileHeader() {
        case let .success(first) where first == segment.firstSeq: return reader
        case let .success(first):
            throw JournalError.corrupt(segment: segment.name, offset: 0, problem: "file header names first seq \(first)")
        case let .failure(problem):
            throw JournalError.corrupt(segment: segment.name, offset: 0, problem: problem.text)
        }
    }

    /// Opens the segment holding `nextSeq` and walks its headers up to that entry; `nil` if there are no segments yet.
    private func openSegment() throws -> SegmentReader? {
        let segments = try files.segments()
        guard !segments.isEmpty else { return nil }
        let segment = segments[SegmentDirectory.index(holding: nextSeq, in: segments)]
        let reader = try open(segment)
        var expected = segment.firstSeq
        let target = nextSeq
        walking: while expected < target {
            switch try walk(reader) {
            case let .entry(header, _, _, offset):
                guard header.seq == expected else {
                    throw JournalError.corrupt(segment: segment.name, offset: offset,
                                               problem: "entry \(header.seq) where \(expected) was expected")
                }
                expected += 1
            case .end, .torn, .corrupt:
                break walking
            }
        }
        nextSeq = expected
        current = reader
        return reader
    }
}
