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
            id (objectGUID / entryUUID), or, not yet linked, by directory.match_by; moves and new numbers count \
            from today or --effective; people who left the directory are end-dated, never deleted. A sync that \
            would end more than directory.max_leave_percent (default 10 %) of the people it manages is refused \
            unless --force is given. See docs/org.md.
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var configOptions: ConfigOptions

    @Flag(name: .customLong("dry-run"), help: "Print the changes without applying them.")
    var dryRun = false

    @Option(help: ArgumentHelp(
        "Joins, moves and leaves count from this date (default: directory.effective, else today). A date before people's current placements backdates them: the calls of that period are allocated anew.",
        valueName: "date"))
    var effective: String?

    @Flag(help: "Apply a sync that ends more people than directory.max_leave_percent allows.")
    var force = false

    func run() throws {
        guard let config = try configOptions.load() else {
            throw CLIError("org sync needs a configuration file with a `directory:` section (--config FILE)")
        }
        guard let section = config.directory else {
            throw CLIError("\(config.path): there is no `directory:` section to synchronise with (see docs/directory.md)")
        }
        let clock = try OrgCLI.clock(configOptions)
        var options = DirectorySync.Options()
        if let text = effective ?? section.effective {
            options.effectiveMs = try OrgCLI.date(text, option: effective == nil ? "directory.effective" : "--effective", clock: clock)
        }
        options.linkBy = section.matchBy.flatMap(DirectoryLink.init(rawValue:)) ?? .uniqueID
        options.maxDepth = section.maxDepth.flatMap(DirectorySync.DepthPolicy.init(rawValue:)) ?? .refuse
        options.maxLeavePercent = section.maxLeavePercent ?? 10
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
            var entry = DirectoryEntry(uniqueID: person.uniqueID, displayName: person.displayName, mail: person.mail ?? "",
                                       employeeID: person.employeeID ?? "", department: person.department ?? "",
                                       organisationalPath: person.organisationalPath, numbers: person.numbers)
            entry.dn = person.dn
            entry.accountName = person.accountName ?? ""
            return entry
        }
        let now = OrgCLI.nowMs
        let force = self.force
        let dryRun = self.dryRun
        let (outcome, refusal) = try OrgCLI.withChart(database, clock: clock) { chart -> (DirectorySync.Outcome, String?) in
            let outcome = try DirectorySync(mapper: mapper, options: options).plan(entries, chart: chart, nowMs: now)
            let refusal = force ? nil : outcome.refusal(maxPercent: options.maxLeavePercent)
            if !dryRun, refusal == nil, !outcome.plan.changes.isEmpty { try outcome.plan.apply(to: chart, nowMs: now) }
            if !dryRun, refusal == nil { try chart.discoverClassifiers(nowMs: now) }
            return (outcome, refusal)
        }
        let out = OutputWriter()
        out.line("\(people.count) people in the directory")
        out.write(outcome.plan.diff)
        for note in outcome.notes { out.line("note: \(note)") }
        if dryRun, !outcome.plan.changes.isEmpty { out.line("dry run: nothing changed") }
        out.flush()
        if let refusal {
            throw CLIError(refusal + (dryRun ? "" : "; nothing was changed"))
        }
    }
}
