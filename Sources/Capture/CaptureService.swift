import Privacy
import TollbookConfiguration
import Foundation
import Host
import Logging
import NIOCore
import NIOPosix
import Pricing
import Store
import Ingest
import Prometheus

/// `tollbook serve`: runs the connector instances of a configuration file, each with its transport,
/// journal and ingester, plus the operations endpoint. Instances are started, stopped and
/// reconfigured one at a time; a failing instance does not touch the others.
///
/// `@unchecked Sendable`: the instance tables, failures, metrics, overrides and configuration are used
/// under `lock`; starts, stops and reloads are serialised by `lifecycle`.
public final class CaptureService: @unchecked Sendable {
    /// Loads (and admits) the plugin of a connector instance.
    public typealias PluginProvider = @Sendable (ConnectorInstanceSettings, SiteConfiguration) throws -> PluginLibrary

    /// The metrics registry (`/metrics`).
    public let registry = PrometheusCollectorRegistry()
    private let loadConfiguration: @Sendable () throws -> ConfigurationFile
    private let pluginProvider: PluginProvider
    private let logger: Logger
    private let group: MultiThreadedEventLoopGroup
    private let lock = NSLock()
    /// Serialises starting, stopping and reconfiguring instances.
    private let lifecycle = NSLock()
    private var configuration: ConfigurationFile
    private var running: [String: ConnectorInstance] = [:]
    private var failures: [String: String] = [:]
    private var metrics: [String: InstanceMetrics] = [:]
    private var overrides: InstanceOverrides
    private var ops: OpsServer?
    private let recordOperatorAction: @Sendable (OperatorAction) throws -> Void
    /// Makes the extra ingest stages of an instance of a site (alarms; see ``init(loadConfiguration:pluginProvider:logger:recordOperatorAction:extraStages:)``).
    private let extraStages: ExtraStages

    /// Makes the ingest stages an instance's records pass besides the standard ones (called once per ingest pass).
    public typealias ExtraStages = @Sendable (SiteConfiguration) -> [any IngestStage]

    /// Creates the service.
    /// - Parameters:
    ///   - loadConfiguration: reads the configuration file (again on reload).
    ///   - pluginProvider: loads and admits an instance's plugin.
    ///   - recordOperatorAction: records every enable, disable and restart an operator asks for
    ///     (`tollbook serve` appends them to the audit log). When it throws, the action is refused.
    /// - Throws: ``ConfigurationError`` from the first read.
    public init(loadConfiguration: @escaping @Sendable () throws -> ConfigurationFile, pluginProvider: @escaping PluginProvider,
                logger: Logger, recordOperatorAction: @escaping @Sendable (OperatorAction) throws -> Void = { _ in },
                extraStages: @escaping ExtraStages = { _ in [] }) throws {
        self.loadConfiguration = loadConfiguration
        self.extraStages = extraStages
        self.pluginProvider = pluginProvider
        self.logger = logger
        self.recordOperatorAction = recordOperatorAction
        configuration = try loadConfiguration()
        overrides = InstanceOverrides(path: configuration.service.dataDirectory + "/state/instances.json")
        group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
    }

    /// The operations endpoint's bound address, once started.
    public var opsEndpoint: String? { ops?.endpoint }

    /// Starts the operations endpoint and every enabled instance.
    /// - Throws: when the operations endpoint cannot listen (instances that fail are reported in
    ///   their status instead).
    public func start() throws {
        lifecycle.lock()
        defer { lifecycle.unlock() }
        let service = lock.withLock { configuration.service }
        try FileManager.default.createDirectory(atPath: service.dataDirectory, withIntermediateDirectories: true)
        checkDescriptorBudget(lock.withLock { configuration.connectorInstances.map(\.connector) })
        // Create and migrate the store once, before the instances' ingesters open it side by side.
        // An encrypted store without its key, or with another, refuses to start here (fail closed).
        _ = try CallStore(path: service.storePath, encryption: try lock.withLock { configuration }.storeKeyAccess())
        // Instances first: once /healthz answers, every instance is running or has failed.
        for (site, instance) in lock.withLock({ configuration.connectorInstances }) {
            startInstance(instance, site: site)
        }
        let token: String
        do {
            token = try OpsToken.loadOrCreate(path: service.opsTokenFile)
        } catch {
            stopAll()
            throw error
        }
        let ops = OpsServer(service: self, address: service.listen, token: token, protectMetrics: service.protectMetrics,
                            group: group, logger: logger)
        do {
            try ops.start()
        } catch {
            stopAll()
            throw error
        }
        self.ops = ops
        logger.info("operations endpoint listening", metadata: ["address": "\(ops.endpoint)"])
    }

