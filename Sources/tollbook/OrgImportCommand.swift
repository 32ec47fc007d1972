import ArgumentParser
import TollbookConfiguration
import Foundation
import Numbering
import Org
import Pricing

/// `tollbook org import FILE [--dry-run]`: the org chart from a CSV file.
struct OrgImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import the org chart from a CSV file: prints the changes, then applies them.",
        discussion: """
            Columns (first line): path, participant (required); email, employee_id, person_group, extensions, pins, \
            account_codes, devices (several separated by ';'), valid_from, external_id. Fields are separated by ',' \
            or, when the header has no comma, by ';' (German Excel); --encoding windows-1252 reads Excel's encoding. Participants are matched by employee id, \
            else e-mail, else name. Every problem is reported with its line; nothing changes while there is one. \
            Extensions as dialled (2001) or E.164 need --config to find their site; <site>/<extension> always works. \
            See docs/org.md.
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var configOptions: ConfigOptions

    @Argument(help: "The CSV file.") var file: String

    @Flag(name: .customLong("dry-run"), help: "Print the changes without applying them.")
    var dryRun = false

    @Option(help: ArgumentHelp("The file's encoding: utf-8 or windows-1252 (what German Excel writes).", valueName: "encoding"))
    var encoding: CSVEncoding = .utf8

    func run() throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw CLIError("cannot read \(file): \(error.localizedDescription)")
        }
        let text: String
        do {
            text = try CSVText.decode([UInt8](data), encoding: encoding)
        } catch let OrgError.importFailed(problems) {
            throw CLIError("\(file): " + problems.map(\.message).joined(separator: "; "))
        }
        let mapper = try configOptions.load().map { config in
            ExtensionKeyMapper(plans: try config.sites.map { site in
                do { return try NumberingPlan.from(site.numbering, site: site.name) } catch { throw CLIError("\(config.path): \(error)") }
            })
        }
        let now = OrgCLI.nowMs
        let plan = try OrgCLI.withChart(database, clock: try OrgCLI.clock(configOptions)) { chart -> OrgPlan in
            let plan = try OrgCSVImport(mapper: mapper, defaultFromMs: try OrgCLI.clock(configOptions).startOfDay(now)).plan(text, against: chart)
            if !dryRun, !plan.changes.isEmpty { try plan.apply(to: chart, nowMs: now) }
            if !dryRun { try chart.discoverClassifiers(nowMs: now) }
            return plan
        }
        let out = OutputWriter()
        out.write(plan.diff)
        if dryRun, !plan.changes.isEmpty { out.line("dry run: nothing changed") }
        out.flush()
    }
}
