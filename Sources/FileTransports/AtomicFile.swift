import Foundation

/// Replaces a file atomically: a temporary file beside it is written and fsynced, then renamed over it,
/// then the directory is fsynced, so a crash leaves either the old or the new contents.
enum AtomicFile {
    /// Writes `data` to `path` atomically.
    static func write(_ data: Data, to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = (directory.isEmpty ? "." : directory) + "/." + (path as NSString).lastPathComponent + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure(path, "cannot create \(temporary)") }
        let written = data.withUnsafeBytes { buffer -> Int in
            var done = 0
            while done < buffer.count {
                let result = Glibc.write(fd, buffer.baseAddress.map { $0 + done }, buffer.count - done)
                if result < 0 {
                    if errno == EINTR { continue }
                    return -1
                }
                done += result
            }
            return done
        }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == data.count, synced, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw failure(path, "cannot write")
        }
        let directoryFD = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            fsync(directoryFD)
            close(directoryFD)
        }
    }

    private static func failure(_ path: String, _ reason: String) -> FileTransportError {
        .stateFile(path: path, reason: "\(reason): \(String(cString: strerror(errno)))")
    }
}
