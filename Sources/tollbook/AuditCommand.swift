import Access
import Query
import ArgumentParser
import Foundation
import TollbookCore

/// `tollbook audit …`: read and verify the HMAC-chained audit log.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "List, verify and anchor the audit log.", subcommands: [List.self, Verify.self, Anchor.self])

    /// `audit list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List audit rows.", discussion: "Subjects are shown as keyed pseudonyms; --subject finds rows about a name.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Option(help: ArgumentHelp("Rows at or after this date or UTC time.", valueName: "date")) var from: String?
        @Option(help: ArgumentHelp("Rows before this date or UTC time.", valueName: "date")) var to: String?
        @Option(help: "Rows of this acting user.") var user: String?
        @Option(help: "Rows about this subject (compared by its pseudonym).") var subject: String?
        @Option(help: "Rows of this action (users matches users.add, …).") var action: String?
        @Option(help: "table, csv or json.") var format: AuditFormat = .table

        func run() throws {
            let filter = AuditFilter(fromMs: try from.map { try AccessCLI.time($0, option: "--from") },
                                     toMs: try to.map { try AccessCLI.time($0, option: "--to") },
                                     actor: user, subject: subject, action: action)
            let access = try AccessCLI.open(database, configOptions)
            let rows = try AccessCLI.run { try AccessCLI.auditLog(access).entries(filter) }
            switch format {
            case .table:
                print(TextTable.render(header: ["SEQ", "TIME", "ACTION", "ACTOR", "SUBJECT", "OUTCOME", "DETAIL"], rows: rows.map {
                    [String($0.seq), AccessTime.iso($0.timeMs), $0.action, $0.actor, $0.subject ?? "-", $0.outcome, $0.detail]
                }))
            case .csv:
                let out = OutputWriter()
                out.write(FieldValue.csvRecord(fields: ["seq", "time", "action", "actor", "subject", "outcome", "detail", "mac"]))
                for row in rows {
                    out.write(FieldValue.csvRecord(fields: [String(row.seq), AccessTime.iso(row.timeMs), row.action, row.actor,
                                                            row.subject ?? "", row.outcome, row.detail, row.mac]))
                }
                out.flush()
            case .json:
                let objects = rows.map { row in
                    "  {\"seq\":\(row.seq),\"time\":\(JSONText.quote(AccessTime.iso(row.timeMs))),"
                        + "\"action\":\(JSONText.quote(row.action)),\"actor\":\(JSONText.quote(row.actor)),"
                        + "\"subject\":\(row.subject.map(JSONText.quote) ?? "null"),\"outcome\":\(JSONText.quote(row.outcome)),"
                        + "\"detail\":\(JSONText.quote(row.detail)),\"mac\":\(JSONText.quote(row.mac))}"
                }
                print(objects.isEmpty ? "[]" : "[\n" + objects.joined(separator: ",\n") + "\n]")
            }
        }
    }

    /// `audit verify [--anchor FILE]`.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every row's MAC and the chain; with an anchor also truncation and replacement.",
            discussion: "Exit status 1 when the log is damaged; every problem is printed.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Option(help: ArgumentHelp("A file with the line `tollbook audit anchor` printed earlier.", valueName: "file"))
        var anchor: String?

        func run() throws {
            let anchorValue = try anchor.map { path -> AuditAnchor in
                guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("anchor file \(path): missing or not readable") }
                guard let value = AuditAnchor(parsing: String(decoding: data, as: UTF8.self)) else {
                    throw CLIError("anchor file \(path): not an anchor line (tollbook-audit-anchor seq=N mac=HEX)")
                }
                return value
            }
            let access = try AccessCLI.open(database, configOptions)
            let log = try AccessCLI.auditLog(access)
            let result = try AccessCLI.run { try log.verify(anchor: anchorValue) }
            try AccessCLI.run {
                try log.record(AuditEvent(action: AuditAction.auditVerify, actor: AccessCLI.actor.userName,
                                          outcome: result.isIntact ? .success : .failure,
                                          detail: "rows=\(result.rows) problems=\(result.problems.count)"
                                            + (anchorValue.map { " anchor_seq=\($0.seq)" } ?? "")))
            }
            guard result.isIntact else {
                for problem in result.problems { print("audit log damaged: \(problem)") }
                throw ExitCode.failure
            }
            let head = result.head.map { "head seq \($0.seq)" } ?? "empty"
            print("audit log intact: \(result.rows) rows, \(head)")
            if let anchorValue {
                print("matches the anchor at seq \(anchorValue.seq)")
            } else {
                print("no anchor given: truncation cannot be detected (keep the output of `tollbook audit anchor` elsewhere)")
            }
        }
    }

    /// `audit anchor`.
    struct Anchor: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the head of the log (seq and MAC) to store outside this machine.",
            discussion: "The export itself is audited first, so the anchor covers it.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions

        func run() throws {
            let access = try AccessCLI.open(database, configOptions)
            let anchor = try AccessCLI.run { try AccessCLI.auditLog(access).exportAnchor(actor: AccessCLI.actor.userName) }
            print(anchor)
        }
    }
}
