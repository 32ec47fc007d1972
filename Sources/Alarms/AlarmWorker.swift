import Access
import Foundation
import Logging
import Store
import TollbookConfiguration
import TollbookCore

/// The alarm worker of `tollbook serve`: every `intervalMs` it evaluates the windows the
/// ``AlarmStage`` noted (one scan over their union, with the same rule code as `tollbook alarms
/// scan`) and delivers the due notifications of the outbox. Windows and outbox live in the store, so
/// nothing is lost when the service stops between two rounds.
public final class AlarmWorker: @unchecked Sendable {
    private var scanner: AlarmScanner
    private let storePath: String
    private let encryption: StoreKeyAccess
    private var notifiers: [any AlarmNotifier]
    private let audit: any AuditRecording
    /// Guards ``scanner`` and ``notifiers`` (replaced by ``reconfigure(_:notifiers:)`` from another thread).
    private let lock = NSLock()
    private let intervalMs: Int
    private let logger: Logger
    private let clock: MillisecondClock
    private let stopSignal = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private var thread: Thread?
    /// The worker's own connection, opened at the first round (rounds never run concurrently).
    private var openStore: CallStore?

    /// A worker for the store at `storePath`.
    /// - Parameters:
    ///   - notifiers: the channels (webhook, mail) new alarms are queued for and delivered through.
    ///   - intervalMs: the pause between two rounds (default 500 ms).
    public init(storePath: String, configuration: ConfigurationFile, audit: any AuditRecording, encryption: StoreKeyAccess,
                notifiers: [any AlarmNotifier], intervalMs: Int = 500, logger: Logger, clock: MillisecondClock = .system) {
        scanner = AlarmScanner(storePath: storePath, configuration: configuration, audit: audit, encryption: encryption,
                               notifiers: notifiers)
        self.storePath = storePath
        self.encryption = encryption
        self.notifiers = notifiers
        self.audit = audit
        self.intervalMs = intervalMs
        self.logger = logger
        self.clock = clock
    }

    /// Uses the sites of `configuration` (their `alarms:` settings) and `notifiers` from the next
    /// round on — what `serve` calls after a configuration reload (SIGHUP).
    public func reconfigure(_ configuration: ConfigurationFile, notifiers: [any AlarmNotifier]) {
        let scanner = AlarmScanner(storePath: storePath, configuration: configuration, audit: audit, encryption: encryption,
                                   notifiers: notifiers)
        lock.withLock {
            self.scanner = scanner
            self.notifiers = notifiers
        }
    }

    /// One round: evaluates the pending windows, then delivers what is due.
    /// - Returns: the alarms raised in this round.
    @discardableResult
    public func runOnce() throws -> [AlarmRecord] {
        let (scanner, notifiers) = lock.withLock { (self.scanner, self.notifiers) }
        let store = try openStore ?? CallStore(path: storePath, encryption: encryption)
        openStore = store
        let windows = try store.pendingAlarmWindows()
        var raised: [AlarmRecord] = []
        if let last = windows.last, let from = windows.map(\.fromMs).min(), let to = windows.map(\.toMs).max() {
            raised = try scanner.scan(fromMs: from, toMs: to, nowMs: clock.now()).raised
            try store.removeAlarmWindows(through: last.id)
            for alarm in raised {
                // Ids, rule and site only: the message may name a destination, never a number.
                logger.notice("alarm raised", metadata: [
                    "alarm": "\(alarm.id)", "rule": "\(alarm.rule)", "severity": "\(alarm.severity)", "site": "\(alarm.site)",
                ])
            }
        }
        try AlarmDelivery(store: store, notifiers: notifiers, logger: logger).runDue(nowMs: clock.now())
        return raised
    }

    /// Starts the rounds on a thread of their own.
    public func start() {
        let thread = Thread { [self] in
            repeat {
                do {
                    try runOnce()
                } catch {
                    logger.error("alarm evaluation failed; retried next round", metadata: ["error": "\(error)"])
                }
            } while stopSignal.wait(timeout: .now() + .milliseconds(intervalMs)) == .timedOut
            finished.signal()
        }
        thread.name = "tollbook-alarms"
        self.thread = thread
        thread.start()
    }

    /// Stops after the current round.
    public func stop() {
        guard thread != nil else { return }
        stopSignal.signal()
        finished.wait()
        thread = nil
    }
}
