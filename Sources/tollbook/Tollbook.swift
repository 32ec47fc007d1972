import ArgumentParser
import Foundation

/// The `tollbook` command: call accounting from PBX call detail records.
@main
struct Tollbook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tollbook",
        abstract: "Call accounting and UC analytics from PBX call detail records.",
        subcommands: [PluginsCommand.self, PluginCommand.self, ImportCommand.self, CallsCommand.self, RejectsCommand.self,
                      RerateCommand.self, TariffsCommand.self, OrgCommand.self, ReportCommand.self, ServeCommand.self, SitesCommand.self,
                      JournalCommand.self, SetupCommand.self, UsersCommand.self, RolesCommand.self, TokensCommand.self,
                      LoginCommand.self, AuditCommand.self, UnlockCommand.self, CertifyCheckWorkerCommand.self, ParseWorkerCommand.self,
                      DescribePluginWorkerCommand.self, PluginRunWorkerCommand.self, PrivacyCommand.self, RetentionCommand.self,
                      EraseCommand.self, KeysCommand.self, KpiCommand.self, ReportsMailCommand.self, AlarmsCommand.self,
                      RollupsCommand.self])

    /// Runs the command line. SIGPIPE is ignored here, for the whole process and nowhere else:
    /// a write to a closed pipe or socket (a parser worker that died, a peer that hung up) fails
    /// with `EPIPE` where it happens instead of ending the process. Workers spawned by this
    /// process get the default disposition back (`posix_spawn` with `POSIX_SPAWN_SETSIGDEF`) and
    /// ignore it again here; they stop on `EPIPE` when their parent is gone.
    static func main() {
        signal(SIGPIPE, SIG_IGN)
        main(nil)
    }
}
