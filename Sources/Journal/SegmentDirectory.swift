#if canImport(Glibc)
import Glibc
#endif

/// The segment files of a journal directory, oldest first, and directory-level file operations.
struct SegmentDirectory {
    /// One segment file.
    struct Segment: Equatable {
        /// The first sequence number, from the file name.
        let firstSeq: UInt64
        /// The file name (`<20 digits>.tbj`).
        let name: String
    }

    /// The directory path.
    let path: String

    /// The full path of a file in the directory.
    func file(_ name: String) -> String {
        path.hasSuffix("/") ? path + name : path + "/" + name
    }

    /// The segment files, sorted by first seq. Other files (`writer.lock`, discarded tails) are ignored.
    func segments() throws -> [Segment] {
        guard let dir = opendir(path) else {
            if errno == ENOENT || errno == ENOTDIR { throw JournalError.notADirectory(path) }
            throw JournalError.io("list", path)
        }
        defer { closedir(dir) }
        var found: [Segment] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if let first = JournalFormat.firstSeq(ofSegmentName: name) { found.append(Segment(firstSeq: first, name: name)) }
        }
        return found.sorted { $0.firstSeq < $1.firstSeq }
    }

    /// Names of files that look like segments (`.tbj`) but whose names are not `<20 digits>.tbj`.
    func strayFiles() -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var found: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name.hasSuffix(JournalFormat.segmentSuffix), JournalFormat.firstSeq(ofSegmentName: name) == nil { found.append(name) }
        }
        return found.sorted()
    }

    /// Makes creations and deletions of files in the directory durable.
    func sync() throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw JournalError.io("open directory", path) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw JournalError.io("fsync directory", path) }
    }

    /// The index of the segment that holds `seq` (the last one whose first seq is <= seq); 0 if
    /// `seq` is before every segment. `segments` must not be empty.
    static func index(holding seq: UInt64, in segments: [Segment]) -> Int {
        var low = 0
        var high = segments.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if segments[middle].firstSeq <= seq { low = middle } else { high = middle - 1 }
        }
        return low
    }
}

/// Retries a system call interrupted by a signal.
@inline(__always)
func retryingEINTR<T: BinaryInteger>(_ call: () -> T) -> T {
    while true {
        let result = call()
        if result < 0 && errno == EINTR { continue }
        return result
    }
}
