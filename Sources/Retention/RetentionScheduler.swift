import Foundation
import Synchronization

/// Runs retention periodically in `tollbook serve`: the first run `firstRunAfterSeconds` after
/// ``start()``, then every `intervalSeconds` (24 h by default; `privacy.retention.interval` and
/// `first_run_after` make it short for tests). Each run's outcome goes to `report` (counts only);
/// a failed run goes to `failure` with an error that names no person or number, and the next run
/// is tried at the next interval. ``stop()`` wakes the thread and waits for a running run to end.
public final class RetentionScheduler: Sendable {
    private let state = Mutex<(stopped: Bool, thread: Thread?)>((false, nil))
    private let wake = NSCondition()
    private let run: @Sendable () throws -> RetentionReport
    private let report: @Sendable (RetentionReport) -> Void
    private let failure: @Sendable (any Error) -> Void
    private let firstDelay: TimeInterval
    private let interval: TimeInterval
    private let finished = DispatchSemaphore(value: 0)

    /// A scheduler calling `run` (e.g. `engine.run(asOfMs: now, dryRun: false)`).
    public init(firstRunAfterSeconds: Int, intervalSeconds: Int, run: @escaping @Sendable () throws -> RetentionReport,
                report: @escaping @Sendable (RetentionReport) -> Void, failure: @escaping @Sendable (any Error) -> Void) {
        firstDelay = TimeInterval(firstRunAfterSeconds)
        interval = TimeInterval(max(1, intervalSeconds))
        self.run = run
        self.report = report
        self.failure = failure
    }

    /// Starts the thread (once).
    public func start() {
        let thread = Thread { [self] in loop() }
        thread.name = "tollbook-retention"
        let started = state.withLock { state -> Bool in
            guard state.thread == nil, !state.stopped else { return false }
            state.thread = thread
            return true
        }
        if started { thread.start() }
    }

    /// Stops: no further run starts; returns when the thread has ended.
    public func stop() {
        let running = state.withLock { state -> Bool in
            state.stopped = true
            return state.thread != nil
        }
        wake.lock()
        wake.broadcast()
        wake.unlock()
        if running { finished.wait() }
    }

    private var isStopped: Bool { state.withLock { $0.stopped } }

    /// Waits `seconds` or until stopped; returns whether to go on.
    private func sleep(_ seconds: TimeInterval) -> Bool {
        let deadline = Date(timeIntervalSinceNow: seconds)
        wake.lock()
        defer { wake.unlock() }
        while !isStopped && Date() < deadline { _ = wake.wait(until: deadline) }
        return !isStopped
    }

    private func loop() {
        defer { finished.signal() }
        var delay = firstDelay
        while sleep(delay) {
            do {
                report(try run())
            } catch {
                failure(error)
            }
            delay = interval
        }
    }
}
