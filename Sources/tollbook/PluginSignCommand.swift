import ArgumentParser
import Foundation
import PluginPackaging

/// `tollbook plugin sign PKG --key FILE`
struct PluginSignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign a .tbplugin package (adds or replaces its signature over manifest.json).")

    @Argument(help: ArgumentHelp("The package.", valueName: "package"))
    var package: String

    @Option(help: ArgumentHelp("The private key file from `tollbook plugin keygen`.", valueName: "file"))
    var key: String

    func run() throws {
        do {
            guard let data = FileManager.default.contents(atPath: package) else {
                throw PackageError.io(path: package, reason: "cannot be read")
            }
            let signed = try PackageSigner.sign(try TarArchive.decode(data), keyPath: key)
            let bytes = try signed.archive.encoded()
            do {
                try bytes.write(to: URL(fileURLWithPath: package), options: .atomic)
            } catch {
                throw PackageError.io(path: package, reason: "cannot be written")
            }
            print("\(package): signed with key \(signed.keyID)")
        } catch {
            throw CLIError("\(error)")
        }
    }
}
