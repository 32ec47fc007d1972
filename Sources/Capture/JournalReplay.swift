import Foundation
import Host
import Journal
import Logging
import Pricing
import Store
import Ingest
import TollbookConfiguration
import TollbookCore

/// `tollbook journal replay`: rebuilds a connector instance's calls from its raw journal, e.g.
/// after a plugin fix. The calls and rejects of the streams received from a point in time on are
/// deleted, the instance's position is set back to the first of them, and the journal is read
/// again with today's plugin, numbering plan and tariffs. Streams are identified as before, so
/// nothing is stored twice. Runs only while no service ingests the instance (a lock says so).
public enum JournalReplay {
    /// What a replay did.
    public struct Report: Sendable, Equatable {
        /// Streams read again.
        public var streams: Int
        /// Calls deleted before reading again.
        public var deletedCalls: Int
        /// Rejects deleted before reading again.
        public var deletedRejects: Int
        /// Calls stored by the replay.
        public var storedCalls: Int
        /// The newest call id after the old calls were removed: the calls the replay stored have
        /// larger ids (``CallStore/startWindow(ofCallsAfter:)`` gives their window, e.g. for alarms).
        public var storedAfterCallID: Int64 = 0
    }

    /// Replays the streams of `instance` received at or after `fromMs` (all streams when `nil`).
    ///
    /// The streams' records go through the same ingest pipeline as the capture service's (``Ingester``).
    /// - Parameter clock: the time stamped on the import log, rejects and rated calls.
    /// - Parameter extraStages: ingest stages added to the pipeline (as serve's, e.g. the roll-up stage).
    /// - Throws: ``CaptureError`` (unknown instance, instance busy, journal pruned), ``StoreError``, ``JournalError``.
    public static func run(configuration: ConfigurationFile, instance name: String, fromMs: Int64?,
                           plugin: (ConnectorInstanceSettings, SiteConfiguration) throws -> PluginLibrary,
                           logger: Logger, clock: MillisecondClock = .system,
                           extraStages: @escaping () -> [any IngestStage] = { [] }) throws -> Report {
        guard let (site, settings) = configuration.connectorInstances.first(where: { $0.connector.name == name }) else {
            throw CaptureError.unknownInstance(name)
        }
        let service = configuration.service
        let directory = service.journalDirectory(instance: name)
        guard FileManager.default.fileExists(atPath: directory) else {
            throw CaptureError.instanceFailed(instance: name, reason: "no journal at \(directory)")
        }
        let library = try plugin(settings, site)
        let encryption = try configuration.storeKeyAccess()
        let store = try CallStore(path: service.storePath, encryption: encryption)
        let sourceID = try store.sourceID(named: name, connector: library.info.id, timeZone: site.timeZone, nowMs: clock.now())
        let streams = try store.ingestStreams(sourceID: sourceID, receivedAtOrAfter: fromMs ?? Int64.min)
        guard let first = streams.first else { return Report(streams: 0, deletedCalls: 0, deletedRejects: 0, storedCalls: 0) }
        let reader = try JournalReader(directory: directory)
        if let oldest = reader.oldestSequence, oldest > first.stream {
            throw CaptureError.instanceFailed(
                instance: name,
                reason: "the journal no longer holds stream \(first.stream) (retention removed entries before \(oldest)); replay from a later time")
        }
        let lock = try IngestLock(directory: directory, instance: name)
        let deleted: (calls: Int, rejects: Int)
        do {
            deleted = try store.rewindIngest(sourceID: sourceID, toStream: first.stream)
        } catch {
            lock.release()
            throw error
        }
        lock.release()
        let before = try store.callCount(sourceID: sourceID)
        let newestBefore = try store.newestCallID()
        guard let converter = WallClockConverter(identifier: site.timeZone) else {
            throw CaptureError.instanceFailed(instance: name, reason: "unknown time zone \(site.timeZone)")
        }
        let workers = WorkerPool()
        defer { workers.drain() }
        let ingester = Ingester(
            instance: name, connector: library.info.id, timeZone: site.timeZone, storePath: service.storePath, encryption: encryption,
            journalDirectory: directory, writer: nil,
            pricer: try CallPricer(site: site, tariffsDirectory: configuration.tariffsDirectory),
            makeParser: ParserFactory.make(plugin: library, optionsJSON: settings.optionsJSON, converter: converter,
                                           isolation: settings.isolation, timeoutSeconds: settings.timeoutSeconds,
                                           memoryBytes: settings.memoryBytes, pool: workers),
            metrics: InstanceMetrics(instance: name, registry: .init()), logger: logger,
            settings: Ingester.Settings(commitRecords: 50_000, commitIntervalMs: 60_000),
            privacy: configuration.privacy.policy, extraStages: extraStages, clock: clock)
        try ingester.runUntilCaughtUp()
        let after = try store.callCount(sourceID: sourceID)
        return Report(streams: streams.count, deletedCalls: deleted.calls, deletedRejects: deleted.rejects,
                      storedCalls: after - before, storedAfterCallID: newestBefore)
    }
}

extension ConnectorInstanceSettings {
    /// The options as the JSON object the plugin gets.
    var optionsJSON: String {
        JSONText.object(options.map { ($0.key, $0.value) })
    }
}
