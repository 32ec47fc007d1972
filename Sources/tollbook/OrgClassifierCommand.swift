import ArgumentParser
import Org

/// `tollbook org classifier …`: assign classifiers to participants and end assignments.
struct OrgClassifierCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classifier", abstract: "Assign classifiers (extension, pin, account_code, device) or end assignments.",
        discussion: "Extensions are written <site>/<extension> as calls carry them (e.g. berlin/2001).",
        subcommands: [Assign.self, End.self])

    /// `org classifier assign KIND VALUE PARTICIPANT [--from] [--to]`.
    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Assign a classifier to a participant; calls from --from on move to them.",
            discussion: "Another participant's current assignment of the classifier ends at --from (reassignment).")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Argument(help: "extension, pin, account_code or device.") var kind: ClassifierKind
        @Argument(help: "The value (extensions: <site>/<extension>).") var value: String
        @Argument(help: "The participant.") var participant: String
        @Option(help: ArgumentHelp("Valid from this date (default: today).", valueName: "date")) var from: String?
        @Option(help: ArgumentHelp("Valid until this date, exclusive (default: open).", valueName: "date")) var to: String?

        func run() throws {
            let fromMs = try OrgCLI.date(from, option: "--from", clock: try OrgCLI.clock(configOptions))
            let toMs = try to.map { try OrgCLI.date($0, option: "--to", clock: try OrgCLI.clock(configOptions)) }
            let outcome = try OrgCLI.withChart(database, clock: try OrgCLI.clock(configOptions)) { chart -> AssignmentOutcome in
                let found = try chart.participant(matching: participant)
                return try chart.transaction {
                    try chart.assign(kind, value, to: found.id, fromMs: fromMs, toMs: toMs, nowMs: OrgCLI.nowMs)
                }
            }
            switch outcome {
            case .unchanged: print("\(kind.rawValue) \(value) is already assigned so")
            case let .assigned(previous):
                print("assigned \(kind.rawValue) \(value) from \(try OrgCLI.clock(configOptions).text(fromMs))"
                      + (previous.map { " (ended the assignment of #\($0))" } ?? ""))
            }
        }
    }

    /// `org classifier end KIND VALUE [--at DATE]`.
    struct End: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "End a classifier's current assignment; its later calls go to Other.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Argument(help: "extension, pin, account_code or device.") var kind: ClassifierKind
        @Argument(help: "The value.") var value: String
        @Option(help: ArgumentHelp("Ends on this date (default: today).", valueName: "date")) var at: String?

        func run() throws {
            let atMs = try OrgCLI.date(at, option: "--at", clock: try OrgCLI.clock(configOptions))
            let owner = try OrgCLI.withChart(database, clock: try OrgCLI.clock(configOptions)) { try $0.endAssignment(kind, value, atMs: atMs) }
            print("ended \(kind.rawValue) \(value) of #\(owner) at \(try OrgCLI.clock(configOptions).text(atMs))")
        }
    }
}
