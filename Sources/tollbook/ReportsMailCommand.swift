import ArgumentParser
import Foundation
import Mail
import TollbookConfiguration
import TollbookCore

/// `tollbook reports`: the scheduled reports of the configuration's `reports:` section.
struct ReportsMailCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reports", abstract: "Scheduled reports by mail (the configuration's reports: section).",
        subcommands: [Run.self])

    /// `tollbook reports run NAME [--to ADDRESS]`.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run", abstract: "Send a scheduled report now.",
            discussion: """
                Renders the report as each recipient (through the query layer, so the recipient's scope and the \
                privacy rules apply), sends it over the mail: section's SMTP server and audits every send \
                (report.mail). A recipient whose scope does not cover the report gets nothing. The period is read \
                on today's date. See docs/mail.md.
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Argument(help: ArgumentHelp("The scheduled report's name.", valueName: "name")) var name: String
        @Option(help: ArgumentHelp("Send only to this address (it must map to a user whose scope covers the report).",
                                   valueName: "address"))
        var to: String?
        @Option(name: .customLong("as-of"), help: ArgumentHelp(
            "Read the period as on this day (YYYY-MM-DD; default today), e.g. to send a run missed during downtime.",
            valueName: "date"))
        var asOf: String?

        func validate() throws {
            if let to, !ScheduledReportConfiguration.isAddress(to) { throw ValidationError("--to must be a mail address") }
        }

        func run() throws {
            var instant = Date()
            if let asOf {
                guard let day = CalendarDay(asOf) else { throw ValidationError("--as-of '\(asOf)' is not a day YYYY-MM-DD") }
                // Noon UTC: the same day on every site's clock.
                instant = Date(timeIntervalSince1970: TimeInterval(day.daysSinceEpoch * 86_400 + 43_200))
            }
            guard let file = try configOptions.load() else { throw CLIError("reports run needs a configuration file (--config)") }
            let encryption = try configOptions.storeKeyAccess(file)
            let path = try database.prepareForQuery(encryption: encryption)
            let outcomes: [(MailDelivery, MailOutcome)]
            do {
                let mailer = try ReportMailer(configuration: file, storePath: path, encryption: encryption,
                                              renderer: CatalogReportRenderer(configuration: file))
                outcomes = try mailer.run(name, to: to, at: instant, actor: AccessCLI.actor.userName)
            } catch {
                throw CLIError("\(error)")
            }
            guard !outcomes.isEmpty else { throw CLIError("report '\(name)': no recipient") }
            var failed = false
            for (index, (delivery, outcome)) in outcomes.enumerated() {
                // Neither the address nor the user's name: the audit log has the user (pseudonymised).
                let who = "recipient \(index + 1)\(delivery.user == nil ? " (maps to no user)" : "")"
                switch outcome {
                case .sent: print("\(who): sent")
                case .refused(let reason):
                    failed = true
                    print("\(who): refused: \(reason)")
                case .failed(let reason, _):
                    failed = true
                    print("\(who): failed: \(reason)")
                }
            }
            if failed { throw ExitCode(1) }
        }
    }
}
