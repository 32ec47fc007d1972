import Privacy
import TollbookConfiguration
import Store
import Foundation
import Host
import Ingest
import Logging
import NIOCore
import Pricing
import TollbookCore

/// One running connector instance: its journal, its transport and its ingester.
///
/// `@unchecked Sendable`: all stored properties are constants; the parts they hold are thread-safe
/// themselves (journal, ingester, worker pool) or used under ``CaptureService``'s lifecycle lock (transport).
final class ConnectorInstance: @unchecked Sendable {
    let settings: ConnectorInstanceSettings
    let site: SiteConfiguration
    let journal: CaptureJournal
    let transport: any CaptureTransport
    let ingester: Ingester
    /// Idle parser workers, reused across the instance's streams.
    let workers = WorkerPool()

    /// Builds the parts; nothing runs before ``start()``.
    /// - Throws: ``CaptureError`` naming the instance and the problem.
    init(settings: ConnectorInstanceSettings, site: SiteConfiguration, plugin: PluginLibrary, pricer: CallPricer?,
         service: ServiceSettings, encryption: StoreKeyAccess = .none, metrics: InstanceMetrics, group: EventLoopGroup,
         logger: Logger, privacy: PrivacyPolicy? = nil, extraStages: @escaping () -> [any IngestStage] = { [] }) throws {
        self.settings = settings
        self.site = site
        let name = settings.name
        do {
            journal = try CaptureJournal(directory: service.journalDirectory(instance: name),
                                         segmentBytes: service.journalSegmentBytes, metrics: metrics,
                                         cipher: try Self.journalCipher(storePath: service.storePath, encryption: encryption))
        } catch {
            throw CaptureError.instanceFailed(instance: name, reason: "journal: \(error)")
        }
        let state = service.stateDirectory(instance: name)
        transport = try TransportFactory.make(settings: settings, stateDirectory: state, journal: journal, group: group,
                                              logger: logger)
        let optionsJSON = settings.optionsJSON
        guard let converter = WallClockConverter(identifier: site.timeZone) else {
            throw CaptureError.instanceFailed(instance: name, reason: "unknown time zone \(site.timeZone)")
        }
        let factory = ParserFactory.make(plugin: plugin, optionsJSON: optionsJSON, converter: converter,
                                         isolation: settings.isolation, timeoutSeconds: settings.timeoutSeconds,
                                         memoryBytes: settings.memoryBytes, pool: workers)
        // An in-process plugin that crashed the service on a stream parses that stream in a worker.
        let isolated = settings.isolation == .inProcess
            ? ParserFactory.make(plugin: plugin, optionsJSON: optionsJSON, converter: converter, isolation: .worker,
                                 timeoutSeconds: settings.timeoutSeconds, memoryBytes: settings.memoryBytes, pool: workers)
            : nil
        ingester = Ingester(
            instance: name, connector: plugin.info.id, timeZone: site.timeZone, storePath: service.storePath, encryption: encryption,
            journalDirectory: service.journalDirectory(instance: name), writer: journal.writer, pricer: pricer,
            makeParser: factory, makeIsolatedParser: isolated, metrics: metrics, logger: logger,
            settings: Ingester.Settings(commitRecords: service.commitRecords, commitIntervalMs: service.commitIntervalMs,
                                       retentionMs: Int64(service.journalRetentionDays) * 86_400_000,
                                       maximumRecordBytes: service.maxRecordBytes),
            privacy: privacy, extraStages: extraStages)
    }

    /// The journal cipher of an encrypted store (`nil` for a plaintext one).
    static func journalCipher(storePath: String, encryption: StoreKeyAccess) throws -> JournalCipher? {
        if case .key = encryption { return try CallStore(path: storePath, encryption: encryption).journalCipher() }
        return nil
    }

    /// Starts ingesting what the journal holds, then the transport.
    func start() throws {
        ingester.start()
        do {
            try transport.start()
        } catch {
            ingester.stop()
            throw error
        }
    }

    /// Stops the transport first (nothing new is acknowledged), then the ingester.
    func stop() {
        transport.stop()
        ingester.stop()
        workers.drain()
        // Releases the journal's writer lock at once, for a restart of the instance in this process.
        try? journal.writer.close()
    }

    /// The instance's status for `/healthz` and `tollbook sites`.
    func status(state: String) -> InstanceStatus {
        let last = journal.writer.lastSequence
        let done = ingester.committedSequence
        return InstanceStatus(
            name: settings.name, site: site.name, plugin: settings.plugin, transport: settings.transport.typeName,
            endpoint: transport.endpoint, state: ingester.disabled == nil ? state : "failed", isolation: settings.isolation.rawValue,
            lastError: ingester.lastError ?? transport.lastError, journalLag: last - min(last, done), journalLastSeq: last,
            pluginErrors: ingester.pluginFailureCount)
    }
}
