import Foundation

/// Idle parser workers of one connector instance, reused across streams: a stream that ended
/// normally hands its worker back, and the next stream gets a new parser in it instead of a new
/// process (an HTTP receiver makes one stream per request; starting a process for each would cost
/// more than parsing). Workers that failed are never reused.
///
/// `@unchecked Sendable`: the idle list is used under `lock`; a worker taken from it belongs to one
/// stream (one thread) until it is handed back.
public final class WorkerPool: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [WorkerParserSession] = []
    /// Largest number of idle workers kept.
    public let maximumIdle: Int

    /// Creates an empty pool.
    public init(maximumIdle: Int = 2) {
        self.maximumIdle = maximumIdle
    }

    /// A worker with a fresh parser: an idle one reset for the new source, else a new process.
    /// - Throws: ``WorkerLaunchError``, ``WorkerFailure``, ``HostError``.
    public func take(pluginPath: String, connector: String, optionsJSON: String, sourceName: String,
                     timeZoneIdentifier: String, settings: WorkerSettings) throws -> WorkerParserSession {
        while let candidate = lock.withLock({ idle.popLast() }) {
            guard candidate.connector == connector, candidate.settings == settings else {
                candidate.close()
                continue
            }
            do {
                try candidate.reset(optionsJSON: optionsJSON, sourceName: sourceName, timeZoneIdentifier: timeZoneIdentifier)
                return candidate
            } catch {
                candidate.close()
            }
        }
        return try WorkerParserSession(pluginPath: pluginPath, connector: connector, optionsJSON: optionsJSON,
                                       sourceName: sourceName, timeZoneIdentifier: timeZoneIdentifier, settings: settings)
    }

    /// Takes back a worker whose stream has ended normally (closed when the pool is full).
    public func give(_ worker: WorkerParserSession) {
        guard worker.isAlive else { return }
        let kept = lock.withLock { () -> Bool in
            guard idle.count < maximumIdle else { return false }
            idle.append(worker)
            return true
        }
        if !kept { worker.close() }
    }

    /// Ends every idle worker (the instance stops).
    public func drain() {
        let all = lock.withLock { () -> [WorkerParserSession] in
            defer { idle.removeAll() }
            return idle
        }
        for worker in all { worker.close() }
    }
}
