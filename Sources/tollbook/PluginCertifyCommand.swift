import ArgumentParser
import Certification
import Foundation
import Host
import TollbookCore

/// `tollbook plugin certify PATH [--corpus DIR] [--timezone ZONE] [--seed N] [--format text|json]`
struct PluginCertifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certify",
        abstract: "Run the certification suite on a plugin; every check in its own worker process.",
        discussion: "Exit status 1 if a check failed or crashed. Check ids, criteria and fixes: sdk/docs/certification.md.")

    @Argument(help: ArgumentHelp("The plugin's shared object.", valueName: "path"))
    var path: String

    @Option(help: ArgumentHelp("A directory of sample input files for the correctness checks.", valueName: "dir"))
    var corpus: String?

    @Option(help: ArgumentHelp(
        "IANA time zone of the corpus's local wall-clock times (plugins that report TB_TIME_LOCAL).", valueName: "zone"))
    var timezone: String = "UTC"

    @Option(help: ArgumentHelp("Seed of the generated inputs (default: random, printed in the report).", valueName: "n"))
    var seed: UInt64?

    @Option(help: "text or json.")
    var format: ReportFormat = .text

    @Option(name: .customLong("check"), help: ArgumentHelp(
        "Run only this check, or every check under this prefix (e.g. robust); repeatable.", valueName: "id"))
    var selectedChecks: [String] = []

    @Option(help: ArgumentHelp("Seconds each check may run before it counts as crashed.", valueName: "seconds"))
    var timeout: Double = 120

    enum ReportFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        guard WallClockConverter(identifier: timezone) != nil else {
            throw ValidationError("--timezone '\(timezone)' is not an IANA time zone name (e.g. Europe/Berlin)")
        }
    }

    func run() throws {
        let checks: [CheckID]
        do {
            checks = selectedChecks.isEmpty ? CheckID.allCases
                : CheckID.allCases.filter(Set(try selectedChecks.flatMap(CheckID.matching)).contains)
        } catch {
            throw CLIError("\(error)")
        }
        let pluginPath = URL(fileURLWithPath: path).standardizedFileURL.path
        let corpusPath = corpus.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else {
            throw CLIError("cannot find the tollbook executable to start workers")
        }
        let context = CheckContext(pluginPath: pluginPath, corpusDirectory: corpusPath, seed: seed ?? UInt64.random(in: 0..<(1 << 53)),
                                   timeZone: timezone)
        let runner = CertificationRunner(context: context, checks: checks, timeoutSeconds: timeout,
                                         workerExecutable: URL(fileURLWithPath: executable), workerArguments: [CertifyCheckWorkerCommand.name])
        let report: CertificationReport
        do {
            report = try runner.run { result in
                if format == .text { Console.error("\(result.id.rawValue): \(result.status.rawValue)") }
            }
        } catch {
            throw CLIError("\(error)")
        }
        print(format == .json ? report.json() : ReportText.render(report))
        if !report.summary.certified { throw ExitCode(1) }
    }
}
