import Access
import ArgumentParser
import Documents
import Foundation
import Reports

/// `tollbook privacy report --participant P --format pdf|csv|json [--out FILE] [--as USER]`: the
/// data subject's Art. 15 report (privacy P13, `docs/privacy.md`).
struct PrivacyReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "A person's Art. 15 report: their calls per their package, purposes, recipients, retention, sources, unlocks.",
        discussion: """
            json prints one object (or writes it to --out). csv needs --out FILE: FILE gets the calls \
            (RFC 4180, one record per call) and FILE's name with -information before the extension gets \
            the other parts in long form (section,table,row,column,value).
            """)

    /// The report formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case pdf, csv, json
    }

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var principal: PrincipalOptions
    @OptionGroup var configuration: ConfigOptions
    @Option(help: ArgumentHelp("The person: #id, employee id, e-mail or unique name.", valueName: "participant"))
    var participant: String
    @Option(help: "pdf, csv or json.") var format: Format = .json
    @Option(help: ArgumentHelp("Write to this file (csv: and a second file, see above).", valueName: "file")) var out: String?

    func run() throws {
        if format == .pdf && out == nil {
            throw CLIError("--format pdf writes a file; give --out FILE")
        }
        if format == .csv && out == nil {
            throw CLIError("--format csv writes two files (the calls and the other parts); give --out FILE")
        }
        let path = try database.prepareForQuery()
        let loaded = try configuration.load()
        let (reader, audit) = try principal.resolve(databasePath: path, configuration: configuration)
        let document = try AccessCLI.run {
            let access = try AccessControl.open(databasePath: path, configuration: loaded)
            let participantID = try access.participantID(matching: participant)
            return try SubjectReportBuilder(path: path, reader: reader, audit: audit, configuration: loaded,
                                            encryption: try configuration.storeKeyAccess(loaded))
                .report(participant: participantID)
        }
        switch format {
        case .json:
            if let out { try write(document.json, to: out) } else { print(document.json, terminator: "") }
        case .csv:
            guard let out, let calls = document.table("calls") else { return }
            try write(ReportData.csv(calls), to: out)
            let information = Self.informationPath(out)
            try write(document.informationCSV(excluding: "calls"), to: information)
            print("wrote \(out) and \(information)")
        case .pdf:
            guard let out else { return }
            do {
                // A page shows the calls' main columns; the CSV and JSON carry every one.
                try PDFRenderer().write(document.document(printedColumns: [
                    "calls": ["call_id", "start", "category", "number", "talk_seconds", "cost", "currency"],
                ]), to: out)
            } catch {
                throw CLIError("\(error)")
            }
            print("wrote \(out)")
        }
    }

    /// `anna.csv` → `anna-information.csv` (`-information` appended when there is no extension).
    static func informationPath(_ path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let ext = url.pathExtension
        let base = url.deletingPathExtension().path
        return base + "-information" + (ext.isEmpty ? "" : "." + ext)
    }

    private func write(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw CLIError("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
