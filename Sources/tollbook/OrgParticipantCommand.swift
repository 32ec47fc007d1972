import ArgumentParser
import Org

/// `tollbook org participant …`: add, rename, move and remove (end-date) participants.
struct OrgParticipantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "participant", abstract: "Add, rename, move or remove participants.",
        discussion: "PARTICIPANT is #id, an employee id, an e-mail address or a unique name of an active participant.",
        subcommands: [Add.self, Rename.self, Move.self, Remove.self])

    /// `org participant add NAME --node PATH …`.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a participant at a node.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Argument(help: "The display name.") var name: String
        @Option(help: ArgumentHelp("The node's path.", valueName: "path")) var node: String
        @Option(help: "E-mail address.") var email: String = ""
        @Option(name: .customLong("employee-id"), help: "Employee id.") var employeeID: String = ""
        @Option(name: .customLong("person-group"), help: "Person group.") var personGroup: String = ""
        @Option(help: ArgumentHelp("Placed from this date (default: today).", valueName: "date")) var from: String?

        func run() throws {
            let path = try OrgCLI.path(node)
            let fromMs = try OrgCLI.date(from, option: "--from", clock: try OrgCLI.clock(configOptions))
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("the name is empty") }
            let fields = ParticipantFields(name: name, email: email, employeeID: employeeID, personGroup: personGroup)
            let id = try OrgCLI.withChart(database, clock: try OrgCLI.clock(configOptions)) { try $0.addParticipant(fields, at: path, fromMs: fromMs, nowMs: OrgCLI.nowMs) }
            print("added participant #\(id) at \(path) from \(try OrgCLI.clock(configOptions).text(fromMs))")
        }
    }

    /// `org participant rename PARTICIPANT NEW_NAME`.
    struct Rename: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Rename a participant.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Argument(help: "The participant.") var participant: String
        @Argument(help: "The new display name.") var newName: String

        func run() throws {
            guard !newName.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("the name is empty") }
            let id = try OrgCLI.withChart(database, clock: try OrgCLI.clock(configOptions)) { chart -> Int64 in
                let found = try chart.participant(matching: participant)
                var fields = found.fields
                fields.name = newName
                try chart.updateParticipant(id: found.id, to: fields)
                return found.id
            }
            print("renamed participant #\(id)")
        }
    }

    /// `org participant move PARTICIPANT PATH [--from DATE]`.
    struct Move: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a participant to another node from a date; earlier calls stay with the old node.",
            discussion: """
                A date before the participant's current placement backdates the move: from that date on they sit \
                at the node (placements in between are replaced) and the calls of that period are allocated anew. \
                Moving someone to the node they sit at from an earlier date extends their placement back.
                """)
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Argument(help: "The participant.") var participant: String
        @Argument(help: "The new node's path.") var path: String
        @Option(help: ArgumentHelp("Moved from this date (default: today).", valueName: "date")) var from: String?

        func run() throws {
            let path = try OrgCLI.path(path)
            let fromMs = try OrgCLI.date(from, option: "--from", clock: try OrgCLI.clock(configOptions))
            let (id, moved) = try OrgCLI.withChart(database, clock: try OrgCLI.clock(configOptions)) { chart -> (Int64, Bool) in
                let found = try chart.participant(matching: participant)
                return (found.id, try chart.moveParticipant(id: found.id, to: path, fromMs: fromMs))
            }
            print(moved ? "moved participant #\(id) to \(path) from \(try OrgCLI.clock(configOptions).text(fromMs))"
                        : "participant #\(id) is already at \(path)")
        }
    }

    /// `org participant remove PARTICIPANT [--from DATE]`.
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "End a participant from a date: placement and classifiers end, their history stays.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Argument(help: "The participant.") var participant: String
        @Option(help: ArgumentHelp("Leaves on this date (default: today).", valueName: "date")) var from: String?

        func run() throws {
            let atMs = try OrgCLI.date(from, option: "--from", clock: try OrgCLI.clock(configOptions))
            let id = try OrgCLI.withChart(database, clock: try OrgCLI.clock(configOptions)) { chart -> Int64 in
                let found = try chart.participant(matching: participant)
                try chart.transaction { try chart.endParticipant(id: found.id, atMs: atMs) }
                return found.id
            }
            print("participant #\(id) leaves \(try OrgCLI.clock(configOptions).text(atMs))")
        }
    }
}
