import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A request to stop, set by SIGINT, SIGTERM or SIGHUP: long-running commands poll it between
/// steps, finish what they committed and exit cleanly instead of dying mid-write. A second
/// signal ends the process at once (what was committed stays; the import log row is marked
/// `interrupted` by the next import).
///
/// `@unchecked Sendable`: `requested` is read and written under `lock`; `sources` is filled by
/// ``install()`` before the request is handed to anyone and only kept alive after that.
final class StopRequest: @unchecked Sendable {
    private let lock = NSLock()
    private var requested = false
    private var sources: [DispatchSourceSignal] = []

    /// Whether a signal asked to stop.
    var isRequested: Bool {
        lock.lock()
        defer { lock.unlock() }
        return requested
    }

    /// Takes SIGINT, SIGTERM and SIGHUP for this process (safe: the flag is only written on a
    /// dispatch queue, never in a signal handler).
    static func install() -> StopRequest {
        let request = StopRequest()
        for number in [SIGINT, SIGTERM, SIGHUP] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [request] in request.signalled(number) }
            source.resume()
            request.sources.append(source)
        }
        return request
    }

    private func signalled(_ number: Int32) {
        lock.lock()
        let again = requested
        requested = true
        lock.unlock()
        if again { exit(128 + number) }
    }
}
