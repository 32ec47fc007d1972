#if canImport(Glibc)
import Glibc
#endif

/// Reads the entries of one segment file in order through a reusable buffer (read-ahead for small
/// entries, exact reads for large ones). Shared by the reader, the verifier and writer recovery.
final class SegmentReader {
    /// One step through the file. Pointers stay valid until the next call.
    enum Step {
        /// A whole entry; `payload` is empty when payloads were skipped.
        case entry(JournalFormat.EntryHeader, origin: UnsafeRawBufferPointer, payload: UnsafeRawBufferPointer, offset: Int64)
        /// The data ends at an entry boundary.
        case end
        /// The file ends inside the entry at `offset`, with `bytes` of it present.
        case torn(offset: Int64, bytes: Int)
        /// The entry at `offset` is damaged.
        case corrupt(offset: Int64, problem: String)
    }

    /// The segment.
    let segment: SegmentDirectory.Segment
    /// The file's path.
    let path: String
    /// The offset of the next entry.
    private(set) var offset = Int64(JournalFormat.segmentHeaderSize)
    private let fd: Int32
    private var buffer: UnsafeMutableRawPointer
    private var capacity: Int
    private var windowStart: Int64 = 0
    private var windowCount = 0
    private var knownSize: Int64 = 0
    /// How far small reads read ahead: the whole buffer, or a little when skipping large entries.
    private var aheadBytes = Int.max
    private static let readAhead = 256 << 10

    /// Opens the segment for reading.
    init(directory: SegmentDirectory, segment: SegmentDirectory.Segment) throws {
        self.segment = segment
        let path = directory.file(segment.name)
        self.path = path
        fd = retryingEINTR { open(path, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { throw JournalError.io("open", path) }
        capacity = Self.readAhead
        buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }

    deinit {
        close(fd)
        buffer.deallocate()
    }

    /// The file's size now.
    func size() throws -> Int64 {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw JournalError.io("stat", path) }
        knownSize = Int64(info.st_size)
        return knownSize
    }

    /// Reads and checks the file header; on success the next entry is the first one.
    func readFileHeader() throws -> Result<UInt64, JournalFormat.SegmentHeaderProblem> {
        let available = try fill(JournalFormat.segmentHeaderSize, at: 0)
        let result = JournalFormat.decodeSegmentHeader(UnsafeRawBufferPointer(start: buffer, count: available))
        if case .success = result { offset = Int64(JournalFormat.segmentHeaderSize) }
        return result
    }

    /// Moves to the entry at `newOffset` (an entry boundary found earlier).
    func move(to newOffset: Int64) {
        offset = newOffset
    }

    /// Reads the next entry.
    /// - Parameters:
    ///   - payload: read the payload (and check the checksum); `false` only walks the headers.
    func next(payload: Bool) throws -> Step {
        let start = offset
        if payload { aheadBytes = Int.max }
        let headerBytes = try fill(JournalFormat.entryHeaderSize, at: start)
        if headerBytes == 0 { return .end }
        if headerBytes < JournalFormat.entryHeaderSize { return .torn(offset: start, bytes: headerBytes) }
        guard let header = JournalFormat.decodeEntry(pointer(at: start)) else {
            return .corrupt(offset: start, problem: "bad entry magic")
        }
        if let problem = JournalFormat.implausibility(of: header) { return .corrupt(offset: start, problem: problem) }
        let total = header.totalSize
        let originStart = start + Int64(JournalFormat.entryHeaderSize)
        if knownSize < start + Int64(total), try size() < start + Int64(total) {
            // Not all there (yet): no buffer for a length the file cannot hold.
            return .torn(offset: start, bytes: Int(knownSize - start))
        }
        if payload {
            let present = try fill(total, at: start)
            if present < total { return .torn(offset: start, bytes: present) }
            let entry = UnsafeRawBufferPointer(start: pointer(at: start), count: total)
            guard JournalFormat.entryChecksum(entry) == header.checksum else {
                return .corrupt(offset: start, problem: "checksum mismatch (entry \(header.seq))")
            }
        } else {
            // Walking past large entries: read only around the next header, not a buffer full of payload.
            aheadBytes = total > Self.readAhead / 4 ? 4096 : Int.max
            if try fill(JournalFormat.entryHeaderSize + header.originLength, at: start) < JournalFormat.entryHeaderSize + header.originLength {
                return .torn(offset: start, bytes: Int(knownSize - start))
            }
        }
        offset = start + Int64(total)
        let origin = UnsafeRawBufferPointer(start: pointer(at: originStart), count: header.originLength)
        let body = payload
            ? UnsafeRawBufferPointer(start: pointer(at: originStart + Int64(header.originLength)), count: header.payloadLength)
            : UnsafeRawBufferPointer(start: nil, count: 0)
        return .entry(header, origin: origin, payload: body, offset: start)
    }

    private func pointer(at fileOffset: Int64) -> UnsafeRawPointer {
        UnsafeRawPointer(buffer + Int(fileOffset - windowStart))
    }

    /// Makes up to `count` bytes at `fileOffset` available in the buffer; returns how many are (fewer only at end of file).
    private func fill(_ count: Int, at fileOffset: Int64) throws -> Int {
        let windowEnd = windowStart + Int64(windowCount)
        if fileOffset >= windowStart && fileOffset + Int64(count) <= windowEnd { return count }
        if fileOffset >= windowStart && fileOffset < windowEnd {
            let keep = Int(windowEnd - fileOffset)
            if fileOffset > windowStart { memmove(buffer, buffer + Int(fileOffset - windowStart), keep) }
            windowCount = keep
        } else {
            windowCount = 0
        }
        windowStart = fileOffset
        if count > capacity {
            let grown = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 16)
            grown.copyMemory(from: buffer, byteCount: windowCount)
            buffer.deallocate()
            buffer = grown
            capacity = count
        }
        // Small entries: read ahead (to fill the buffer); large ones: exactly what is missing.
        let target = count > Self.readAhead ? count : max(count, min(capacity, aheadBytes))
        while windowCount < count {
            let want = target - windowCount
            let got = retryingEINTR { pread(fd, buffer + windowCount, want, off_t(windowStart) + off_t(windowCount)) }
            guard got >= 0 else { throw JournalError.io("read", path) }
            if got == 0 { break }
            windowCount += got
        }
        return min(count, windowCount)
    }
}
