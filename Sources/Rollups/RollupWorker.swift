import Foundation
import Logging
import Store
import TollbookConfiguration
import TollbookCore

/// The roll-up worker of `tollbook serve`: every `rollups.refresh_seconds` it refreshes the
/// quarters the ingest stage marked changed (``RollupMaintenance/refresh()``), on a thread of its own.
public final class RollupWorker: @unchecked Sendable {
    private let maintenance: RollupMaintenance
    private let intervalSeconds: Int
    private let logger: Logger
    private let stopSignal = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private var thread: Thread?

    /// A worker for the store at `storePath` with `configuration`'s settings and interval.
    public init(storePath: String, configuration: ConfigurationFile, encryption: StoreKeyAccess, logger: Logger) {
        maintenance = RollupMaintenance(storePath: storePath, configuration: configuration, encryption: encryption)
        intervalSeconds = configuration.rollups.refreshSeconds
        self.logger = logger
    }

    /// One refresh.
    @discardableResult
    public func runOnce() throws -> RollupRefreshReport {
        let report = try maintenance.refresh()
        if let skipped = report.skipped { logger.warning("roll-ups not refreshed", metadata: ["reason": "\(skipped)"]) }
        return report
    }

    /// Starts the refreshes (the first after one interval).
    public func start() {
        let thread = Thread { [self] in
            while stopSignal.wait(timeout: .now() + .seconds(intervalSeconds)) == .timedOut {
                do {
                    try runOnce()
                } catch {
                    logger.error("roll-up refresh failed; retried next round", metadata: ["error": "\(error)"])
                }
            }
            finished.signal()
        }
        thread.name = "tollbook-rollups"
        self.thread = thread
        thread.start()
    }

    /// Stops after the current refresh.
    public func stop() {
        guard thread != nil else { return }
        stopSignal.signal()
        finished.wait()
        thread = nil
    }
}
