import Logging
import Store

/// Delivers the due notifications of the outbox through the notifiers of their channels,
/// retrying failures with exponential back-off (`attempts`, `next_attempt_ms`, `last_error` are
/// stored, so a restart continues where the last process stopped).
public struct AlarmDelivery {
    /// The store holding the outbox.
    public let store: CallStore
    /// The notifiers, by channel.
    public let notifiers: [any AlarmNotifier]
    /// Where failures are logged (ids and URLs only).
    public let logger: Logger

    /// Creates a delivery run.
    public init(store: CallStore, notifiers: [any AlarmNotifier], logger: Logger = Logger(label: "tollbook.alarms")) {
        self.store = store
        self.notifiers = notifiers
        self.logger = logger
    }

    /// Attempts every notification due at `nowMs` once.
    /// - Returns: how many were delivered and how many failed this round.
    @discardableResult
    public func runDue(nowMs: Int64) throws -> (delivered: Int, failed: Int) {
        var delivered = 0
        var failed = 0
        for delivery in try store.dueAlarmDeliveries(nowMs: nowMs) {
            let notifier = notifiers.first { $0.channel == delivery.channel }
            do {
                guard let notifier else { throw AlarmError.noNotifier(channel: delivery.channel) }
                try notifier.deliver(delivery, nowMs: nowMs)
                try store.markAlarmDelivered(id: delivery.id, nowMs: nowMs)
                delivered += 1
            } catch {
                let policy = notifier?.retryPolicy(site: delivery.site) ?? AlarmRetryPolicy(maxAttempts: 12, initialSeconds: 30, maxSeconds: 3600)
                let next = policy.delayMs(afterAttempts: delivery.attempts + 1).map { nowMs + $0 }
                try store.markAlarmDeliveryFailed(id: delivery.id, error: "\(error)", nextAttemptMs: next)
                let retry: String = next.map { "in \(($0 - nowMs) / 1000) s" } ?? "given up"
                logger.warning("alarm notification failed", metadata: [
                    "alarm": "\(delivery.alarmID)", "channel": "\(delivery.channel)", "attempt": "\(delivery.attempts + 1)",
                    "retry": "\(retry)", "error": "\(error)",
                ])
                failed += 1
            }
        }
        return (delivered, failed)
    }
}
