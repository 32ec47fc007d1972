import Access
import Alarms
import ArgumentParser
import Capture
import TollbookConfiguration
import Foundation
import Host
import Ingest
import Logging
import Rollups
import Mail
import Retention

/// `tollbook serve`: the capture service.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the capture service: receive CDRs from every configured connector instance.",
        discussion: """
            Runs the sites of the configuration file: each connector instance receives bytes through its \
            transport (spool folder, SFTP server, SFTP/FTP pickup, TCP, HTTP), appends them to its raw \
            journal (durable before they are acknowledged) and stores the records exactly once. \
            SIGHUP reloads the configuration (only changed instances restart); SIGTERM or SIGINT stops. \
            The operations endpoint (service.listen) serves /healthz, /metrics and the API of `tollbook sites`.
            """)

    @Option(help: ArgumentHelp("The configuration file (YAML).", valueName: "file"))
    var config: String

    @Flag(help: "Check the configuration file and exit.")
    var check = false

    @Option(name: .customLong("log-level"), help: ArgumentHelp("trace, debug, info, notice, warning, error or critical.", valueName: "level"))
    var logLevel: String = "info"

    @OptionGroup var plugins: PluginOptions
    @OptionGroup var trust: TrustOptions

    func run() throws {
        let path = config
        let file: ConfigurationFile
        do {
            file = try ConfigurationFile.load(path: path)
        } catch {
            throw CLIError("\(error)")
        }
        // Loads only the trusted file that provides an instance's connector (untrusted ones only
        // where the site allows them); nothing else in the plugin path runs in this process.
        let catalog = plugins.loadCatalog(trustStore: try trust.load())
        let admit: CaptureService.PluginProvider = { instance, site in
            try catalog.load(id: instance.plugin, allowUnsigned: site.plugins.allowUnsigned,
                             requireCertification: site.plugins.requireCertification, scope: .site(site.name),
                             warn: { Console.error("warning: \($0)") }).plugin
        }
        if check {
            // Every enabled instance's plugin must be installed and admitted, as at start.
            let problems = file.connectorInstances.filter(\.connector.enabled).compactMap { entry -> String? in
                do {
                    _ = try admit(entry.connector, entry.site)
                    return nil
                } catch {
                    return "connector '\(entry.connector.name)' (site \(entry.site.name)): \(error)"
                }
            }
            guard problems.isEmpty else { throw CLIError("\(path): " + problems.joined(separator: "\n")) }
            // The reports: section's schedules and reports (docs/mail.md).
            do {
                _ = try ScheduledReport.plan(file, renderer: CatalogReportRenderer(configuration: file))
            } catch {
                throw CLIError("\(error)")
            }
            let count = file.connectorInstances.count
            print("\(path): ok (\(file.sites.count) sites, \(count) connector instances)")
            return
        }
        guard let level = Logger.Level(rawValue: logLevel) else { throw CLIError("--log-level \(logLevel): unknown level") }
        var logger = Logger(label: "tollbook.serve") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = level
        // Signals are taken by sigwait below; block them before any thread starts so all inherit it.
        var signals = sigset_t()
        sigemptyset(&signals)
        for signal in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&signals, signal) }
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        // SIGPIPE is ignored by `Tollbook.main` for the whole process.

        // Every configuration the service runs on is in the audit log (a new row when its content changed).
        let storePath = file.service.storePath
        let audit = try AccessCLI.run {
            // The store lives in the data directory, which the service would create on start.
            try FileManager.default.createDirectory(atPath: file.service.dataDirectory, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: (storePath as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            return try AuditLog(databasePath: storePath, keyPath: AccessSettings(file.access).auditKeyPath(databasePath: storePath))
        }
        let service = try CaptureService(
            loadConfiguration: {
                let configuration = try ConfigurationFile.load(path: path)
                try ConfigurationChangeAudit.recordIfChanged(
                    path: path, bytes: try Data(contentsOf: URL(fileURLWithPath: path)), actor: "tollbook serve", log: audit)
                return configuration
            },
            pluginProvider: admit,
            logger: logger,
            recordOperatorAction: { action in
                // Instance and site names only: no personal data.
                try audit.record(AuditEvent(
                    action: AuditAction.connectorControl, actor: "operations token", outcome: .success,
                    detail: "\(action.kind.rawValue) \(action.target): \(action.instances.joined(separator: ", "))"))
            },
            // Alarms (issue 19 §3): each batch's window is noted in its transaction, the worker below evaluates it.
            // Roll-ups (docs/rollups.md): each batch's range is noted as changed; the roll-up worker refreshes it.
            extraStages: { site in (site.alarms.enabled ? [AlarmStage()] : []) + (file.rollups.enabled ? [RollupDirtyStage()] : []) })
        try service.start()
        // Retention (P11): first run shortly after start, then daily (privacy.retention.first_run_after / interval).
        let retentionLogger = logger
        let retention = RetentionScheduler(
            firstRunAfterSeconds: file.privacy.retention.firstRunAfterSeconds, intervalSeconds: file.privacy.retention.intervalSeconds,
            run: {
                let configuration = try ConfigurationFile.load(path: path)
                return try RetentionSetup.engine(storePath: configuration.service.storePath, configuration: configuration,
                                                 actor: "tollbook serve", encryption: try configuration.storeKeyAccess())
                    .run(asOfMs: AccessClock.system.nowMs(), dryRun: false)
            },
            report: { report in
                retentionLogger.notice("retention run", metadata: [
                    "detail": "\(report.count(.detail))", "aggregates": "\(report.count(.aggregates))",
                    "rejects": "\(report.count(.rejects))", "audit": "\(report.count(.audit))", "audit_seq": "\(report.auditSeq ?? 0)",
                ])
            },
            failure: { error in retentionLogger.error("retention run failed; next try at the next interval", metadata: ["error": "\(error)"]) })
        retention.start()
        // Scheduled reports by mail (docs/mail.md): sent on time, retried with back-off, every send audited.
        var mail = try makeMailScheduler(file, logger: logger)
        mail?.start()
        let alarms = AlarmWorker(storePath: storePath, configuration: file, audit: audit, encryption: try file.storeKeyAccess(),
                                 notifiers: [WebhookNotifier(configuration: file), MailAlarmNotifier(configuration: file)], logger: logger)
        alarms.start()
        let rollups = file.rollups.enabled
            ? RollupWorker(storePath: storePath, configuration: file, encryption: try file.storeKeyAccess(), logger: logger) : nil
        rollups?.start()
        logger.notice("tollbook serve running", metadata: [
            "instances": "\(file.connectorInstances.count)", "operations": "\(service.opsEndpoint ?? "")", "pid": "\(getpid())",
        ])
        while true {
            var received: Int32 = 0
            guard sigwait(&signals, &received) == 0 else { continue }
            if received == SIGHUP {
                do {
                    try service.reload()
                    let reloaded = try ConfigurationFile.load(path: path)
                    alarms.reconfigure(reloaded, notifiers: [WebhookNotifier(configuration: reloaded), MailAlarmNotifier(configuration: reloaded)])
                } catch {
                    logger.error("reload refused; the running configuration stays", metadata: ["error": "\(error)"])
                    continue
                }
                // The reports: and mail: sections: new schedules from now on (pending retries of the old ones are dropped).
                do {
                    let next = try makeMailScheduler(try ConfigurationFile.load(path: path), logger: logger)
                    mail?.stop()
                    mail = next
                    mail?.start()
                } catch {
                    logger.error("reports: reload refused; the running schedules stay", metadata: ["error": "\(error)"])
                }
                continue
            }
            logger.notice("stopping", metadata: ["signal": "\(received)"])
            retention.stop()
            mail?.stop()
            service.stop()
            alarms.stop()
            rollups?.stop()
            return
        }
    }
}

