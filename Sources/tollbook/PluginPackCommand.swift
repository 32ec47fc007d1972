import ArgumentParser
import Foundation
import PluginPackaging

/// `tollbook plugin pack DIR [--out FILE]`
struct PluginPackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pack",
        abstract: "Pack a plugin directory (one .so, optionally certification.json) into an unsigned .tbplugin.",
        discussion: "The manifest is read from the plugin's own descriptor. Sign the package with `tollbook plugin sign`. Format: docs/plugin-packages.md.")

    @Argument(help: ArgumentHelp("Directory with exactly one .so and optionally certification.json.", valueName: "dir"))
    var directory: String

    @Option(help: ArgumentHelp("The package file (default: ./<id>-<version>.tbplugin).", valueName: "file"))
    var out: String?

    func run() throws {
        do {
            let built = try PackageBuilder.pack(directory: directory)
            let path = out ?? built.suggestedName
            do {
                try built.data.write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw PackageError.io(path: path, reason: "cannot be written")
            }
            let report = built.manifest.certification.map { $0.passed ? "certification passed" : "certification FAILED" }
                ?? "no certification report"
            print("\(path): \(built.manifest.id) \(built.manifest.version), \(built.manifest.files.count) files, \(report); unsigned")
        } catch {
            throw CLIError("\(error)")
        }
    }
}
