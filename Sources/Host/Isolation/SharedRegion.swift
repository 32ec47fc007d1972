#if canImport(Glibc)
import Glibc
#endif
import CSystemShim
import Foundation

/// Memory shared by a parser worker and its parent: an unlinked file in `/dev/shm` (or the
/// temporary directory) mapped by both. Windows and replies that fit travel through it instead of
/// through the pipes, which then carry only the frame headers: a window is copied once instead
/// of twice, and the plugin parses it in place.
final class SharedRegion {
    /// The file descriptor (passed to the worker as a descriptor number).
    let fd: Int32
    /// The mapped bytes.
    let bytes: UnsafeMutableRawBufferPointer

    /// Bytes of a new region: a 1 MiB window and its reply fit with room to spare.
    static let defaultSize = 8 << 20

    /// Creates a new region (in the parent), or returns `nil` when no file can be made or mapped.
    static func create(size: Int = defaultSize) -> SharedRegion? {
        for directory in ["/dev/shm", NSTemporaryDirectory()] {
            var template = Array("\(directory)/tollbook-worker-XXXXXX".utf8CString)
            // Close-on-exec from the start (another thread may be spawning a worker right now).
            let fd = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { tollbook_mkstemp_cloexec($0) } ?? -1 }
            guard fd >= 0 else { continue }
            template.withUnsafeBufferPointer { buffer in _ = buffer.baseAddress.map { unlink($0) } }
            // Reserve the pages now: a full /dev/shm would otherwise show up as SIGBUS on first write.
            guard posix_fallocate(fd, 0, off_t(size)) == 0, let region = SharedRegion(fd: fd) else {
                close(fd)
                continue
            }
            return region
        }
        return nil
    }

    /// Maps the region behind `fd` (in the worker: the descriptor the parent passed).
    init?(fd: Int32) {
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0 else { return nil }
        let size = Int(info.st_size)
        guard let address = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), address != MAP_FAILED else { return nil }
        self.fd = fd
        bytes = UnsafeMutableRawBufferPointer(start: address, count: size)
    }

    deinit {
        munmap(bytes.baseAddress, bytes.count)
        close(fd)
    }

    /// Copies the parts into the region, one after the other; returns `false` when they do not fit.
    func store(_ parts: [UnsafeRawBufferPointer]) -> Bool {
        guard parts.reduce(0, { $0 + $1.count }) <= bytes.count, let base = bytes.baseAddress else { return false }
        var offset = 0
        for part in parts where part.count > 0 {
            if let source = part.baseAddress { (base + offset).copyMemory(from: source, byteCount: part.count) }
            offset += part.count
        }
        return true
    }

    /// The first `count` bytes, or `nil` when the region is smaller.
    func prefix(_ count: Int) -> UnsafeRawBufferPointer? {
        guard count <= bytes.count else { return nil }
        return UnsafeRawBufferPointer(rebasing: bytes[0..<count])
    }
}