extension ServeCommand {
    /// The mail scheduler of the configuration's `reports:` section (not started yet); `nil` without one.
    func makeMailScheduler(_ file: ConfigurationFile, logger: Logger) throws -> MailScheduler? {
        guard !file.reports.isEmpty else { return nil }
        let mailer: ReportMailer
        do {
            mailer = try ReportMailer(configuration: file, storePath: file.service.storePath, encryption: try file.storeKeyAccess(),
                                      renderer: CatalogReportRenderer(configuration: file))
        } catch {
            throw CLIError("\(error)")
        }
        // Report names, user names (logins) are not logged: outcome and attempt only.
        let scheduler = MailScheduler(mailer: mailer, log: { event in
            switch event.outcome {
            case .sent:
                logger.notice("report mailed", metadata: ["report": "\(event.report)", "attempt": "\(event.attempt)"])
            case .refused(let reason):
                logger.warning("report not mailed to a recipient", metadata: ["report": "\(event.report)", "reason": "\(reason)"])
            case .failed(let reason, let transient):
                logger.error("report mail failed", metadata: ["report": "\(event.report)", "attempt": "\(event.attempt)",
                                                               "retry": "\(transient && !event.gaveUp)", "error": "\(reason)"])
                if event.gaveUp {
                    // A count, not the address: addresses are personal data.
                    logger.error("report mail given up", metadata: ["report": "\(event.report)", "attempts": "\(event.attempt)",
                                                                     "recipients": "1"])
                }
            }
        })
        return scheduler
    }
}
