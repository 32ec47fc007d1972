import ArgumentParser
import TollbookConfiguration
import Foundation
import Host
import Ingest
import Pricing
import Privacy
import Rollups
import Store
import TollbookCore

/// `tollbook import`: reads CDR files through a connector into the store.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import CDR files through a connector plugin.",
        discussion: """
            Prints imported, duplicate, rejected and skipped counts per file, and plugin violations and \
            conflicts when there are any. Importing a file again adds nothing. Rejected records are \
            quarantined (see `tollbook rejects`) and are no error. Exit status: 0 done; 1 a file could not \
            be read or imported, or the connector is unknown or not trusted; \(ImportCommand.pluginViolationStatus) \
            every file was imported but the plugin broke the contract (or its worker failed) on some \
            records, which are quarantined as plugin_*; \(ImportCommand.interruptedStatus) interrupted by a signal \
            (what was committed stays; import again to add the rest).
            """)

    /// Exit status when records were quarantined because the plugin broke the contract.
    static let pluginViolationStatus: Int32 = 3
    /// Exit status when a signal stopped the import.
    static let interruptedStatus: Int32 = 130

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var plugins: PluginOptions
    @OptionGroup var configuration: ConfigOptions
    @OptionGroup var trust: TrustOptions

    @Flag(name: .customLong("allow-unsigned"), help: ArgumentHelp(
        "Development: run a plugin that is neither bundled nor installed from a signed package, for a source without a site (a site's plugins.allow_unsigned decides for its sources)."))
    var allowUnsigned = false

    @Option(help: ArgumentHelp("The connector plugin's id, e.g. cisco.cucm (see `tollbook plugins list`).", valueName: "id"))
    var connector: String

    @Option(help: ArgumentHelp("The PBX's name in the store (default: the connector id).", valueName: "name"))
    var source: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("A connector option (repeatable).", valueName: "key=value"))
    var settings: [String] = []

    @Option(help: ArgumentHelp(
        "IANA time zone of the PBX, for connectors that report local times (default: the zone the source already has, else this machine's).",
        valueName: "zone"))
    var timezone: String?

    @Option(help: ArgumentHelp(
        "Where the plugin parses: worker (a separate process; a crash or hang quarantines the record) or in_process (default: in_process for bundled plugins, worker for all others).",
        valueName: "mode"))
    var isolation: IsolationMode?

    /// `--isolation`.
    enum IsolationMode: String, ExpressibleByArgument, CaseIterable {
        case worker
        case inProcess = "in_process"
    }

    @Option(name: .customLong("worker-timeout"), help: ArgumentHelp(
        "Seconds the plugin's worker may spend on one chunk before it is killed and the record quarantined (worker isolation).",
        valueName: "seconds"))
    var workerTimeout: Double = 60

    @Option(name: .customLong("max-record-mb"), help: ArgumentHelp(
        "The longest record (MiB) the connector may wait for before the file is refused as damaged.", valueName: "n"))
    var maxRecordMB = 64

    @Argument(help: ArgumentHelp("CDR files to import.", valueName: "file"))
    var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name at least one file to import") }
        guard workerTimeout > 0 else { throw ValidationError("--worker-timeout must be positive") }
        guard (1...1024).contains(maxRecordMB) else { throw ValidationError("--max-record-mb must be between 1 and 1024") }
    }

    func run() throws {
        let optionsJSON: String
        do {
            optionsJSON = try ConnectorOptions.json(fromAssignments: settings)
            if let timezone, WallClockConverter(identifier: timezone) == nil {
                throw HostError.unknownTimeZone(timezone)
            }
        } catch {
            throw CLIError("\(error)")
        }
        let sourceName = source ?? connector
        let configurationFile = try configuration.load()
        let (plugin, trust) = try load(site: configurationFile?.site(forSource: sourceName))
        let mode = isolation ?? (trust == .bundled ? .inProcess : .worker)
        var pricer = try configuration.pricer(forSource: sourceName, in: configurationFile)
        // How the outgoing legs were read, to warn once about a numbering plan that misreads them.
        let plausibility = OutgoingPlausibility()
        pricer?.plausibility = plausibility
        if let pricer, let timezone, timezone != pricer.site.timeZone {
            throw CLIError("--timezone \(timezone) contradicts site '\(pricer.site.name)' of source '\(sourceName)', whose time zone is \(pricer.site.timeZone)")
        }
        let encryption = try configuration.storeKeyAccess(configurationFile)
        let store = try database.openStore(encryption: encryption)
        // Calls stored from here on have larger ids: their window is what the alarm rules evaluate.
        let newestBefore = try store.newestCallID()
        let stop = StopRequest.install()
        // The roll-ups are built beside the import on the core it leaves idle and stored by its
        // writer; the refresh at the end builds what is still pending.
        let follower = (configurationFile?.rollups.enabled ?? true)
            ? RollupFollower(storePath: database.path, configuration: configurationFile, encryption: encryption) : nil
        let importer = FileImporter(
            store: store, plugin: plugin, sourceName: sourceName, optionsJSON: optionsJSON,
            timeZone: timezone ?? pricer?.site.timeZone, pricer: pricer,
            privacy: configurationFile?.privacy.policy ?? .standard,
            // Roll-ups (docs/rollups.md): each batch notes its time range in its transaction; refreshed at the end.
            extraStages: { (configurationFile?.rollups.enabled ?? true) ? [RollupDirtyStage(follower: follower)] : [] },
            isolation: mode == .worker ? .worker(WorkerSettings(timeoutSeconds: workerTimeout)) : .inProcess,
            stopRequested: { stop.isRequested }, maximumRecordBytes: maxRecordMB << 20)
        var failures = 0
        var total = ImportCounts()
        follower?.start()
        for file in files {
            let bar = ProgressBar(label: (file as NSString).lastPathComponent)
            do {
                let counts = try importer.importFile(at: file) { done, size in bar.update(done: done, total: size) }
                bar.clear()
                print("\(file): " + Self.summary(counts))
                total.add(counts)
            } catch let HostError.interrupted(path, stored) {
                bar.clear()
                Console.error("error: " + HostError.interrupted(path: path, stored: stored).description)
                throw ExitCode(Self.interruptedStatus)
            } catch {
                bar.clear()
                failures += 1
                Console.error("error: \(error)")
            }
        }
        if let site = pricer?.site,
           let warning = plausibility.warning(site: site.name, areaCode: site.numbering.areaCode,
                                              outsideLinePrefixes: site.numbering.outsideLinePrefixes) {
            Console.error(warning)
        }
        if files.count > 1 {
            print("total: " + Self.summary(total) + " in \(files.count - failures) of \(files.count) files")
        }
        do {
            try follower?.finish()
            try RollupsUpkeep.afterWrite(storePath: database.path, configuration: configurationFile,
                                         encryption: try configuration.storeKeyAccess(configurationFile))
        } catch {
            Console.error("error: the roll-ups could not be refreshed (tollbook rollups rebuild repairs them): \(error)")
            failures += 1
        }
        if total.imported > 0, let alarms = try AlarmsCommand.evaluateStored(
            after: newestBefore, path: database.path, file: configurationFile, configurationPath: configuration.path,
            encryption: encryption) {
            print(AlarmsCommand.summary(alarms))
        }
        if failures > 0 { throw ExitCode.failure }
        if total.pluginViolations > 0 {
            Console.error("error: connector \(connector) broke the plugin contract on \(total.pluginViolations) records; "
                          + "they are quarantined (tollbook rejects shows each with the rule it broke)")
            throw ExitCode(Self.pluginViolationStatus)
        }
    }

    /// `N imported, N duplicates, N rejected, N skipped`, then `, N plugin violations` and
    /// `, N conflicts` when there are any.
    static func summary(_ counts: ImportCounts) -> String {
        var text = "\(counts.imported) imported, \(counts.duplicates) duplicates, \(counts.rejected) rejected, \(counts.skipped) skipped"
        if counts.pluginViolations > 0 { text += ", \(counts.pluginViolations) plugin violations" }
        if counts.conflicts > 0 { text += ", \(counts.conflicts) conflicts" }
        return text
    }

    /// Loads the one plugin file that provides `--connector`, under the plugin policy of `site`
    /// (or, without a site, `--allow-unsigned`): no other plugin file is loaded.
    private func load(site: SiteConfiguration?) throws -> (PluginLibrary, PluginTrust) {
        let catalog = plugins.loadCatalog(trustStore: try trust.load())
        let warn: (String) -> Void = { Console.error("warning: \($0)") }
        do {
            if let site {
                return try catalog.load(id: connector, allowUnsigned: site.plugins.allowUnsigned,
                                        requireCertification: site.plugins.requireCertification, scope: .site(site.name), warn: warn)
            }
            return try catalog.load(id: connector, allowUnsigned: allowUnsigned, scope: .commandLine, warn: warn)
        } catch {
            throw CLIError("\(error)")
        }
    }
}
