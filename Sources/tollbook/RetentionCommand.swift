import Access
import ArgumentParser
import Foundation
import Retention
import TollbookCore

/// `tollbook retention …`: apply the retention rules of `privacy.retention`.
struct RetentionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention", abstract: "Apply the retention rules (P11).", subcommands: [Run.self])

    /// `retention run [--dry-run] [--as-of DATE] [--format table|json]`.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete what the retention rules expire (call detail folded into k-safe sums first).",
            discussion: "Prints per data class and category what was deleted (or, with --dry-run, would be). Every run is audited (retention.run).")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Flag(name: .customLong("dry-run"), help: "Count what would be deleted; change nothing.") var dryRun = false
        @Option(name: .customLong("as-of"), help: ArgumentHelp("Expire as of this date or UTC time (default: now).", valueName: "date"))
        var asOf: String?
        @Option(help: "table or json.") var format: ListFormat = .table

        func run() throws {
            let asOfMs = try asOf.map { try AccessCLI.time($0, option: "--as-of") } ?? AccessClock.system.nowMs()
            let configuration = try configOptions.load()
            let encryption = try configOptions.storeKeyAccess(configuration)
            _ = try database.openStore(encryption: encryption)
            let report = try AccessCLI.run {
                try RetentionSetup.engine(storePath: database.path, configuration: configuration, actor: AccessCLI.actor.userName,
                                          encryption: encryption)
                    .run(asOfMs: asOfMs, dryRun: dryRun)
            }
            switch format {
            case .table:
                print(TextTable.render(header: ["DATA CLASS", "CATEGORY", "PERIOD", dryRun ? "WOULD DELETE" : "DELETED"],
                                       rows: report.lines.map { [$0.dataClass.rawValue, $0.category, $0.period, String($0.count)] }))
                print("\(dryRun ? "dry run as of" : "retention run as of") \(AccessTime.iso(asOfMs)); audit seq \(report.auditSeq ?? 0)")
            case .json:
                let lines = report.lines.map {
                    "    {\"data_class\":\(JSONText.quote($0.dataClass.rawValue)),\"category\":\(JSONText.quote($0.category)),"
                        + "\"period\":\(JSONText.quote($0.period)),\"count\":\($0.count)}"
                }
                print("{\n  \"as_of\":\(JSONText.quote(AccessTime.iso(asOfMs))),\n  \"dry_run\":\(dryRun),\n"
                      + "  \"audit_seq\":\(report.auditSeq ?? 0),\n  \"destroyed_key_fingerprints\":\(AccessCLI.jsonArray(report.destroyedKeyFingerprints)),\n"
                      + "  \"lines\":[\n\(lines.joined(separator: ",\n"))\n  ]\n}")
            }
        }
    }
}
