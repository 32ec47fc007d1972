import ArgumentParser

/// `tollbook plugin …`: working on one plugin file (certify, keygen, pack, sign, install).
/// Add a subcommand by listing its type here; each lives in its own `Plugin*Command.swift`.
struct PluginCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugin",
        abstract: "Work on one connector plugin file.",
        subcommands: [PluginCertifyCommand.self, PluginKeygenCommand.self, PluginPackCommand.self,
                      PluginSignCommand.self, PluginInstallCommand.self, PluginRunCommand.self])
}
