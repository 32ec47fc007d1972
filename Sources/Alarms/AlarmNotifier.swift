import Store

/// Sends alarm notifications of one channel. The outbox (`alarm_outbox`) holds one row per alarm
/// and channel; ``AlarmDelivery`` hands the due rows to the notifier of their channel and retries
/// failures with exponential back-off. The webhook notifier is ``WebhookNotifier``; mail (from the
/// `Mail` module) implements the same protocol with channel `mail`.
public protocol AlarmNotifier: AnyObject {
    /// The channel name stored in the outbox (`webhook`, `mail`).
    var channel: String { get }
    /// Whether alarms of `site` go to this channel (its settings exist).
    func covers(site: String) -> Bool
    /// The retry policy for `site`: attempts, first wait and longest wait (seconds).
    func retryPolicy(site: String) -> AlarmRetryPolicy
    /// Delivers one notification; throws when it must be retried.
    func deliver(_ delivery: AlarmDeliveryRecord, nowMs: Int64) throws
}

/// How often and how patiently a notification is retried.
public struct AlarmRetryPolicy: Sendable, Equatable {
    /// Attempts before giving up.
    public var maxAttempts: Int
    /// Seconds before the first retry (doubled after every failure).
    public var initialSeconds: Int
    /// The longest wait, seconds.
    public var maxSeconds: Int

    /// Creates a policy.
    public init(maxAttempts: Int, initialSeconds: Int, maxSeconds: Int) {
        self.maxAttempts = maxAttempts
        self.initialSeconds = initialSeconds
        self.maxSeconds = maxSeconds
    }

    /// The wait after the `attempts`-th failed attempt: initial · 2^(attempts−1), at most max (ms);
    /// `nil` when no attempt is left.
    public func delayMs(afterAttempts attempts: Int) -> Int64? {
        guard attempts < maxAttempts else { return nil }
        let exponent = min(max(attempts - 1, 0), 30)
        let seconds = min(Int64(initialSeconds) << exponent, Int64(maxSeconds))
        return seconds * 1000
    }
}
