import ArgumentParser
import Documents
import Foundation
import Governance
import TollbookConfiguration

/// `tollbook privacy`: the data subject's report, the co-determination profile and the
/// accountability exports.
struct PrivacyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "privacy", abstract: "Data subjects' reports, co-determination profile, Art. 30 record and DPIA inputs.",
        subcommands: [PrivacyReportCommand.self, PrivacyProfileCommand.self, PrivacyArt30Command.self, PrivacyDPIACommand.self])
}

/// `tollbook privacy profile`.
struct PrivacyProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile", abstract: "The co-determination profile (privacy.profile).",
        subcommands: [PrivacyProfileExportCommand.self])
}

/// `tollbook privacy profile export --config F --format md|pdf [--lang de|en] --out FILE`
struct PrivacyProfileExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Writes the works-agreement annex: every report and function with its switch, "
            + "fields, roles, retention, minimum group size and unlock rules.")

    @OptionGroup var config: ConfigOptions
    @Option(help: "md or pdf.") var format: DocumentFormat
    @Option(help: "de or en.") var lang: DocumentLanguage = .en
    @Option(help: ArgumentHelp("The file to write.", valueName: "file")) var out: String

    func validate() throws {
        if format == .json { throw ValidationError("--format must be md or pdf") }
    }

    func run() throws {
        let settings = try GovernanceCLI.settings(config)
        let document = ProfileAnnex.document(settings: settings, language: lang, generatedOn: GovernanceCLI.today())
        try GovernanceCLI.write(document, format: format, out: out)
    }
}

/// `tollbook privacy art30 --config F [--format md|json|pdf] [--lang de|en] [--out FILE]`
struct PrivacyArt30Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "art30", abstract: "The Art. 30 GDPR record fragment: purposes, data subjects, data, recipients, "
            + "erasure periods, technical and organisational measures.")

    @OptionGroup var config: ConfigOptions
    @Option(help: "md, json or pdf.") var format: DocumentFormat = .md
    @Option(help: "de or en (md and pdf).") var lang: DocumentLanguage = .en
    @Option(help: ArgumentHelp("Write to this file instead of standard output (needed for pdf).", valueName: "file"))
    var out: String?

    func run() throws {
        let settings = try GovernanceCLI.settings(config)
        let record = Art30Record(settings: settings)
        if format == .json { return try GovernanceCLI.writeJSON(record, out: out) }
        try GovernanceCLI.write(record.document(language: lang, generatedOn: GovernanceCLI.today(),
                                                configurationPath: settings.configurationPath),
                                format: format, out: out)
    }
}

/// `tollbook privacy dpia --config F [--format md|json|pdf] [--lang de|en] [--out FILE]`
struct PrivacyDPIACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dpia", abstract: "DPIA inputs: which WP248 criteria the configured processing meets.")

    @OptionGroup var config: ConfigOptions
    @Option(help: "md, json or pdf.") var format: DocumentFormat = .md
    @Option(help: "de or en (md and pdf).") var lang: DocumentLanguage = .en
    @Option(help: ArgumentHelp("Write to this file instead of standard output (needed for pdf).", valueName: "file"))
    var out: String?

    func run() throws {
        let configuration = try config.load()
        let settings = GovernanceSettings(configuration: configuration)
        let inputs = DPIAInputs(settings: settings, configuration: configuration)
        if format == .json { return try GovernanceCLI.writeJSON(inputs, out: out) }
        try GovernanceCLI.write(inputs.document(language: lang, generatedOn: GovernanceCLI.today(),
                                                configurationPath: settings.configurationPath),
                                format: format, out: out)
    }
}
