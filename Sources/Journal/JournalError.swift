#if canImport(Glibc)
import Glibc
#endif

/// What can go wrong with a journal. Messages name the directory, segment file and byte offset;
/// they never contain payload bytes (captured call data is personal data).
public enum JournalError: Error, CustomStringConvertible, Equatable {
    /// A system call failed: what was done, on which path, and `errno`.
    case io(operation: String, path: String, errno: Int32)
    /// The journal directory does not exist or is not a directory.
    case notADirectory(String)
    /// Another writer (in this or another process) holds the directory's `writer.lock`.
    case locked(directory: String)
    /// An entry's bytes are not what was written: the segment file (name only), the entry's byte offset, what is wrong.
    case corrupt(segment: String, offset: Int64, problem: String)
    /// The payload is larger than one entry may hold.
    case payloadTooLarge(bytes: Int, limit: Int)
    /// The origin text is longer than one entry may hold (UTF-8 bytes).
    case originTooLong(bytes: Int, limit: Int)
    /// The flags do not fit the call: a new stream must have `.begin`, a continued one must not.
    case invalidFlags(String)
    /// The stream was not begun by this writer, or has already ended.
    case streamNotOpen(UInt64)
    /// An earlier write or sync failed; the writer accepts nothing more (reopen it to recover).
    case writerFailed(String)
    /// The writer was closed.
    case closed(directory: String)

    /// A one-line message for logs and the command line.
    public var description: String {
        switch self {
        case let .io(operation, path, code):
            return "journal: \(operation) \(path) failed: \(String(cString: strerror(code))) (errno \(code))"
        case let .notADirectory(path):
            return "journal: \(path) is not a directory"
        case let .locked(directory):
            return "journal: \(directory) is in use by another writer (writer.lock is held)"
        case let .corrupt(segment, offset, problem):
            return "journal: segment \(segment) at byte \(offset): \(problem)"
        case let .payloadTooLarge(bytes, limit):
            return "journal: payload of \(bytes) bytes is larger than the limit of \(limit) bytes"
        case let .originTooLong(bytes, limit):
            return "journal: origin of \(bytes) bytes is longer than the limit of \(limit) bytes"
        case let .invalidFlags(what):
            return "journal: invalid flags: \(what)"
        case let .streamNotOpen(stream):
            return "journal: stream \(stream) is not open in this writer (never begun here, or already ended)"
        case let .writerFailed(what):
            return "journal: the writer stopped after an earlier failure: \(what)"
        case let .closed(directory):
            return "journal: the writer of \(directory) is closed"
        }
    }

    /// `.io` for the current `errno`.
    static func io(_ operation: String, _ path: String) -> JournalError {
        .io(operation: operation, path: path, errno: errno)
    }
}
