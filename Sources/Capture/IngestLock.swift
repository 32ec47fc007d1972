import Foundation

/// An exclusive lock on a journal's `ingest.lock` file (`flock`), so that only one process — the
/// service or `tollbook journal replay` — ingests an instance at a time. The kernel releases it
/// when the process dies, so a killed service never leaves a stale lock.
struct IngestLock {
    private let descriptor: Int32

    /// Takes the lock without waiting.
    /// - Throws: ``CaptureError/instanceBusy(instance:lockFile:)`` when another process holds it.
    init(directory: String, instance: String) throws {
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/ingest.lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw CaptureError.instanceFailed(instance: instance, reason: "\(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw CaptureError.instanceBusy(instance: instance, lockFile: path)
        }
        self.descriptor = descriptor
    }

    /// Releases the lock.
    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
