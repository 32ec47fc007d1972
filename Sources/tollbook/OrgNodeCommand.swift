import ArgumentParser
import Org

/// `tollbook org node …`: add, rename, move and remove nodes.
struct OrgNodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node", abstract: "Add, rename, move or remove org chart nodes.",
        subcommands: [Add.self, Rename.self, Move.self, Remove.self])

    /// `org node add PATH [--type T]`.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a node (and any missing parent nodes).",
            discussion: "Types: site, cost_centre, department, team, group. Default by level: site, cost_centre, department, then team.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Argument(help: "The node's path, e.g. Berlin/Sales.") var path: String
        @Option(help: "The node's type.") var type: NodeType?

        func run() throws {
            let path = try OrgCLI.path(path)
            let created = try OrgCLI.withChart(database, clock: try OrgCLI.clock(configOptions)) { try $0.addNode(at: path, type: type, nowMs: OrgCLI.nowMs) }
            for node in created { print("created node \(node)") }
        }
    }

    /// `org node rename PATH NEW_NAME`.
    struct Rename: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Rename a node.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Argument(help: "The node's path.") var path: String
        @Argument(help: "The new name.") var newName: String

        func run() throws {
            let path = try OrgCLI.path(path)
            try OrgCLI.withChart(database, clock: try OrgCLI.clock(configOptions)) { try $0.renameNode(at: path, to: newName) }
            print("renamed node \(path) to \(newName)")
        }
    }

    /// `org node move PATH NEW_PARENT`.
    struct Move: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a node with its subtree below another node ('/' for the top level).",
            discussion: "A node move has no date: the node keeps its participants and their history. For a dated re-organisation, create a new node and move participants with --from.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Argument(help: "The node's path.") var path: String
        @Argument(help: "The new parent's path, or '/' for the top level.") var newParent: String

        func run() throws {
            let path = try OrgCLI.path(path)
            let parent = newParent.trimmingCharacters(in: .whitespaces) == "/" ? nil : try OrgCLI.path(newParent)
            let moved = try OrgCLI.withChart(database, clock: try OrgCLI.clock(configOptions)) { try $0.moveNode(at: path, under: parent) }
            print("moved node \(path) to \(moved)")
        }
    }

    /// `org node remove PATH`.
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a node without child nodes or current participants.",
            discussion: "A node that had participants is retired: hidden, but kept for reports of earlier periods.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Argument(help: "The node's path.") var path: String

        func run() throws {
            let path = try OrgCLI.path(path)
            let removal = try OrgCLI.withChart(database, clock: try OrgCLI.clock(configOptions)) { try $0.removeNode(at: path, nowMs: OrgCLI.nowMs) }
            print(removal == .deleted ? "removed node \(path)" : "retired node \(path) (kept for the history of its former participants)")
        }
    }
}
