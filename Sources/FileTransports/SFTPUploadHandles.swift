import Foundation

/// An open SFTP handle of an upload session.
enum SFTPUploadHandle {
    /// A file being uploaded into a hidden staging file.
    case upload(StagedUpload)
    /// The upload directory opened for listing (always listed as empty).
    case directory
}

/// A file being uploaded: the name the client gave it and the hidden staging file that holds its bytes.
final class StagedUpload {
    /// The name prefix of staging files (never addressable by clients).
    static let prefix = ".tollbook-upload-"
    /// The file name as sent.
    let name: String
    /// The hidden staging file in the upload directory.
    let stagingPath: String
    /// The staging file's descriptor.
    let descriptor: Int32
    /// Whether a write failed (the close then fails instead of delivering a damaged file).
    var failed = false
    /// Whether the descriptor is still open (it is closed exactly once).
    private var isOpen = true

    /// Creates (exclusively, mode 0600) a staging file in `directory` for `name`.
    init(name: String, directory: String) throws {
        self.name = name
        let path = (directory as NSString).appendingPathComponent(Self.prefix + UUID().uuidString)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw FileTransportError.localFile(path: path, reason: String(cString: strerror(errno)))
        }
        self.stagingPath = path
        self.descriptor = fd
    }

    /// Writes `bytes` at `offset`; marks the upload failed on error.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) -> Bool {
        var done = 0
        while done < bytes.count {
            let result = pwrite(descriptor, bytes.baseAddress.map { $0 + done }, bytes.count - done, off_t(offset) + off_t(done))
            if result < 0 {
                if errno == EINTR { continue }
                failed = true
                return false
            }
            done += result
        }
        return true
    }

    /// The current size of the staging file.
    func size() -> Int64? {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        return Int64(info.st_size)
    }

    /// Flushes the staging file to disk and closes it; false when that failed.
    func finish() -> Bool {
        guard isOpen else { return false }
        isOpen = false
        let synced = fsync(descriptor) == 0
        let closed = close(descriptor) == 0
        return synced && closed && !failed
    }

    /// Closes the descriptor (if still open) and removes the staging file.
    func discard() {
        if isOpen {
            isOpen = false
            close(descriptor)
        }
        unlink(stagingPath)
    }
}
