import ArgumentParser

/// `tollbook journal …`: the raw journal of the capture service (received chunks as they came).
/// Add a subcommand by listing its type here; each lives in its own `Journal*Command.swift`.
struct JournalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "Work with the raw journal of received input (one directory per connector instance): verify it, or rebuild a source from it.",
        subcommands: [JournalVerifyCommand.self, JournalReplayCommand.self])
}
