import ArgumentParser

/// `tollbook privacy …`: the data subject's report (and, from other [privacy] streams, the
/// co-determination profile and the accountability exports).
struct PrivacyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "privacy", abstract: "Privacy: data subjects' reports.", subcommands: [PrivacyReportCommand.self])
}
