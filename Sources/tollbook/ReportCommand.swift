import ArgumentParser
import TollbookConfiguration
import Costing
import Documents
import Foundation
import Governance
import Org
import Query
import Reports
import TollbookCore

/// `tollbook report`: costs along the org chart.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Cost reports along the org chart.",
        subcommands: [ReportCostsCommand.self, ReportStatementCommand.self, ReportItemisedCommand.self,
                      ReportCostSummaryCommand.self, ReportTopDestinationsCommand.self, ReportHuntGroupServiceCommand.self,
                      ReportTrunkUtilisationCommand.self, ReportManagementSummaryCommand.self])
}

/// How `report costs` groups.
enum CostGrouping: String, ExpressibleByArgument, CaseIterable {
    case node, participant, site
}

/// Options shared by the report commands.
struct ReportContext: ParsableArguments {
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var principal: PrincipalOptions
    @OptionGroup var configOptions: ConfigOptions
    @Option(help: ArgumentHelp("Time zone of days and months (default: the first site's, else UTC).", valueName: "zone"))
    var timezone: String?

    /// The governance settings (co-determination profile, minimum group size) of the configuration.
    /// Without a `privacy:` section they are not enforced; the report says so on standard error.
    func governance() throws -> GovernanceSettings {
        let settings = try GovernanceCLI.settings(configOptions)
        if !settings.isGoverned {
            FileHandle.standardError.write(Data(("note: the configuration has no privacy: section, so the minimum group size "
                + "and the co-determination profile are not enforced (docs/privacy.md)\n").utf8))
        }
        return settings
    }

    /// The reports of the store's chart with the configuration's packages, for the principal.
    func reporting() throws -> CostReporting {
        let config = try configOptions.load()
        let zoneName = timezone ?? config?.sites.first?.timeZone ?? "UTC"
        guard let zone = TimeZone(identifier: zoneName) else { throw CLIError("unknown time zone '\(zoneName)'") }
        let encryption = try configOptions.storeKeyAccess(config)
        let path = try database.prepareForQuery(encryption: encryption)
        let (reader, audit) = try principal.resolve(databasePath: path, configuration: configOptions)
        return try AccessCLI.run {
            try CostReporting(path: path, principal: reader, audit: audit, packages: config?.packages ?? [], timeZone: zone,
                              nowMs: MillisecondClock.system.now(), privacy: config?.privacy.policy ?? .standard,
                              encryption: encryption)
        }
    }
}

