#if canImport(Glibc)
import Glibc
#endif

/// In a worker: on a fatal signal, writes ``outOfMemoryLine`` to standard error when the process
/// has used (nearly) all of its address-space limit, then dies of the signal as before. That is
/// how the parent tells "ran out of memory" (malloc failed, then abort or a NULL write) from any
/// other crash. The handler uses only async-signal-safe calls and no heap.
public enum WorkerCrashMarker {
    /// The line the handler writes.
    public static let outOfMemoryLine = "tollbook-worker: address space limit reached"

    /// Installs the handler for SIGSEGV, SIGBUS, SIGABRT, SIGILL, SIGTRAP and SIGFPE (on an
    /// alternate stack, so a stack overflow is reported too).
    public static func install() {
        let size = 256 << 10
        if let memory = malloc(size) {
            var stack = stack_t(ss_sp: memory, ss_flags: 0, ss_size: size)
            _ = sigaltstack(&stack, nil)
        }
        for signal in [SIGSEGV, SIGBUS, SIGABRT, SIGILL, SIGTRAP, SIGFPE] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = markerHandler
            action.sa_flags = Int32(bitPattern: UInt32(SA_RESETHAND)) | Int32(SA_ONSTACK)
            sigemptyset(&action.sa_mask)
            _ = sigaction(signal, &action, nil)
        }
    }
}

/// The signal handler (a C function pointer: no captures).
private let markerHandler: @convention(c) (Int32) -> Void = { signal in
    if nearAddressSpaceLimit() {
        let line: StaticString = "\ntollbook-worker: address space limit reached\n"
        _ = write(2, line.utf8Start, line.utf8CodeUnitCount)
    }
    // SA_RESETHAND restored the default action: dying of the same signal tells the parent which.
    raise(signal)
}

/// Whether the address space in use (`/proc/self/statm`, first field, in pages) is within 10 %
/// (or 64 MiB) of `RLIMIT_AS`.
private func nearAddressSpaceLimit() -> Bool {
    var limit = rlimit()
    guard getrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else { return false }
    let fd = open("/proc/self/statm", O_RDONLY)
    guard fd >= 0 else { return false }
    var buffer: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    let count = withUnsafeMutableBytes(of: &buffer) { read(fd, $0.baseAddress, $0.count) }
    close(fd)
    guard count > 0 else { return false }
    var pages: UInt64 = 0
    withUnsafeBytes(of: &buffer) { bytes in
        for index in 0..<count {
            let byte = bytes[index]
            guard byte >= 48, byte <= 57 else { break }
            pages = pages &* 10 &+ UInt64(byte - 48)
        }
    }
    let used = pages &* UInt64(sysconf(Int32(_SC_PAGESIZE)))
    let cap = UInt64(limit.rlim_cur)
    return used >= cap - min(cap / 10, 64 << 20)
}
