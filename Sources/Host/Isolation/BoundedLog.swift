import Foundation
import Synchronization

/// The tail of a worker's standard error: the last ``capacity`` bytes, for diagnostics. Filled by
/// a reader thread of its own until the pipe ends.
final class BoundedLog: Sendable {
    /// Bytes kept.
    let capacity: Int
    private let bytes = Mutex<[UInt8]>([])
    private let ended = DispatchSemaphore(value: 0)

    /// Starts reading `fd` on a thread of its own; the descriptor is closed at its end.
    init(reading fd: Int32, capacity: Int = 16 << 10) {
        self.capacity = capacity
        let thread = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                append(buffer[0..<count])
            }
            close(fd)
            ended.signal()
        }
        thread.name = "tollbook-worker-stderr"
        thread.start()
    }

    private func append(_ chunk: ArraySlice<UInt8>) {
        let capacity = self.capacity
        bytes.withLock { bytes in
            bytes.append(contentsOf: chunk)
            if bytes.count > capacity { bytes.removeFirst(bytes.count - capacity) }
        }
    }

    /// Waits (at most `seconds`) until the writer's end is closed, e.g. after the worker died.
    func waitForEnd(seconds: Double) {
        if ended.wait(timeout: .now() + seconds) == .success { ended.signal() }
    }

    /// What was kept, as text.
    var text: String {
        bytes.withLock { String(decoding: $0, as: UTF8.self) }
    }
}
