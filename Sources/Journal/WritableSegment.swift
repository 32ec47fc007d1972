#if canImport(Glibc)
import Glibc
#endif

/// The segment a writer appends to: an `O_APPEND` descriptor, closed when the last user (the
/// writer, or a sync running outside the writer's lock) lets go of it.
///
/// `@unchecked Sendable`: `size` and `entries` change only under the owning ``JournalWriter``'s lock;
/// other threads only `fdatasync` the constant descriptor.
final class WritableSegment: @unchecked Sendable {
    /// The first seq (from the file name).
    let firstSeq: UInt64
    /// The file's path.
    let path: String
    /// The `O_APPEND` descriptor.
    let fd: Int32
    /// Bytes in the file (header included). Changed under the writer's lock only.
    var size: Int64
    /// Entries in the file. Changed under the writer's lock only.
    var entries: Int

    /// Opens an existing segment file for appending.
    init(path: String, firstSeq: UInt64, size: Int64, entries: Int) throws {
        fd = retryingEINTR { open(path, O_WRONLY | O_APPEND | O_CLOEXEC) }
        guard fd >= 0 else { throw JournalError.io("open", path) }
        self.path = path
        self.firstSeq = firstSeq
        self.size = size
        self.entries = entries
    }

    /// Creates a new segment file with its header, durably (file and directory synced). The file
    /// is written under a temporary name and renamed, so readers never see it without its header.
    static func create(in directory: SegmentDirectory, firstSeq: UInt64, createdMs: Int64) throws -> WritableSegment {
        let path = directory.file(JournalFormat.segmentName(firstSeq: firstSeq))
        guard access(path, F_OK) != 0 else { throw JournalError.io(operation: "create", path: path, errno: EEXIST) }
        let temporary = path + ".new"
        let fd = retryingEINTR { open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) }
        guard fd >= 0 else { throw JournalError.io("create", temporary) }
        defer { close(fd) }
        let header = JournalFormat.segmentHeader(firstSeq: firstSeq, createdMs: createdMs)
        try header.withUnsafeBytes { try writeFully(fd, $0, path: temporary) }
        guard fdatasync(fd) == 0 else { throw JournalError.io("fdatasync", temporary) }
        guard rename(temporary, path) == 0 else { throw JournalError.io("rename", temporary) }
        try directory.sync()
        return try WritableSegment(path: path, firstSeq: firstSeq, size: Int64(header.count), entries: 0)
    }

    deinit {
        close(fd)
    }

    /// Writes the buffers as one `writev` (continuing after a short write).
    func append(_ parts: [UnsafeRawBufferPointer]) throws {
        var vectors = parts.filter { $0.count > 0 }.map { iovec(iov_base: UnsafeMutableRawPointer(mutating: $0.baseAddress), iov_len: $0.count) }
        var total = vectors.reduce(0) { $0 + $1.iov_len }
        var first = 0
        while total > 0 {
            let written = vectors.withUnsafeBufferPointer { all in
                retryingEINTR { writev(fd, all.baseAddress.map { $0 + first }, Int32(all.count - first)) }
            }
            guard written >= 0 else { throw JournalError.io("write", path) }
            if written == 0 { throw JournalError.io(operation: "write", path: path, errno: EIO) }
            total -= written
            var rest = written
            while rest > 0, first < vectors.count {
                if rest >= vectors[first].iov_len {
                    rest -= vectors[first].iov_len
                    first += 1
                } else {
                    vectors[first].iov_base = vectors[first].iov_base.map { $0 + rest }
                    vectors[first].iov_len -= rest
                    rest = 0
                }
            }
        }
    }

    /// `fdatasync`: the data (and the size) on disk.
    func syncData() throws {
        guard retryingEINTR({ fdatasync(fd) }) == 0 else { throw JournalError.io("fdatasync", path) }
    }

    /// Cuts the file back to `length` bytes (after a failed write).
    func truncate(to length: Int64) throws {
        guard retryingEINTR({ ftruncate(fd, off_t(length)) }) == 0 else { throw JournalError.io("truncate", path) }
    }
}

/// Writes all of `bytes` to `fd`.
func writeFully(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
    var done = 0
    while done < bytes.count {
        let written = retryingEINTR { write(fd, bytes.baseAddress.map { $0 + done }, bytes.count - done) }
        guard written > 0 else { throw JournalError.io("write", path) }
        done += written
    }
}
