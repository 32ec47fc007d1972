import ArgumentParser
import Foundation
import PluginPackaging

/// `tollbook plugin install PKG [--trust-store DIR] [--plugin-dir DIR]`
struct PluginInstallCommand: ParsableCommand {
    /// Where packages are installed when neither the option nor `$TOLLBOOK_PLUGIN_DIR` is given.
    static let defaultPluginDirectory = "/usr/local/lib/tollbook/plugins"

    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Verify a signed .tbplugin against the trust store and install it into the plugin directory.",
        discussion: """
            Refuses unsigned packages, unknown or revoked signers, files the manifest does not declare and \
            files whose SHA-256 differs. Installs the .so with its install record (<so>.manifest.json, <so>.sig). \
            Add the plugin directory to --plugin-dir or $TOLLBOOK_PLUGIN_PATH to load it.
            """)

    @Argument(help: ArgumentHelp("The package.", valueName: "package"))
    var package: String

    @OptionGroup var trust: TrustOptions

    @Option(name: .customLong("plugin-dir"), help: ArgumentHelp(
        "Where to install (default: $TOLLBOOK_PLUGIN_DIR, else \(PluginInstallCommand.defaultPluginDirectory)).", valueName: "dir"))
    var pluginDir: String?

    func run() throws {
        let directory = pluginDir ?? ProcessInfo.processInfo.environment["TOLLBOOK_PLUGIN_DIR"] ?? Self.defaultPluginDirectory
        let store = try trust.load()
        do {
            guard let data = FileManager.default.contents(atPath: package) else {
                throw PackageError.io(path: package, reason: "cannot be read")
            }
            let installed = try PackageInstaller.install(try TarArchive.decode(data), trustStore: store, pluginDirectory: directory)
            let report = installed.certified.map { $0 ? "certified" : "certification failed" } ?? "no certification report"
            print("installed \(installed.id) \(installed.version) to \(installed.path) (signed with key \(installed.keyID), \(report))")
        } catch {
            throw CLIError("\(package): \(error)")
        }
    }
}
