#if canImport(Glibc)
import Glibc
#endif

extension JournalWriter {
    /// Retention: deletes the oldest closed segments whose entries are all before `seq` (e.g. the
    /// ingester's committed position) and were all received before `olderThanMs` (UTC ms).
    ///
    /// Only a prefix of the segments goes (deletion stops at the first segment that must stay),
    /// never the segment being appended to; the directory is synced afterwards.
    /// - Returns: the number of segment files deleted.
    /// - Throws: ``JournalError`` if a candidate segment cannot be read (it is kept) or deleted.
    public func prune(keepingFrom seq: UInt64, olderThanMs: Int64) throws -> Int {
        guard let current = currentSegmentFirstSeq else { return 0 }
        let segments = try files.segments()
        var deleted = 0
        defer {
            if deleted > 0 { try? files.sync() }
        }
        for (index, segment) in segments.enumerated() {
            guard index + 1 < segments.count, segment.firstSeq < current else { break }
            // The segment's entries run up to the next segment's first seq, exclusive.
            guard segments[index + 1].firstSeq <= seq else { break }
            guard let newest = try newestReceivedMs(segment), newest < olderThanMs else { break }
            let path = files.file(segment.name)
            guard unlink(path) == 0 else { throw JournalError.io("delete", path) }
            deleted += 1
        }
        return deleted
    }

    /// The latest receive time in a segment (`nil` if it holds no entries); damage is an error.
    private func newestReceivedMs(_ segment: SegmentDirectory.Segment) throws -> Int64? {
        let reader = try SegmentReader(directory: files, segment: segment)
        guard case .success = try reader.readFileHeader() else {
            throw JournalError.corrupt(segment: segment.name, offset: 0, problem: "file header unreadable; segment kept")
        }
        var newest: Int64?
        while true {
            switch try reader.next(payload: false) {
            case let .entry(header, _, _, _):
                newest = max(newest ?? .min, header.receivedMs)
            case .end:
                return newest
            case let .torn(offset, _):
                throw JournalError.corrupt(segment: segment.name, offset: offset, problem: "torn entry in a closed segment; segment kept")
            case let .corrupt(offset, problem):
                throw JournalError.corrupt(segment: segment.name, offset: offset, problem: problem + "; segment kept")
            }
        }
    }
}
