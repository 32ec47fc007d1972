import ArgumentParser
import TollbookConfiguration
import Directory
import Foundation
import Numbering
import Org
import Pricing

/// `tollbook org sync [--dry-run]`: the org chart from LDAP / Active Directory.
struct OrgSyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Synchronise the org chart with LDAP / Active Directory: prints the changes, then applies them.",
        discussion: """
            Reads the people of the configuration's `directory:` section (see docs/directory.md): each becomes a \
            participant under the node of their `ou` path (or department), with their phone numbers as extension \
            classifiers where a site's extensions or DID blocks cover them. People are matched by their directory \
            id (objectGUID / entryUUID); moves and new numbers count from today; people who left the directory \
            are end-dated, never deleted. See docs/org.md.
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var configOptions: ConfigOptions

    @Flag(name: .customLong("dry-run"), help: "Print the changes without applying them.")
    var dryRun = false

    func run() throws {
        guard let config = try configOptions.load() else {
            throw CLIError("org sync needs a configuration file with a `directory:` section (--config FILE)")
        }
        guard let section = config.directory else {
            throw CLIError("\(config.path): there is no `directory:` section to synchronise with (see docs/directory.md)")
        }
        let people: [DirectoryPerson]
        do {
            people = try DirectoryReader(settings: DirectorySettings(section)).readPeople()
        } catch {
            throw CLIError("\(error)")
        }
        let mapper = ExtensionKeyMapper(plans: try config.sites.map { site in
            do { return try NumberingPlan.from(site.numbering, site: site.name) } catch { throw CLIError("\(config.path): \(error)") }
        })
        let entries = people.map { person in
            DirectoryEntry(uniqueID: person.uniqueID, displayName: person.displayName, mail: person.mail ?? "",
                           employeeID: person.employeeID ?? "", department: person.department ?? "",
                           organisationalPath: person.organisationalPath, numbers: person.numbers)
        }
        let now = OrgCLI.nowMs
        let outcome = try OrgCLI.withChart(database, clock: try OrgCLI.clock(configOptions)) { chart -> DirectorySync.Outcome in
            let outcome = try DirectorySync(mapper: mapper).plan(entries, chart: chart, nowMs: now)
            if !dryRun, !outcome.plan.changes.isEmpty { try outcome.plan.apply(to: chart, nowMs: now) }
            if !dryRun { try chart.discoverClassifiers(nowMs: now) }
            return outcome
        }
        let out = OutputWriter()
        out.line("\(people.count) people in the directory")
        out.write(outcome.plan.diff)
        for note in outcome.notes { out.line("note: \(note)") }
        if dryRun, !outcome.plan.changes.isEmpty { out.line("dry run: nothing changed") }
        out.flush()
    }
}
