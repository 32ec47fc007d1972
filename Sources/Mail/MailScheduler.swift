import Foundation
import Store
import Synchronization

/// Sends the scheduled reports of `tollbook serve` on time (docs/mail.md).
///
/// Each ``tick(now:)`` queues every report whose schedule came due since the previous tick (once,
/// however many of its instants passed: a long pause sends it once, not once per missed
/// instant) in the store's outbox (`mail_outbox`, one row per recipient), then tries every queued
/// send that is due — first tries and retries alike, also those a previous run of `serve` left.
/// Instants before the scheduler started are not caught up: after downtime the next scheduled
/// instant is the next send (`tollbook reports run` sends a missed one by hand); sends that were
/// queued before the downtime are. A transient SMTP failure (server down, refused for now) is
/// tried again after the policy's back-off (initial, doubling, capped) until its attempts are used
/// up; then it is given up, audited (`report.mail`, failure, `gave_up=true`) and reported with
/// ``Event/gaveUp``. The thread started by ``start()`` ticks on the wall clock; tests call
/// ``tick(now:)`` with their own instants.
public final class MailScheduler: Sendable {
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
        /// Whether this failed try was the last: the send is given up.
        public var gaveUp: Bool

        /// Creates an event.
        public init(report: String, user: String?, outcome: MailOutcome, attempt: Int, gaveUp: Bool = false) {
            self.report = report
            self.user = user
            self.outcome = outcome
            self.attempt = attempt
            self.gaveUp = gaveUp
        }
    }

    private let mailer: ReportMailer
    private let policy: MailRetryPolicy
    private let actor: String
    private let log: @Sendable (Event) -> Void
    private let state: Mutex<(last: Date, stopped: Bool, thread: Thread?)>
    private let wake = NSCondition()
    private let finished = DispatchSemaphore(value: 0)

    /// A scheduler for `mailer`'s reports; instants after `start` are due.
    public init(mailer: ReportMailer, startingAt start: Date = Date(), actor: String = "tollbook serve",
                log: @escaping @Sendable (Event) -> Void = { _ in }) {
        self.mailer = mailer
        policy = mailer.retry
        self.actor = actor
        self.log = log
        state = Mutex((start, false, nil))
    }

    /// Sends waiting in the outbox (first tries and retries), 0 when the store cannot be read.
    public var pendingRetries: Int { (try? mailer.outbox().pendingMailSendCount()) ?? 0 }

    /// Sends what is due at `now`; returns what happened.
    @discardableResult
    public func tick(now: Date) -> [Event] {
        let last = state.withLock { $0.last }
        let nowMs = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        var events: [Event] = []
        func report(_ event: Event) {
            events.append(event)
            log(event)
        }
        for scheduled in mailer.reports {
            guard let instant = scheduled.schedule.next(after: last, in: scheduled.timeZone), instant <= now else { continue }
            do {
                try mailer.enqueue(scheduled, at: instant, to: try mailer.deliveries(for: scheduled), nowMs: nowMs)
            } catch {
                report(Event(report: scheduled.name, user: nil, outcome: .failed(reason: "recipients: \(error)", transient: false),
                             attempt: 1))
            }
        }
        let store: CallStore
        let due: [MailSendRecord]
        do {
            store = try mailer.outbox()
            due = try store.dueMailSends(nowMs: nowMs)
        } catch {
            // The store is unreachable now: the queued sends wait for a later tick.
            state.withLock { $0.last = max($0.last, now) }
            return events
        }
        for send in due {
            let number = send.attempts + 1
            guard let scheduled = mailer.reports.first(where: { $0.name == send.schedule }) else {
                // The schedule left the configuration: nothing to render any more.
                try? store.markMailSendFailed(id: send.id, error: "the schedule is no longer configured", nextAttemptMs: nil)
                mailer.auditGivingUp(schedule: send.schedule, user: send.recipientUser, attempts: send.attempts, actor: actor)
                report(Event(report: send.schedule, user: send.recipientUser,
                             outcome: .failed(reason: "the schedule is no longer configured", transient: false),
                             attempt: number, gaveUp: true))
                continue
            }
            let delivery = MailDelivery(address: send.recipient, user: send.recipientUser)
            let instant = Date(timeIntervalSince1970: TimeInterval(send.runMs) / 1000)
            let outcome = mailer.send(scheduled, at: instant, to: delivery, actor: actor, trigger: "schedule", attempt: number)
            var gaveUp = false
            switch outcome {
            case .sent:
                try? store.markMailSent(id: send.id, nowMs: nowMs)
            case .refused(let reason):
                try? store.markMailSendFailed(id: send.id, error: "refused: \(reason)", nextAttemptMs: nil)
            case .failed(let reason, let transient):
                if transient && number < policy.attempts {
                    let next = nowMs + Int64(policy.delay(afterAttempt: number)) * 1000
                    try? store.markMailSendFailed(id: send.id, error: reason, nextAttemptMs: next)
                } else {
                    try? store.markMailSendFailed(id: send.id, error: reason, nextAttemptMs: nil)
                    if transient {
                        gaveUp = true
                        mailer.auditGivingUp(schedule: send.schedule, user: send.recipientUser, attempts: number, actor: actor)
                    }
                }
            }
            report(Event(report: send.schedule, user: send.recipientUser, outcome: outcome, attempt: number, gaveUp: gaveUp))
        }
        state.withLock { $0.last = max($0.last, now) }
        return events
    }

    /// The next instant something is due after `now` (a schedule or a queued send).
    func nextWake(after now: Date) -> Date? {
        let nowMs = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        let queued = (try? mailer.outbox().dueMailSends(nowMs: .max, limit: 1))?.first
            .map { Date(timeIntervalSince1970: TimeInterval(max($0.nextAttemptMs, nowMs)) / 1000) }
        let schedules = mailer.reports.compactMap { $0.schedule.next(after: now, in: $0.timeZone) }.min()
        return [queued, schedules].compactMap { $0 }.min()
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
