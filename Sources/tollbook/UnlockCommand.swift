import Access
import ArgumentParser
import TollbookCore

/// `tollbook unlock …`: four-eyes unlock of individual detail (privacy P9, `docs/privacy.md`).
struct UnlockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlock", abstract: "Request, approve, list and revoke four-eyes unlocks of individual call detail.",
        subcommands: [Request.self, Approve.self, List.self, Revoke.self])

    /// The unlock model on `--db` acting as `--as USER` (the database owner without it).
    static func open(_ database: DatabaseOptions, _ config: ConfigOptions,
                     as user: String?) throws -> (FourEyesUnlock, Principal) {
        let configuration = try config.load()
        return try AccessCLI.run {
            let access = try AccessControl.open(databasePath: database.path, configuration: configuration)
            let principal = try user.map { try access.principal(forUser: $0) } ?? .databaseOwner
            let unlock = try FourEyesUnlock(store: access.store, audit: access.audit,
                                            maxHours: UnlockSettings.maxHours(configuration))
            return (unlock, principal)
        }
    }

    /// `unlock request --as U --subject P --from D --to D --fields number --purpose TEXT`.
    struct Request: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ask to see fields of one person's calls beyond their privacy package (needs an approver).")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Option(name: .customLong("as"), help: ArgumentHelp("The requesting user.", valueName: "user")) var user: String
        @Option(help: ArgumentHelp("The person: #id, employee id, e-mail or unique name.", valueName: "participant"))
        var subject: String
        @Option(help: ArgumentHelp("First day (2026-05-01) or UTC time of the period.", valueName: "date")) var from: String
        @Option(help: ArgumentHelp("Last day (inclusive) or UTC time (exclusive) of the period.", valueName: "date")) var to: String
        @Option(help: ArgumentHelp("Comma-separated: number, duration, place, time, below_k, person_list.", valueName: "fields"))
        var fields: String
        @Option(help: ArgumentHelp("Why the detail is needed (shown to the person in their report).", valueName: "text"))
        var purpose: String

        func run() throws {
            let fromMs = try AccessCLI.time(from, option: "--from")
            let toMs = try AccessCLI.time(to, option: "--to") + (to.count == 10 ? 86_400_000 : 0)
            let (model, principal) = try UnlockCommand.open(database, configOptions, as: user)
            let unlock = try AccessCLI.run {
                let subjectID = try model.participantID(matching: subject)
                return try model.request(FourEyesUnlock.Request(
                    subjectParticipantID: subjectID, fromMs: fromMs, toMs: toMs,
                    fields: try UnlockField.parseList(fields), purpose: purpose), by: principal)
            }
            print("unlock \(unlock.id) requested: pending approval by a different person holding unlock.approve")
        }
    }

    /// `unlock approve ID --as U [--refuse]`.
    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Approve (or with --refuse, refuse) another person's pending unlock request.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Argument(help: "The unlock id.") var id: Int64
        @Option(name: .customLong("as"), help: ArgumentHelp("The approving user (works council, DPO).", valueName: "user"))
        var user: String
        @Flag(help: "Refuse the request instead of approving it.") var refuse = false

        func run() throws {
            let (model, principal) = try UnlockCommand.open(database, configOptions, as: user)
            let unlock = try AccessCLI.run { try refuse ? model.refuse(id, by: principal) : model.approve(id, by: principal) }
            if refuse {
                print("unlock \(unlock.id) refused")
            } else {
                print("unlock \(unlock.id) approved until \(unlock.expiresMs.map(AccessTime.iso) ?? "-") (read-only, watermarked)")
            }
        }
    }

    /// `unlock list [--as U] [--format table|json]`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List unlocks: all of them for approvers and auditors, one's own requests otherwise.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Option(name: .customLong("as"), help: ArgumentHelp("List as this user.", valueName: "user")) var user: String?
        @Option(help: "table or json.") var format: ListFormat = .table

        func run() throws {
            let (model, principal) = try UnlockCommand.open(database, configOptions, as: user)
            let unlocks = try AccessCLI.run { try model.list(for: principal) }
            func time(_ ms: Int64?) -> String { ms.map(AccessTime.iso) ?? "-" }
            switch format {
            case .json:
                func json(_ ms: Int64?) -> String { ms.map { JSONText.quote(AccessTime.iso($0)) } ?? "null" }
                func json(_ text: String?) -> String { text.map(JSONText.quote) ?? "null" }
                let objects = unlocks.map { unlock in
                    "  {\"id\":\(unlock.id),\"requester\":\(JSONText.quote(unlock.requester)),"
                        + "\"subject\":\(JSONText.quote("#\(unlock.subjectParticipantID)")),"
                        + "\"from\":\(json(unlock.fromMs)),\"to\":\(json(unlock.toMs)),"
                        + "\"fields\":\(AccessCLI.jsonArray(unlock.fields.map(\.rawValue))),"
                        + "\"purpose\":\(JSONText.quote(unlock.purpose)),\"status\":\(JSONText.quote(unlock.status.rawValue)),"
                        + "\"created\":\(json(unlock.createdMs)),\"decided_by\":\(json(unlock.decidedBy)),"
                        + "\"decided\":\(json(unlock.decidedMs)),\"expires\":\(json(unlock.expiresMs)),"
                        + "\"revoked_by\":\(json(unlock.revokedBy)),\"revoked\":\(json(unlock.revokedMs))}"
                }
                print(objects.isEmpty ? "[]" : "[\n" + objects.joined(separator: ",\n") + "\n]")
            case .table:
                print(TextTable.render(
                    header: ["ID", "REQUESTER", "SUBJECT", "FROM", "TO", "FIELDS", "STATUS", "DECIDED BY", "EXPIRES", "PURPOSE"],
                    rows: unlocks.map {
                        ["\($0.id)", $0.requester, "#\($0.subjectParticipantID)", time($0.fromMs), time($0.toMs),
                         $0.fields.map(\.rawValue).joined(separator: ","), $0.status.rawValue, $0.decidedBy ?? "-",
                         time($0.expiresMs), $0.purpose]
                    }))
            }
        }
    }

    /// `unlock revoke ID [--as U]`.
    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a pending or approved unlock (its requester, an approver or an administrator).")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Argument(help: "The unlock id.") var id: Int64
        @Option(name: .customLong("as"), help: ArgumentHelp("Revoke as this user.", valueName: "user")) var user: String?

        func run() throws {
            let (model, principal) = try UnlockCommand.open(database, configOptions, as: user)
            let unlock = try AccessCLI.run { try model.revoke(id, by: principal) }
            print("unlock \(unlock.id) revoked")
        }
    }
}
