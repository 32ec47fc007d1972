import ArgumentParser
import Capture
import Foundation
import Host
import Ingest
import Logging
import Rollups
import TollbookConfiguration

/// `tollbook journal replay`: rebuild a connector instance's calls from its raw journal.
struct JournalReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Rebuild a source's calls from the raw journal (e.g. after a plugin fix), without duplicates.",
        discussion: """
            Deletes the calls and rejects of the streams (files, connections, HTTP bodies) the source received \
            from --from on, and reads those streams again with the current plugin, numbering plan and tariffs. \
            Stop the instance in a running service first (`tollbook sites disable SOURCE`); enable it afterwards.
            """)

    @Option(help: ArgumentHelp("The configuration file of the service.", valueName: "file"))
    var config: String

    @Option(help: ArgumentHelp("The connector instance (source) to rebuild.", valueName: "name"))
    var source: String

    @Option(help: ArgumentHelp("Only streams received at or after this date/time (ISO 8601; UTC unless an offset is given).", valueName: "date"))
    var from: String?

    @OptionGroup var plugins: PluginOptions
    @OptionGroup var trust: TrustOptions

    func run() throws {
        let file: ConfigurationFile
        do {
            file = try ConfigurationFile.load(path: config)
        } catch {
            throw CLIError("\(error)")
        }
        let fromMs = try from.map { try CallsCommand.parseDate($0, option: "--from", endOfDay: false) }
        let catalog = plugins.loadCatalog(trustStore: try trust.load())
        let logger = Logger(label: "tollbook.replay") { StreamLogHandler.standardError(label: $0) }
        // As at import: the roll-ups are refreshed beside the replay, the rest at its end.
        let follower = file.rollups.enabled
            ? RollupFollower(storePath: file.service.storePath, configuration: file, encryption: try file.storeKeyAccess()) : nil
        follower?.start()
        do {
            let report: JournalReplay.Report
            do {
                report = try JournalReplay.run(configuration: file, instance: source, fromMs: fromMs, plugin: { instance, site in
                    try catalog.load(id: instance.plugin, allowUnsigned: site.plugins.allowUnsigned,
                                     requireCertification: site.plugins.requireCertification, scope: .site(site.name),
                                     warn: { Console.error("warning: \($0)") }).plugin
                }, logger: logger, extraStages: { file.rollups.enabled ? [RollupDirtyStage(follower: follower)] : [] })
            } catch {
                try? follower?.finish()
                throw error
            }
            try follower?.finish()
            print("\(source): \(report.streams) streams replayed; \(report.deletedCalls) calls and \(report.deletedRejects) rejects removed, \(report.storedCalls) calls stored")
            try RollupsUpkeep.afterWrite(storePath: file.service.storePath, configuration: file, encryption: try file.storeKeyAccess())
            if report.storedCalls > 0, let alarms = try AlarmsCommand.evaluateStored(
                after: report.storedAfterCallID, path: file.service.storePath, file: file, configurationPath: config,
                encryption: try file.storeKeyAccess()) {
                print(AlarmsCommand.summary(alarms))
            }
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError("\(error)")
        }
    }
}
