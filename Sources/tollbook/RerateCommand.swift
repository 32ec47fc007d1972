import ArgumentParser
import Foundation
import Ingest

/// `tollbook rerate`: prices stored calls again with the current tariffs.
struct RerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rerate",
        abstract: "Price stored calls again with the current tariffs, in one transaction.",
        discussion: """
            Idempotent: a second run changes nothing. Prints how many calls changed and the old and new totals \
            per provider and zone; each changed call keeps its previous cost.
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var configuration: ConfigOptions
    @Option(help: ArgumentHelp("Only calls starting at or after this date/time.", valueName: "date")) var from: String?
    @Option(help: ArgumentHelp("Only calls starting before this date/time (a date alone: up to its end).", valueName: "date"))
    var to: String?
    @Option(help: ArgumentHelp("Only calls of this source.", valueName: "name")) var source: String?

    func run() throws {
        guard let file = try configuration.load() else {
            throw CLIError("rerate needs a configuration with sites and tariffs (--config or $TOLLBOOK_CONFIG)")
        }
        let fromMs = try from.map { try CallsCommand.parseDate($0, option: "--from", endOfDay: false) }
        let toMs = try to.map { try CallsCommand.parseDate($0, option: "--to", endOfDay: true) }
        let store = try database.openStore(encryption: try configuration.storeKeyAccess(file))
        let summary: RerateSummary
        do {
            summary = try Rerate.run(store: store, selection: Rerate.Selection(fromMs: fromMs, toMs: toMs, source: source),
                                     pricer: { try configuration.pricer(forSource: $0, in: file) })
        } catch {
            throw error as? CLIError ?? CLIError("\(error)")
        }
        print(summary.report())
    }
}
