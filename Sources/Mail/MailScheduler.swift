import Foundation
import Synchronization

/// Sends the scheduled reports of `tollbook serve` on time (docs/mail.md).
///
/// Each ``tick(now:)`` sends every report whose schedule came due since the previous tick (once,
/// however many of its instants passed: a long pause sends it once, not once per missed
/// instant) and every retry whose time has come. Instants before the scheduler started are not
/// caught up: after downtime the next scheduled instant is the next send (`tollbook reports run`
/// sends a missed one by hand). A transient SMTP failure (server down, refused for now) is tried
/// again after the policy's back-off (initial, doubling, capped) until its attempts are used up;
/// pending retries are kept in memory only. The thread started by ``start()`` ticks on the wall
/// clock; tests call ``tick(now:)`` with their own instants.
public final class MailScheduler: Sendable {
    /// One delivery waiting for its next try.
    struct Pending: Sendable {
        let report: ScheduledReport
        let scheduledAt: Date
        let delivery: MailDelivery
        let attempt: Int
        let due: Date
    }

    /// What a tick did: one line per delivery (report name, outcome, attempt; no address).
    public struct Event: Sendable, Equatable {
        /// The schedule's name.
        public var report: String
        /// The recipient's user (nil: unmapped).
        public var user: String?
        /// How it ended.
        public var outcome: MailOutcome
        /// The try's number.
        public var attempt: Int

        /// Creates an event.
        public init(report: String, user: String?, outcome: MailOutcome, attempt: Int) {
            self.report = report
            self.user = user
            self.outcome = outcome
            self.attempt = attempt
        }
    }

    private let mailer: ReportMailer
    private let policy: MailRetryPolicy
    private let actor: String
    private let log: @Sendable (Event) -> Void
    private let state: Mutex<(last: Date, pending: [Pending], stopped: Bool, thread: Thread?)>
    private let wake = NSCondition()
    private let finished = DispatchSemaphore(value: 0)

    /// A scheduler for `mailer`'s reports; instants after `start` are due.
    public init(mailer: ReportMailer, startingAt start: Date = Date(), actor: String = "tollbook serve",
                log: @escaping @Sendable (Event) -> Void = { _ in }) {
        self.mailer = mailer
        policy = mailer.retry
        self.actor = actor
        self.log = log
        state = Mutex((start, [], false, nil))
    }

    /// Deliveries waiting for a retry.
    public var pendingRetries: Int { state.withLock { $0.pending.count } }

    /// Sends what is due at `now`; returns what happened.
    @discardableResult
    public func tick(now: Date) -> [Event] {
        let (last, retries) = state.withLock { state -> (Date, [Pending]) in
            let due = state.pending.filter { $0.due <= now }
            state.pending.removeAll { $0.due <= now }
            return (state.last, due)
        }
        var events: [Event] = []
        var again: [Pending] = []
        func attempt(_ report: ScheduledReport, _ scheduledAt: Date, _ delivery: MailDelivery, _ number: Int) {
            let outcome = mailer.send(report, at: scheduledAt, to: delivery, actor: actor, trigger: "schedule", attempt: number)
            let event = Event(report: report.name, user: delivery.user, outcome: outcome, attempt: number)
            events.append(event)
            log(event)
            if case .failed(_, let transient) = outcome, transient, number < policy.attempts {
                again.append(Pending(report: report, scheduledAt: scheduledAt, delivery: delivery, attempt: number + 1,
                                     due: now.addingTimeInterval(TimeInterval(policy.delay(afterAttempt: number)))))
            }
        }
        for report in mailer.reports {
            guard let instant = report.schedule.next(after: last, in: report.timeZone), instant <= now else { continue }
            do {
                for delivery in try mailer.deliveries(for: report) { attempt(report, instant, delivery, 1) }
            } catch {
                let event = Event(report: report.name, user: nil, outcome: .failed(reason: "recipients: \(error)", transient: false),
                                  attempt: 1)
                events.append(event)
                log(event)
            }
        }
        for retry in retries { attempt(retry.report, retry.scheduledAt, retry.delivery, retry.attempt) }
        state.withLock { state in
            state.last = max(state.last, now)
            state.pending += again
        }
        return events
    }

    /// The next instant something is due after `now` (a schedule or a retry).
    func nextWake(after now: Date) -> Date? {
        let retry = state.withLock { $0.pending.map(\.due).min() }
        let schedules = mailer.reports.compactMap { $0.schedule.next(after: now, in: $0.timeZone) }.min()
        return [retry, schedules].compactMap { $0 }.min()
    }

    /// Starts the thread (once).
    public func start() {
        let thread = Thread { [self] in loop() }
        thread.name = "tollbook-mail"
        let started = state.withLock { state -> Bool in
            guard state.thread == nil, !state.stopped else { return false }
            state.thread = thread
            return true
        }
        if started { thread.start() }
    }

    /// Stops: no further send starts; returns when the thread has ended.
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

    private func loop() {
        defer { finished.signal() }
        while !isStopped {
            let now = Date()
            // Wake at the next due instant, at the latest after 30 s (the wall clock may jump).
            let until = min(nextWake(after: now) ?? now.addingTimeInterval(30), now.addingTimeInterval(30))
            wake.lock()
            while !isStopped && Date() < until { _ = wake.wait(until: until) }
            wake.unlock()
            if isStopped { return }
            tick(now: Date())
        }
    }
}
