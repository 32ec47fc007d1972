import ArgumentParser
import Org

/// `tollbook org show`: the org chart as a tree or JSON.
struct OrgShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show the org chart: nodes, participants, their classifiers, and unowned classifiers under Other.",
        discussion: "Classifiers seen in calls but unknown to the chart are added under Other first.")

    /// Output formats of `org show`.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case tree, json
    }

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var configOptions: ConfigOptions

    @Option(help: ArgumentHelp("Show this many levels (participants count as a level below their node).", valueName: "n"))
    var depth: Int?

    @Option(help: "Output format.")
    var format: Format = .tree

    @Option(help: ArgumentHelp("Show the chart as it was at this date or time (default: now).", valueName: "date"))
    var at: String?

    func validate() throws {
        if let depth, depth < 1 { throw ValidationError("--depth must be at least 1") }
    }

    func run() throws {
        let atMs = try at.map { try OrgCLI.date($0, option: "--at", clock: try OrgCLI.clock(configOptions)) } ?? OrgCLI.nowMs
        let tree = try OrgCLI.withChart(database, clock: try OrgCLI.clock(configOptions), readOnly: true) { chart in
            try chart.discoverClassifiers(nowMs: OrgCLI.nowMs)
            return try chart.tree(atMs: atMs)
        }
        let levels = depth ?? OrgPath.maxDepth + 1
        let out = OutputWriter()
        out.write(format == .tree ? tree.text(depth: levels) : tree.json(depth: levels))
        out.flush()
    }
}
