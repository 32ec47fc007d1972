import ArgumentParser
import Host

/// `tollbook __describe-plugin --plugin PATH`: the hidden worker that reads an untrusted plugin's
/// descriptor outside the host process (``PluginDescriber`` is the parent's side).
struct DescribePluginWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: PluginDescriber.subcommand, abstract: "Read a plugin's descriptor (internal).", shouldDisplay: false)

    @Option var plugin: String

    func run() throws {
        let status = PluginDescriber.WorkerSide.run(pluginPath: plugin)
        if status != 0 { throw ExitCode(status) }
    }
}
