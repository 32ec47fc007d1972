import ArgumentParser
import Host

/// `tollbook __parse-worker`: the hidden worker mode of crash-isolated connectors. Loads the
/// plugin in this process and serves parse requests from the parent over stdin/stdout
/// (``WorkerParserSession`` is the parent's side).
struct ParseWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: WorkerParserSession.subcommand, abstract: "Serve a connector's parser (internal).", shouldDisplay: false)

    @Option var plugin: String
    @Option var sharedFd: Int32?

    func run() throws {
        let status = ParseWorkerServer.run(pluginPath: plugin, sharedFD: sharedFd)
        if status != 0 { throw ExitCode(status) }
    }
}
