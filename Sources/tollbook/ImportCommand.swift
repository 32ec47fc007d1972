import ArgumentParser
import TollbookConfiguration
import Foundation
import Host
import Pricing
import Store
import TollbookCore

/// `tollbook import`: reads CDR files through a connector into the store.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import CDR files through a connector plugin.",
        discussion: """
            Prints imported, duplicate, rejected and skipped counts per file. Importing a file again adds \
            nothing. Exits non-zero if a file cannot be read or is refused by the connector, or the \
            connector is unknown; rejected records are quarantined (see `tollbook rejects`) and are no error.
            """)

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

    @Argument(help: ArgumentHelp("CDR files to import.", valueName: "file"))
    var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name at least one file to import") }
    }

    func run() throws {
        let catalog = plugins.loadCatalog()
        let plugin: PluginLibrary
        let optionsJSON: String
        do {
            plugin = try catalog.plugin(id: connector)
            optionsJSON = try ConnectorOptions.json(fromAssignments: settings)
            if let timezone, WallClockConverter(identifier: timezone) == nil {
                throw HostError.unknownTimeZone(timezone)
            }
        } catch {
            throw CLIError("\(error)")
        }
        let sourceName = source ?? connector
        let configurationFile = try configuration.load()
        try admit(plugin, site: configurationFile?.site(forSource: sourceName))
        var pricer = try configuration.pricer(forSource: sourceName, in: configurationFile)
        // How the outgoing legs were read, to warn once about a numbering plan that misreads them.
        let plausibility = OutgoingPlausibility()
        pricer?.plausibility = plausibility
        if let pricer, let timezone, timezone != pricer.site.timeZone {
            throw CLIError("--timezone \(timezone) contradicts site '\(pricer.site.name)' of source '\(sourceName)', whose time zone is \(pricer.site.timeZone)")
        }
        let store = try database.openStore()
        let importer = FileImporter(
            store: store, plugin: plugin, sourceName: sourceName, optionsJSON: optionsJSON,
            timeZone: timezone ?? pricer?.site.timeZone, pricer: pricer)
        var failures = 0
        var total = ImportCounts()
        for file in files {
            let bar = ProgressBar(label: (file as NSString).lastPathComponent)
            do {
                let counts = try importer.importFile(at: file) { done, size in bar.update(done: done, total: size) }
                bar.clear()
                print("\(file): \(counts.imported) imported, \(counts.duplicates) duplicates, \(counts.rejected) rejected, \(counts.skipped) skipped")
                total.imported += counts.imported
                total.duplicates += counts.duplicates
                total.rejected += counts.rejected
                total.skipped += counts.skipped
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
            print("total: \(total.imported) imported, \(total.duplicates) duplicates, \(total.rejected) rejected, \(total.skipped) skipped in \(files.count - failures) of \(files.count) files")
        }
        if failures > 0 { throw ExitCode.failure }
    }

    /// Applies the plugin policy of `site` (or, without a site, `--allow-unsigned`).
    private func admit(_ plugin: PluginLibrary, site: SiteConfiguration?) throws {
        let trust = PluginTrust.evaluate(pluginAt: plugin.info.path, trustStore: try self.trust.load())
        do {
            if let site {
                try PluginAdmission.check(plugin.info, trust: trust, scope: .site(site.name), allowUnsigned: site.plugins.allowUnsigned,
                                          requireCertification: site.plugins.requireCertification)
            } else {
                try PluginAdmission.check(plugin.info, trust: trust, scope: .commandLine, allowUnsigned: allowUnsigned,
                                          requireCertification: false)
            }
        } catch {
            throw CLIError("\(error)")
        }
    }
}