/// `tollbook report costs --by node|participant|site [--level N] --from --to [--format table|csv|json]`
struct ReportCostsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "costs",
        abstract: "Call costs and indirect costs per node, participant or site, rolled up the tree.",
        discussion: """
            --from and --to are days (YYYY-MM-DD), both included. By node, `own` is what is charged to the node \
            itself and `total` adds everything below it: every parent's total equals its own plus its children's \
            totals. Calls nobody owns are under "Other". By participant, someone who moved in the period has one \
            row per node; people and nodes without costs are listed unless --hide-empty. Indirect costs come from \
            the configuration's tariff packages (see docs/org.md). Amounts are decimal strings in the currency; *_minor fields are integers.
            """)

    @OptionGroup var context: ReportContext
    @Option(help: "node, participant or site.") var by: CostGrouping
    @Option(help: ArgumentHelp("Only nodes down to this level (1 = top level); totals still include deeper nodes.",
                               valueName: "n")) var level: Int?
    @Option(help: ArgumentHelp("First day.", valueName: "date")) var from: String
    @Option(help: ArgumentHelp("Last day.", valueName: "date")) var to: String
    @Option(help: "table, csv or json.") var format: OutputFormat = .table
    @Flag(name: .customLong("hide-empty"), help: "Leave out nodes and participants without any calls or costs in the period.")
    var hideEmpty = false

    func validate() throws {
        if let level, !(1...7).contains(level) { throw ValidationError("--level must be 1 to 7") }
        if format == .jsonl { throw ValidationError("--format must be table, csv or json") }
    }

    func run() throws {
        guard let first = CalendarDay(from) else { throw ValidationError("--from '\(from)' is not a day YYYY-MM-DD") }
        guard let last = CalendarDay(to) else { throw ValidationError("--to '\(to)' is not a day YYYY-MM-DD") }
        guard first <= last else { throw ValidationError("--to is before --from") }
        let governance = try context.governance()
        let reporting = try context.reporting()
        let until = last.adding(days: 1)
        switch by {
        case .node, .site:
            try print(GovernanceCLI.run { try reporting.costsByNode(from: first, until: until, governance: governance) })
        case .participant:
            try print(GovernedCostReport(report: GovernanceCLI.run {
                try reporting.costsByParticipant(from: first, until: until, governance: governance)
            }, minimumGroupSize: nil))
        }
    }

    private func print(_ result: GovernedCostReport) throws {
        let report = result.report
        let k = result.minimumGroupSize
        let json = format == .json
        let governed = k > 0
        let money = { (minor: Int64) in FieldValue.text(MoneyFormat.decimal(minor: minor, currency: report.currency)) }
        func amounts(_ a: CostAmounts) -> [FieldValue] {
            [.integer(Int64(a.calls)), .seconds(a.talkMs), money(a.callCostMinor), money(a.indirectMinor),
             money(a.markupMinor), money(a.totalMinor), .integer(a.totalMinor)]
        }
        let amountFields = ["calls", "talk_seconds", "call_costs", "indirect_costs", "markup", "total", "total_minor"]
        /// Amounts of a cell, or what stands instead: `null` in JSON, `< k` (or `hidden`) elsewhere.
        func shown(_ a: CostAmounts, _ visibility: GroupSuppression.CellVisibility) -> [FieldValue] {
            guard !visibility.isShown else { return amounts(a) }
            let instead: FieldValue = json ? .null : .text(visibility == .belowMinimum ? "< \(k)" : "hidden")
            return Array(repeating: instead, count: amountFields.count)
        }
        func flags(_ visibility: GroupSuppression.CellVisibility) -> [FieldValue] {
            [.boolean(!visibility.isShown), visibility.isShown ? .null : .text(visibility.rawValue)]
        }
        switch by {
        case .node, .site:
            let maxDepth = by == .site ? 1 : (level ?? 7)
            let suppressionFields = governed ? ["own_suppressed", "own_suppression", "suppressed", "suppression"] : []
            let header = ["node_id", "path", "level"] + amountFields.map { "own_" + $0 } + amountFields + suppressionFields
            var printer = ListingPrinter(format: format, header: header,
                                         tableColumns: ["path", "calls", "talk_seconds", "call_costs", "indirect_costs",
                                                        "markup", "own_total", "total"])
            for row in report.nodes where row.depth <= maxDepth {
                let own = result.own[row.node.id] ?? .shown
                let total = result.total[row.node.id] ?? .shown
                // A withheld row stays even when empty: leaving it out would tell that it is zero.
                if hideEmpty && row.total.isZero && total.isShown { continue }
                printer.add([.integer(row.node.id), .text(row.node.path), .integer(Int64(row.depth))]
                            + shown(row.own, own) + shown(row.total, total)
                            + (governed ? flags(own) + flags(total) : []))
            }
            let all = result.grandTotal
            printer.add([.null, .text("(all)"), .null] + shown(report.total, all) + shown(report.total, all)
                        + (governed ? flags(all) + flags(all) : []))
            printer.finish()
        case .participant:
            let header = ["participant_id", "participant", "employee_id", "path"] + amountFields
            var printer = ListingPrinter(format: format, header: header,
                                         tableColumns: ["participant", "path", "calls", "talk_seconds", "call_costs",
                                                        "indirect_costs", "markup", "total"])
            let paths = Dictionary(report.nodes.map { ($0.node.id, $0.node.path) }, uniquingKeysWith: { first, _ in first })
            var covered = CostAmounts()
            for row in report.participants {
                covered = covered + row.amounts
                if hideEmpty && row.amounts.isZero { continue }
                printer.add([.integer(row.participant.id), .text(row.participant.name), .text(row.participant.employeeID),
                             .text(paths[row.nodeID] ?? "")] + amounts(row.amounts))
            }
            // What no participant owns (calls under "Other", node services), so the rows add up.
            let rest = report.lines.filter { $0.participantID == nil }.reduce(CostAmounts()) { $0 + $1.amounts }
            printer.add([.null, .text("(not assigned to a participant)"), .null, .null] + amounts(rest))
            printer.add([.null, .text("(all)"), .null, .null] + amounts(covered + rest))
            printer.finish()
        }
    }
}

