import ArgumentParser
import PluginPackaging

/// `tollbook plugin keygen --out DIR [--name NAME]`
struct PluginKeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Create an Ed25519 key pair for signing plugin packages.",
        discussion: "Writes NAME.key (private, mode 0600) and NAME.pub (public; copy it into trust stores). Prints the key id, never the key.")

    @Option(help: ArgumentHelp("Directory to write the key files into.", valueName: "dir"))
    var out: String

    @Option(help: ArgumentHelp("Base name of the key files.", valueName: "name"))
    var name: String = "signing"

    func run() throws {
        do {
            let written = try SigningKeys.generate(name: name, into: out)
            print("key id \(written.keyID)")
            print("private key: \(written.privateKey) (keep it secret)")
            print("public key: \(written.publicKey)")
        } catch {
            throw CLIError("\(error)")
        }
    }
}
