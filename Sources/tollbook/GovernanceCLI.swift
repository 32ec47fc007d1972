import ArgumentParser
import Documents
import Foundation
import Governance
import Reports
import TollbookConfiguration

/// Shared plumbing of the governance commands and checks (co-determination profile, documents).
enum GovernanceCLI {
    /// Exit status of a command refused by the co-determination profile.
    static let disabledStatus: Int32 = 3

    /// The governance settings of `--config`.
    static func settings(_ config: ConfigOptions) throws -> GovernanceSettings {
        GovernanceSettings(configuration: try config.load())
    }

    /// Runs `body`; a function the profile disables ends the command with a message and exit status 3.
    static func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ReportsError {
            guard case .disabledByProfile = error else { throw CLIError("\(error)") }
            FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
            throw ExitCode(disabledStatus)
        } catch let error as KPIGovernanceError {
            FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
            throw ExitCode(disabledStatus)
        }
    }

    /// Refuses `function` (exit status 3) when the profile of `--config` disables it.
    static func require(_ function: MonitoringFunction, _ config: ConfigOptions) throws {
        let settings = try settings(config)
        try run { try CostReporting.require(function, in: settings) }
    }

    /// Today, UTC, YYYY-MM-DD.
    static func today() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }

    /// Writes `document` as Markdown or PDF to `out`, or Markdown to standard output without `out`.
    static func write(_ document: ReportDocument, format: DocumentFormat, out: String?) throws {
        switch format {
        case .md:
            let text = MarkdownRenderer().render(document)
            guard let out else {
                FileHandle.standardOutput.write(Data(text.utf8))
                return
            }
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
            } catch {
                throw CLIError("cannot write \(out): \((error as NSError).localizedDescription)")
            }
        case .pdf:
            guard let out else { throw ValidationError("--format pdf needs --out FILE") }
            do {
                try PDFRenderer().write(document, to: out)
            } catch {
                throw CLIError("\(error)")
            }
        case .json:
            throw ValidationError("--format json is not available here")
        }
    }

    /// `value` as pretty JSON with sorted keys on standard output or in `out`.
    static func writeJSON<T: Encodable>(_ value: T, out: String?) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(value) + Data("\n".utf8)
        guard let out else {
            FileHandle.standardOutput.write(data)
            return
        }
        do {
            try data.write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            throw CLIError("cannot write \(out): \((error as NSError).localizedDescription)")
        }
    }
}

/// Output formats of the governance documents.
enum DocumentFormat: String, ExpressibleByArgument, CaseIterable {
    case md, pdf, json
}

extension DocumentLanguage: ExpressibleByArgument {}