/// `tollbook report statement --node ID --period YYYY-MM`: a charge-back statement as CSV.
struct ReportStatementCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statement",
        abstract: "A charge-back statement of one cost centre for a month (CSV).",
        discussion: """
            Every item charged to the node and the nodes below it in the month: calls, base fees and devices \
            (prorated by days), labour time, services and markup, per participant, then the total. --node takes \
            the node's id or its path.
            """)

    @OptionGroup var context: ReportContext
    @Option(help: ArgumentHelp("The node: id or path.", valueName: "id")) var node: String
    @Option(help: ArgumentHelp("The month, YYYY-MM.", valueName: "month")) var period: String

    func run() throws {
        guard let first = CalendarDay(period + "-01") else {
            throw ValidationError("--period '\(period)' is not a month YYYY-MM")
        }
        let reference: NodeReference = try Int64(node).map { .id($0) } ?? .path(OrgCLI.path(node).description)
        let governance = try context.governance()
        let reporting = try context.reporting()
        guard let statement = try GovernanceCLI.run({
            try reporting.statement(for: reference, month: first, governance: governance)
        }) else {
            throw CLIError("there is no org node '\(node)'")
        }
        let out = OutputWriter()
        out.record("node,participant,employee_id,month,item,package,quantity,unit,amount,currency")
        func csv(_ text: String) -> String { FieldValue.text(text).csv }
        let currency = statement.currency
        for line in statement.lines {
            out.record([csv(line.nodePath), csv(line.participantName), csv(line.employeeID), line.month, csv(line.item),
                      csv(line.package), String(line.quantity), line.unit,
                      MoneyFormat.decimal(minor: line.amountMinor, currency: currency), currency]
                .joined(separator: ","))
        }
        out.record([csv(statement.nodePath), "", "", period, "total", "", "", "",
                  MoneyFormat.decimal(minor: statement.totalMinor, currency: currency), currency].joined(separator: ","))
        out.flush()
    }
}

extension ReportFormat: ExpressibleByArgument {}
extension CostSummaryGrouping: ExpressibleByArgument {}
extension DestinationRanking: ExpressibleByArgument {}

/// Period, format, language and output file of `report itemised|cost-summary|top-destinations`.
struct ReportOutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("First day (YYYY-MM-DD).", valueName: "date")) var from: String
    @Option(help: ArgumentHelp("Last day (YYYY-MM-DD), included.", valueName: "date")) var to: String
    @Option(help: "pdf, xlsx, csv, json or html.") var format: ReportFormat = .json
    @Option(help: "de or en: labels, numbers, dates and money (default: the configuration's language, else en).")
    var language: DocumentLanguage?
    @Option(help: ArgumentHelp("The file to write (replaced); standard output when left out (csv, json, html only).",
                               valueName: "file")) var out: String?

    func validate() throws {
        if out == nil, format == .pdf || format == .xlsx {
            throw ValidationError("--format \(format.rawValue) needs --out FILE")
        }
    }

    /// The filters' period.
    func period() throws -> (from: CalendarDay, until: CalendarDay) {
        guard let first = CalendarDay(from) else { throw ValidationError("--from '\(from)' is not a day YYYY-MM-DD") }
        guard let last = CalendarDay(to) else { throw ValidationError("--to '\(to)' is not a day YYYY-MM-DD") }
        guard first <= last else { throw ValidationError("--to is before --from") }
        return (first, last.adding(days: 1))
    }

    /// Renders report `name` with `filters` and writes it to `--out` or standard output.
    func write(_ name: String, context: ReportContext, filters: ReportFilters) throws {
        let governance = try context.governance()
        let reporting = try context.reporting()
        let configuration = try context.configOptions.load()
        let language = self.language ?? configuration?.language.flatMap(DocumentLanguage.init(rawValue:)) ?? .en
        let catalog = ReportCatalog(reporting: reporting, governance: governance, configuration: configuration)
        let report = try AccessCLI.run {
            try GovernanceCLI.run { try catalog.render(name: name, filters: filters, format: format, language: language) }
        }
        guard let out else {
            FileHandle.standardOutput.write(Data(report.bytes))
            return
        }
        do {
            try Data(report.bytes).write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            throw CLIError("cannot write \(out): \((error as NSError).localizedDescription)")
        }
    }
}

