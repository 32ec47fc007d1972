import CSystemShim
import Foundation
import Store
import TollbookConfiguration

/// Refreshes the roll-ups while a bulk write runs (`tollbook import`, `journal replay`). A thread
/// of its own, scheduled to run only when a core is idle, builds the settled part of what is
/// pending (``RollupMaintenance/prepareRefresh(store:settledAtLeastMs:settledAtMostMs:)``: the quarters calls still to
/// come in a time-ordered import cannot change, once they span `settledDays`); the import's writer
/// stores each finished round inside its next write transaction (``RollupDirtyStage``), so that the
/// roll-up rows never wait for SQLite's write lock against the import, nor the import against them.
/// The rest of the changes stays pending, noted from where the round stopped: no quarter is built
/// twice in an import in time order.
///
/// ``finish()`` abandons the round being built (nothing of it is written), stores a finished one
/// the writer has not taken, and returns: the caller's refresh covers what is still pending. A
/// round that fails leaves its changes pending for that refresh; the follower then stops.
public final class RollupFollower: @unchecked Sendable {
    private let maintenance: RollupMaintenance
    private let cancellation = RollupCancellation()
    private let pauseSeconds: Double
    private let settledAtLeastMs: Int64
    private let finished = DispatchSemaphore(value: 0)
    private var thread: Thread?
    private let lock = NSLock()
    private var pending: RollupRound?
    private var rounds = 0

    /// A follower of the store at `storePath`, built with `configuration`'s settings, resting
    /// `pauseSeconds` between rounds, building once the settled quarters span `settledDays` days
    /// and at most twice that in one round (what one round holds in memory).
    public init(storePath: String, configuration: ConfigurationFile?, encryption: StoreKeyAccess, pauseSeconds: Double = 0.2,
                settledDays: Int = 28) {
        settledAtLeastMs = Int64(settledDays) * 86_400_000
        let maintenance = RollupMaintenance(storePath: storePath, configuration: configuration, encryption: encryption)
        maintenance.maximumWorkers = 1
        maintenance.cancellation = cancellation
        self.maintenance = maintenance
        self.pauseSeconds = pauseSeconds
    }

    /// The rounds stored so far.
    public var storedRounds: Int {
        lock.lock()
        defer { lock.unlock() }
        return rounds
    }

    /// Starts the rounds (the first after one pause).
    public func start() {
        let thread = Thread { [self] in
            run()
            finished.signal()
        }
        thread.name = "tollbook-rollup-follower"
        self.thread = thread
        thread.start()
    }

    private func run() {
        // The import's threads come first: the follower takes only the time they leave.
        _ = tollbook_run_thread_when_idle()
        let store: CallStore
        do {
            store = try CallStore(path: maintenance.storePath, encryption: maintenance.encryption)
        } catch {
            return
        }
        while !cancellation.isCancelled {
            Thread.sleep(forTimeInterval: pauseSeconds)
            // A round not yet stored: the next one would build the same changes again.
            guard !cancellation.isCancelled, !hasPending else { continue }
            do {
                let round = try maintenance.prepareRefresh(store: store, settledAtLeastMs: settledAtLeastMs,
                                                           settledAtMostMs: 2 * settledAtLeastMs)
                if round.skipped != nil { return }
                guard !round.replace.isEmpty || round.clearingDirtyThrough != nil else { continue }
                lock.lock()
                pending = round
                lock.unlock()
            } catch {
                return
            }
        }
    }

    private var hasPending: Bool {
        lock.lock()
        defer { lock.unlock() }
        return pending != nil
    }

    /// Stores the finished round, if there is one, into `store` — inside the caller's open write
    /// transaction (the import's writer calls it from ``RollupDirtyStage``).
    public func storePendingRound(into store: CallStore) throws {
        lock.lock()
        let round = pending
        pending = nil
        lock.unlock()
        guard let round else { return }
        try maintenance.write(round, to: store)
        lock.lock()
        rounds += 1
        lock.unlock()
    }

    /// After a round could not be stored: drops it and stops building (its changes stay pending
    /// for the refresh at the end).
    public func stopAfterFailure() {
        cancellation.cancel()
        lock.lock()
        pending = nil
        lock.unlock()
    }

    /// Abandons the round being built, waits for the thread to end and stores a finished round
    /// the writer has not taken.
    public func finish() throws {
        guard thread != nil else { return }
        cancellation.cancel()
        finished.wait()
        thread = nil
        guard hasPending else { return }
        try storePendingRound(into: try CallStore(path: maintenance.storePath, encryption: maintenance.encryption))
    }
}