    /// Raises the soft limit of open files to the hard limit and warns when the listeners'
    /// connection budgets (plus a reserve for journals, the store and workers) do not fit in it.
    private func checkDescriptorBudget(_ instances: [ConnectorInstanceSettings]) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
            _ = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        let connections = instances.reduce(0) { total, instance in
            switch instance.transport {
            case let .sftpServer(settings): return total + settings.limits.maxConnections
            case let .tcp(settings): return total + settings.limits.maxConnections
            case let .http(settings): return total + settings.limits.maxConnections
            default: return total
            }
        }
        // Per instance: journal segment, lock files, worker pipes and shared memory.
        let needed = UInt64(connections + 64 + instances.count * 16)
        if needed > UInt64(limit.rlim_cur) {
            logger.warning("the listeners' connection limits do not fit in the open-file limit; lower max_connections or raise LimitNOFILE",
                           metadata: ["needed": "\(needed)", "limit": "\(limit.rlim_cur)"])
        }
    }

    /// Stops every instance and the operations endpoint.
    public func stop() {
        lifecycle.lock()
        defer { lifecycle.unlock() }
        stopAll()
        ops?.stop()
        try? group.syncShutdownGracefully()
    }

    private func stopAll() {
        let all = lock.withLock { () -> [ConnectorInstance] in
            defer { running.removeAll() }
            return Array(running.values)
        }
        for instance in all { instance.stop() }
    }

    /// Reads the configuration again and applies the differences: instances that were added,
    /// removed or changed are started, stopped or restarted; the others are not touched.
    /// - Returns: the names of the instances that were (re)started or stopped.
    /// - Throws: ``ConfigurationError`` (the running configuration stays as it was).
    @discardableResult
    public func reload() throws -> [String] {
        lifecycle.lock()
        defer { lifecycle.unlock() }
        let fresh = try loadConfiguration()
        let old = lock.withLock { () -> ConfigurationFile in
            defer { configuration = fresh }
            return configuration
        }
        var touched: [String] = []
        let oldInstances = Dictionary(uniqueKeysWithValues: old.connectorInstances.map { ($0.connector.name, $0) })
        let newInstances = Dictionary(uniqueKeysWithValues: fresh.connectorInstances.map { ($0.connector.name, $0) })
        for (name, _) in oldInstances where newInstances[name] == nil {
            stopInstance(name)
            touched.append(name)
        }
        for (name, entry) in newInstances.sorted(by: { $0.key < $1.key }) {
            let before = oldInstances[name]
            // A site's own settings (zone, numbering, providers) count; its other connectors do not.
            let unchanged = before.map { $0.connector == entry.connector && Self.siteOnly($0.site) == Self.siteOnly(entry.site) } ?? false
            let isRunning = lock.withLock { running[name] != nil }
            if unchanged && (isRunning || !isEnabled(entry.connector)) { continue }
            stopInstance(name)
            startInstance(entry.connector, site: entry.site)
            touched.append(name)
        }
        logger.info("configuration reloaded", metadata: ["changed": "\(touched.joined(separator: ","))"])
        return touched
    }

    /// Enables or disables a connector instance — or every instance of a site, when `name` is a
    /// site's — at run time (kept across restarts of the service).
    /// - Throws: ``CaptureError/unknownInstance(_:)``.
    public func setEnabled(_ name: String, _ enabled: Bool) throws -> [InstanceStatus] {
        lifecycle.lock()
        defer { lifecycle.unlock() }
        let entries = try targets(name)
        // Recorded before it takes effect: an action the audit log cannot take is not carried out.
        try recordOperatorAction(OperatorAction(kind: enabled ? .enable : .disable, target: name,
                                                instances: entries.map(\.connector.name)))
        for entry in entries {
            lock.withLock { overrides.set(entry.connector.name, disabled: !enabled) }
            stopInstance(entry.connector.name)
            if enabled { startInstance(entry.connector, site: entry.site) }
        }
        return entries.map { status(of: $0.connector, site: $0.site) }
    }

    /// Restarts a connector instance (its transport, ingester and workers), or every instance of a site.
    /// - Throws: ``CaptureError/unknownInstance(_:)``.
    public func restart(_ name: String) throws -> [InstanceStatus] {
        lifecycle.lock()
        defer { lifecycle.unlock() }
        let entries = try targets(name)
        try recordOperatorAction(OperatorAction(kind: .restart, target: name, instances: entries.map(\.connector.name)))
        for entry in entries {
            stopInstance(entry.connector.name)
            startInstance(entry.connector, site: entry.site)
        }
        return entries.map { status(of: $0.connector, site: $0.site) }
    }

    /// The instance called `name`, else the instances of the site called `name`.
    private func targets(_ name: String) throws -> [(site: SiteConfiguration, connector: ConnectorInstanceSettings)] {
        let all = lock.withLock { configuration.connectorInstances }
        if let instance = all.first(where: { $0.connector.name == name }) { return [instance] }
        let ofSite = all.filter { $0.site.name == name }
        guard !ofSite.isEmpty else { throw CaptureError.unknownInstance(name) }
        return ofSite
    }

    /// The status of every configured instance.
    public func statuses() -> [InstanceStatus] {
        lock.withLock { configuration.connectorInstances }.map { status(of: $0.connector, site: $0.site) }
    }

    /// A site without its connector list, for comparing what an instance depends on.
    private static func siteOnly(_ site: SiteConfiguration) -> SiteConfiguration {
        var copy = site
        copy.connectors = []
        copy.sources = []
        return copy
    }

    // MARK: Instances

    private func isEnabled(_ instance: ConnectorInstanceSettings) -> Bool {
        instance.enabled && !lock.withLock { overrides.isDisabled(instance.name) }
    }

    private func startInstance(_ settings: ConnectorInstanceSettings, site: SiteConfiguration) {
        let name = settings.name
        guard isEnabled(settings) else { return }
        do {
            let plugin = try pluginProvider(settings, site)
            let configuration = lock.withLock { self.configuration }
            let pricer = try CallPricer(site: site, tariffsDirectory: configuration.tariffsDirectory)
            let instance = try ConnectorInstance(settings: settings, site: site, plugin: plugin, pricer: pricer,
                                                  service: configuration.service, encryption: try configuration.storeKeyAccess(),
                                                  metrics: metrics(for: name), group: group,
                                                  logger: logger, privacy: configuration.privacy.policy,
                                                  extraStages: { [extraStages] in extraStages(site) })
            try instance.start()
            lock.withLock {
                running[name] = instance
                failures[name] = nil
            }
            logger.info("connector instance started",
                        metadata: ["instance": "\(name)", "transport": "\(settings.transport.typeName)", "endpoint": "\(instance.transport.endpoint)"])
        } catch {
            lock.withLock { failures[name] = "\(error)" }
            logger.error("connector instance failed to start", metadata: ["instance": "\(name)", "error": "\(error)"])
        }
    }

    private func stopInstance(_ name: String) {
        let instance = lock.withLock { () -> ConnectorInstance? in
            failures[name] = nil
            return running.removeValue(forKey: name)
        }
        guard let instance else { return }
        instance.stop()
        logger.info("connector instance stopped", metadata: ["instance": "\(name)"])
    }

    private func metrics(for name: String) -> InstanceMetrics {
        lock.withLock {
            if let existing = metrics[name] { return existing }
            let created = InstanceMetrics(instance: name, registry: registry)
            metrics[name] = created
            return created
        }
    }

    private func status(of settings: ConnectorInstanceSettings, site: SiteConfiguration) -> InstanceStatus {
        let (instance, failure) = lock.withLock { (running[settings.name], failures[settings.name]) }
        if let instance { return instance.status(state: "running") }
        return InstanceStatus(
            name: settings.name, site: site.name, plugin: settings.plugin, transport: settings.transport.typeName,
            endpoint: "", state: failure == nil ? "disabled" : "failed", isolation: settings.isolation.rawValue,
            lastError: failure, journalLag: 0, journalLastSeq: 0)
    }
}