/// `tollbook report itemised (--participant REF | --node PATH) --from --to --format --language --out`
struct ReportItemisedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "itemised",
        abstract: "The itemised call list of a participant or org node, masked per privacy package.",
        discussion: "See docs/reports.md for the columns. Without --participant and --node: every call you may see.")

    @OptionGroup var context: ReportContext
    @OptionGroup var output: ReportOutputOptions
    @Option(help: ArgumentHelp("The participant: #id, employee id, e-mail or unique name.", valueName: "ref"))
    var participant: String?
    @Option(help: ArgumentHelp("The org node's path (its subtree).", valueName: "path")) var node: String?

    func validate() throws {
        if participant != nil && node != nil { throw ValidationError("give --participant or --node, not both") }
    }

    func run() throws {
        let period = try output.period()
        try output.write("itemised", context: context,
                         filters: ReportFilters(from: period.from, until: period.until, participant: participant, node: node))
    }
}

/// `tollbook report cost-summary --by node|provider|zone|trunk|site --from --to --format --language --out`
struct ReportCostSummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cost-summary",
        abstract: "Call costs per org node, provider, zone, trunk or site, with shares and a bar chart.")

    @OptionGroup var context: ReportContext
    @OptionGroup var output: ReportOutputOptions
    @Option(help: "node, provider, zone, trunk or site.") var by: CostSummaryGrouping = .node

    func run() throws {
        let period = try output.period()
        try output.write("cost-summary", context: context, filters: ReportFilters(from: period.from, until: period.until, by: by))
    }
}

/// `tollbook report top-destinations [--top N] [--rank-by cost|count] --from --to --format --language --out`
struct ReportTopDestinationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "top-destinations",
        abstract: "The destinations with the highest costs or the most calls, with a bar chart.")

    @OptionGroup var context: ReportContext
    @OptionGroup var output: ReportOutputOptions
    @Option(help: ArgumentHelp("How many destinations.", valueName: "n")) var top: Int = 10
    @Option(name: .customLong("rank-by"), help: "cost or count.") var rankBy: DestinationRanking = .cost

    func validate() throws {
        if top < 1 { throw ValidationError("--top must be at least 1") }
    }

    func run() throws {
        let period = try output.period()
        try output.write("top-destinations", context: context,
                         filters: ReportFilters(from: period.from, until: period.until, top: top, rankBy: rankBy))
    }
}

/// `tollbook report hunt-group-service --from --to --format --language --out`
struct ReportHuntGroupServiceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hunt-group-service",
        abstract: "Per hunt group: offered, answered, abandoned, service level, answer rate, ASA, callbacks (docs/kpis.md).")

    @OptionGroup var context: ReportContext
    @OptionGroup var output: ReportOutputOptions

    func run() throws {
        let period = try output.period()
        try output.write("hunt-group-service", context: context, filters: ReportFilters(from: period.from, until: period.until))
    }
}

/// `tollbook report trunk-utilisation --from --to --format --language --out`
struct ReportTrunkUtilisationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trunk-utilisation",
        abstract: "Per trunk group: carried traffic, peak concurrency, busy hour, utilisation, blocking, ASR, NER.")

    @OptionGroup var context: ReportContext
    @OptionGroup var output: ReportOutputOptions

    func run() throws {
        let period = try output.period()
        try output.write("trunk-utilisation", context: context, filters: ReportFilters(from: period.from, until: period.until))
    }
}

/// `tollbook report management-summary --from --to --format --language --out`
struct ReportManagementSummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "management-summary",
        abstract: "Key figures, calls per day with a chart, and the cost summary by zone.")

    @OptionGroup var context: ReportContext
    @OptionGroup var output: ReportOutputOptions

    func run() throws {
        let period = try output.period()
        try output.write("management-summary", context: context, filters: ReportFilters(from: period.from, until: period.until))
    }
}
