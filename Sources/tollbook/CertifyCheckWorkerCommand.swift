import ArgumentParser
import Certification
import Host

/// `tollbook __certify-check`: the hidden worker mode of `plugin certify`. Runs one check and
/// prints its result as one JSON line; the parent enforces the timeout and sees crashes.
struct CertifyCheckWorkerCommand: ParsableCommand {
    /// The subcommand's name, as the parent passes it.
    static let name = "__certify-check"

    static let configuration = CommandConfiguration(
        commandName: name, abstract: "Run one certification check (internal).", shouldDisplay: false)

    @Option var plugin: String
    @Option var check: String
    @Option var seed: UInt64
    @Option var corpus: String?
    @Option var timezone: String = "UTC"

    func run() throws {
        WorkerLimits.applyInherited()
        guard let id = CheckID(rawValue: check) else { throw CLIError("unknown check '\(check)'") }
        let context = CheckContext(pluginPath: plugin, corpusDirectory: corpus, seed: seed, timeZone: timezone)
        print(CheckWorker.encode(CheckWorker.run(id, context: context)))
    }
}
