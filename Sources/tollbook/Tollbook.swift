import ArgumentParser

/// The `tollbook` command: call accounting from PBX call detail records.
@main
struct Tollbook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tollbook",
        abstract: "Call accounting and UC analytics from PBX call detail records.",
        subcommands: [PluginsCommand.self, PluginCommand.self, ImportCommand.self, CallsCommand.self, RejectsCommand.self,
                      RerateCommand.self, TariffsCommand.self, OrgCommand.self, ReportCommand.self, ServeCommand.self, SitesCommand.self,
                      JournalCommand.self, SetupCommand.self, UsersCommand.self, RolesCommand.self, TokensCommand.self,
                      LoginCommand.self, AuditCommand.self, CertifyCheckWorkerCommand.self, ParseWorkerCommand.self,
                      DescribePluginWorkerCommand.self, PluginRunWorkerCommand.self])
}
