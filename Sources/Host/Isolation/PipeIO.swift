#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Reading and writing whole buffers on pipe descriptors: partial transfers and `EINTR` are
/// handled; with a deadline the descriptor must be non-blocking and `poll` waits for it.
enum PipeIO {
    /// Why a transfer stopped.
    enum Failure: Error, Equatable {
        /// The deadline passed.
        case timedOut
        /// The other end is gone (end of file, `EPIPE`).
        case closed
        /// Another system error (`errno`).
        case failed(Int32)
    }

    /// Nanoseconds on the monotonic clock.
    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Writes all of `data`.
    ///
    /// A write to a pipe whose reader is gone (a dead worker) fails with ``Failure/closed`` and
    /// does not kill the process, whether or not the process ignores SIGPIPE (`tollbook`'s `main`
    /// does; a test process or another program using this module may not): SIGPIPE is blocked on
    /// this thread during the write and a SIGPIPE the write raised is taken back before the mask
    /// is restored. No process-wide signal disposition is changed.
    static func write(_ fd: Int32, _ data: UnsafeRawBufferPointer, deadline: UInt64?) throws(Failure) {
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        var previousMask = sigset_t()
        pthread_sigmask(SIG_BLOCK, &pipeSignal, &previousMask)
        var pending = sigset_t()
        sigpending(&pending)
        let wasPending = sigismember(&pending, SIGPIPE) == 1
        defer { pthread_sigmask(SIG_SETMASK, &previousMask, nil) }
        do throws(Failure) {
            try writeAll(fd, data, deadline: deadline)
        } catch .closed {
            if !wasPending {
                // Take back the SIGPIPE this write raised (none is pending when SIGPIPE is ignored).
                var noWait = timespec(tv_sec: 0, tv_nsec: 0)
                while sigtimedwait(&pipeSignal, nil, &noWait) < 0 && errno == EINTR {}
            }
            throw .closed
        }
    }

    private static func writeAll(_ fd: Int32, _ data: UnsafeRawBufferPointer, deadline: UInt64?) throws(Failure) {
        var done = 0
        while done < data.count {
            guard let base = data.baseAddress else { return }
            let count = Glibc.write(fd, base + done, data.count - done)
            if count > 0 {
                done += count
                continue
            }
            let error = errno
            if count < 0, error == EINTR { continue }
            if count < 0, error == EAGAIN || error == EWOULDBLOCK {
                try wait(fd, events: Int16(POLLOUT), deadline: deadline)
                continue
            }
            if count < 0, error == EPIPE { throw .closed }
            throw .failed(error)
        }
    }

    /// Fills all of `buffer`.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, deadline: UInt64?) throws(Failure) {
        var done = 0
        while done < buffer.count {
            guard let base = buffer.baseAddress else { return }
            let count = Glibc.read(fd, base + done, buffer.count - done)
            if count > 0 {
                done += count
                continue
            }
            if count == 0 { throw .closed }
            let error = errno
            if error == EINTR { continue }
            if error == EAGAIN || error == EWOULDBLOCK {
                try wait(fd, events: Int16(POLLIN), deadline: deadline)
                continue
            }
            throw .failed(error)
        }
    }

    /// Waits until `fd` is ready for `events` (or hung up), at most until the deadline.
    private static func wait(_ fd: Int32, events: Int16, deadline: UInt64?) throws(Failure) {
        while true {
            var timeout: Int32 = -1
            if let deadline {
                let current = now()
                guard current < deadline else { throw .timedOut }
                timeout = Int32(min((deadline - current + 999_999) / 1_000_000, UInt64(Int32.max)))
            }
            var entry = pollfd(fd: fd, events: events, revents: 0)
            let ready = poll(&entry, 1, timeout)
            if ready > 0 { return }
            if ready < 0, errno != EINTR { throw .failed(errno) }
        }
    }

    /// Asks for a pipe buffer of `bytes` (Linux `F_SETPIPE_SZ`; capped by
    /// `/proc/sys/fs/pipe-max-size`), so a window crosses in few system calls.
    static func enlarge(_ fd: Int32, to bytes: Int32 = 1 << 20) {
        let setPipeSize: Int32 = 1031
        _ = fcntl(fd, setPipeSize, bytes)
    }

    /// Sets `O_NONBLOCK`.
    static func setNonBlocking(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK) }
    }
}
