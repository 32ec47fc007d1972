#if canImport(Glibc)
import Glibc
#endif

/// Opening a journal for writing: reads the last segment through, cuts off a torn or damaged
/// tail (keeping its bytes in a `.discarded` file) and finds where numbering continues.
enum JournalRecoveryScan {
    /// Where the writer continues.
    struct State {
        var segment: WritableSegment?
        var nextSeq: UInt64
        var lastReceivedMs: Int64
        var recovery: JournalRecovery?
    }

    static func run(_ files: SegmentDirectory, clock: () -> Int64) throws -> State {
        guard let last = try files.segments().last else {
            return State(segment: nil, nextSeq: 1, lastReceivedMs: .min, recovery: nil)
        }
        let path = files.file(last.name)
        var recovery = try repairFileHeader(files, last, clock: clock)
        let reader = try SegmentReader(directory: files, segment: last)
        let size = try reader.size()
        guard case .success = try reader.readFileHeader() else {
            throw JournalError.corrupt(segment: last.name, offset: 0, problem: "file header unreadable after repair")
        }
        var expected = last.firstSeq
        var lastReceivedMs = Int64.min
        var entries = 0
        var cut: (offset: Int64, problem: String)?
        scan: while true {
            switch try reader.next(payload: true) {
            case let .entry(header, _, _, offset):
                guard header.seq == expected else {
                    cut = (offset, "entry \(header.seq) where \(expected) was expected")
                    break scan
                }
                expected += 1
                lastReceivedMs = header.receivedMs
                entries += 1
            case .end:
                break scan
            case let .torn(offset, bytes):
                cut = (offset, "torn entry (\(bytes) bytes of an unfinished append)")
                break scan
            case let .corrupt(offset, problem):
                cut = (offset, problem)
                break scan
            }
        }
        var finalSize = size
        if let cut {
            let saved = try saveTail(files, last, from: cut.offset, to: size)
            let fd = retryingEINTR { open(path, O_WRONLY | O_CLOEXEC) }
            guard fd >= 0 else { throw JournalError.io("open", path) }
            defer { close(fd) }
            guard retryingEINTR({ ftruncate(fd, off_t(cut.offset)) }) == 0 else { throw JournalError.io("truncate", path) }
            guard retryingEINTR({ fdatasync(fd) }) == 0 else { throw JournalError.io("fdatasync", path) }
            finalSize = cut.offset
            try files.sync()
            recovery = JournalRecovery(segment: last.name, offset: cut.offset, discardedBytes: size - cut.offset,
                                       problem: cut.problem, savedAs: saved)
        }
        let segment = try WritableSegment(path: path, firstSeq: last.firstSeq, size: finalSize, entries: entries)
        // What is in the file counts as durable from now on.
        try segment.syncData()
        return State(segment: segment, nextSeq: expected, lastReceivedMs: lastReceivedMs, recovery: recovery)
    }

    /// Rewrites a missing, torn or damaged file header of the last segment (its name carries the first seq).
    private static func repairFileHeader(_ files: SegmentDirectory, _ segment: SegmentDirectory.Segment,
                                         clock: () -> Int64) throws -> JournalRecovery? {
        let reader = try SegmentReader(directory: files, segment: segment)
        let size = try reader.size()
        let problem: String
        switch try reader.readFileHeader() {
        case let .success(first) where first == segment.firstSeq: return nil
        case let .success(first): problem = "file header names first seq \(first)"
        case let .failure(failure): problem = failure.text
        }
        let path = files.file(segment.name)
        let fd = retryingEINTR { open(path, O_WRONLY | O_CLOEXEC) }
        guard fd >= 0 else { throw JournalError.io("open", path) }
        defer { close(fd) }
        let shortFile = size < Int64(JournalFormat.segmentHeaderSize)
        if shortFile, retryingEINTR({ ftruncate(fd, 0) }) != 0 { throw JournalError.io("truncate", path) }
        let header = JournalFormat.segmentHeader(firstSeq: segment.firstSeq, createdMs: clock())
        let written = header.withUnsafeBytes { bytes in retryingEINTR { pwrite(fd, bytes.baseAddress, bytes.count, 0) } }
        guard written == header.count else { throw JournalError.io("write", path) }
        guard retryingEINTR({ fdatasync(fd) }) == 0 else { throw JournalError.io("fdatasync", path) }
        return JournalRecovery(segment: segment.name, offset: 0, discardedBytes: shortFile ? size : 0,
                               problem: problem + " (rewritten)", savedAs: nil)
    }

    /// Copies bytes `[from, to)` of the segment to `<segment>.<from>.discarded`; returns that name.
    private static func saveTail(_ files: SegmentDirectory, _ segment: SegmentDirectory.Segment, from: Int64, to: Int64) throws -> String {
        let name = "\(segment.name).\(from).discarded"
        let sourcePath = files.file(segment.name)
        let targetPath = files.file(name)
        let source = retryingEINTR { open(sourcePath, O_RDONLY | O_CLOEXEC) }
        guard source >= 0 else { throw JournalError.io("open", sourcePath) }
        defer { close(source) }
        let target = retryingEINTR { open(targetPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) }
        guard target >= 0 else { throw JournalError.io("create", targetPath) }
        defer { close(target) }
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        var position = from
        while position < to {
            let got = retryingEINTR { pread(source, buffer.baseAddress, min(chunk, Int(to - position)), off_t(position)) }
            guard got > 0 else { throw JournalError.io("read", sourcePath) }
            try writeFully(target, UnsafeRawBufferPointer(rebasing: buffer[0..<got]), path: targetPath)
            position += Int64(got)
        }
        guard retryingEINTR({ fsync(target) }) == 0 else { throw JournalError.io("fsync", targetPath) }
        return name
    }
}
