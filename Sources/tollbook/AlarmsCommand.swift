import Access
import Alarms
import Mail
import ArgumentParser
import Foundation
import Ingest
import Store
import TollbookConfiguration
import TollbookCore

/// `tollbook alarms scan|list|ack`: toll-fraud and anomaly alarms (`docs/alarms.md`).
struct AlarmsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alarms", abstract: "Evaluate, list and acknowledge toll-fraud and anomaly alarms.",
        subcommands: [Scan.self, List.self, Ack.self])

    /// Which alarms `list` shows.
    enum State: String, ExpressibleByArgument, CaseIterable {
        case open, acknowledged
    }

    /// The alarms as a table (id, time, rule, severity, site, entity, state, message).
    static func table(_ alarms: [AlarmRecord]) -> String {
        TextTable.render(header: ["id", "at", "rule", "severity", "site", "entity", "state", "message"], rows: alarms.map {
            [String($0.id), UTCTimestamp.iso8601(milliseconds: $0.atMs), $0.rule, $0.severity, $0.site, $0.entity, $0.state, $0.message]
        })
    }

    /// `alarms scan --from DATE --to DATE`: the rules on stored calls.
    struct Scan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Evaluate the alarm rules on the stored calls of a period; new alarms are stored and notified.",
            discussion: """
                --from and --to take ISO 8601 dates or UTC times; --to is inclusive for a date. Alarms raised \
                before (same dedupe key) are not raised again. Prints the new alarms.
                """)
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Option(help: ArgumentHelp("First day (2026-05-01) or UTC time.", valueName: "date")) var from: String
        @Option(help: ArgumentHelp("Last day (inclusive) or UTC time (exclusive).", valueName: "date")) var to: String
        @Option(help: "table or json.") var format: ListFormat = .table

        func run() throws {
            let fromMs = try CallsCommand.parseDate(from, option: "--from", endOfDay: false)
            let toMs = try CallsCommand.parseDate(to, option: "--to", endOfDay: true)
            guard let file = try configOptions.load() else {
                throw CLIError("alarms scan needs the configuration (--config): the rules are configured per site")
            }
            let encryption = try configOptions.storeKeyAccess(file)
            let path = try database.prepareForQuery(encryption: encryption)
            let notifiers: [any AlarmNotifier] = [WebhookNotifier(configuration: file), MailAlarmNotifier(configuration: file)]
            let result = try AccessCLI.run {
                let audit = StoreAuditLog(databasePath: path, configurationPath: configOptions.path)
                let result = try AlarmScanner(storePath: path, configuration: file, audit: audit, encryption: encryption,
                                              notifiers: notifiers).scan(fromMs: fromMs, toMs: toMs, nowMs: AccessClock.system.nowMs())
                try AlarmDelivery(store: try CallStore(path: path, encryption: encryption), notifiers: notifiers)
                    .runDue(nowMs: AccessClock.system.nowMs())
                return result
            }
            switch format {
            case .json: print(AlarmJSON.array(result.raised))
            case .table:
                print("\(result.found) alarms found, \(result.raised.count) new")
                if !result.raised.isEmpty { print(AlarmsCommand.table(result.raised), terminator: "") }
            }
        }
    }

    /// `alarms list [--state open|acknowledged]`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List alarms (needs alarms.read).")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Option(name: .customLong("as"), help: ArgumentHelp("The user listing (default: the database owner).", valueName: "user"))
        var user: String?
        @Option(help: "open or acknowledged (default: both).") var state: State?
        @Option(help: "table or json.") var format: ListFormat = .table

        func run() throws {
            let configuration = try configOptions.load()
            let alarms = try AccessCLI.run {
                let access = try AccessControl.open(databasePath: database.path, configuration: configuration)
                let principal = try user.map { try access.principal(forUser: $0) } ?? .databaseOwner
                return try AlarmBook(store: access.store, audit: access.audit).list(state: state?.rawValue, by: principal)
            }
            switch format {
            case .json: print(AlarmJSON.array(alarms))
            case .table: print(AlarmsCommand.table(alarms), terminator: "")
            }
        }
    }

    /// `alarms ack ID [--comment TEXT]`.
    struct Ack: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Acknowledge an open alarm (needs alarms.acknowledge; audited).")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Option(name: .customLong("as"), help: ArgumentHelp("The user acknowledging (default: the database owner).", valueName: "user"))
        var user: String?
        @Argument(help: "The alarm id.") var id: Int64
        @Option(help: ArgumentHelp("Why it is acknowledged (kept with the alarm, not in the audit log).", valueName: "text"))
        var comment: String?

        func run() throws {
            let configuration = try configOptions.load()
            let alarm = try AccessCLI.run {
                let access = try AccessControl.open(databasePath: database.path, configuration: configuration)
                let principal = try user.map { try access.principal(forUser: $0) } ?? .databaseOwner
                return try AlarmBook(store: access.store, audit: access.audit).acknowledge(id, comment: comment, by: principal)
            }
            print("alarm \(alarm.id) acknowledged by \(alarm.acknowledgedBy ?? "")")
        }
    }
}

extension AlarmsCommand {
    /// The alarm rules on what `tollbook import` or `journal replay` just stored (the calls with ids
    /// above `afterID`): evaluated over the window of their start times, on the sites with an
    /// `alarms:` section (other sites are left to `serve` and `alarms scan`). New alarms are stored
    /// (the dedupe key keeps a second import or replay from raising them again) and their
    /// notifications queued to the outbox, as in `serve`; `serve`'s delivery loop or the next
    /// `alarms scan` sends them. `nil` when no site has an `alarms:` section.
    static func evaluateStored(after afterID: Int64, path: String, file: ConfigurationFile?, configurationPath: String?,
                               encryption: StoreKeyAccess) throws -> AlarmScanResult? {
        guard let configuration = AlarmScanner.importConfiguration(file) else { return nil }
        let notifiers: [any AlarmNotifier] = [WebhookNotifier(configuration: configuration), MailAlarmNotifier(configuration: configuration)]
        return try AccessCLI.run {
            try AlarmScanner(storePath: path, configuration: configuration,
                             audit: StoreAuditLog(databasePath: path, configurationPath: configurationPath),
                             encryption: encryption, notifiers: notifiers)
                .scanStored(afterCallID: afterID, nowMs: AccessClock.system.nowMs())
        }
    }

    /// The line `import` and `journal replay` print after evaluating: `alarms: N found, N new (ids …)`.
    static func summary(_ result: AlarmScanResult) -> String {
        "alarms: \(result.found) found, \(result.raised.count) new"
            + (result.raised.isEmpty ? "" : " (" + result.raised.map { "#\($0.id) \($0.rule)" }.joined(separator: ", ") + ")")
    }
}
