import ArgumentParser
import Foundation
import Host

/// `--trust-store`: the directory of trusted public keys for signed plugins.
struct TrustOptions: ParsableArguments {
    /// Where keys are looked for when neither the option nor `$TOLLBOOK_TRUST_STORE` is given.
    static let defaultDirectory = "/etc/tollbook/trusted-keys"

    @Option(name: .customLong("trust-store"), help: ArgumentHelp(
        "Directory of trusted public keys (*.pub) and the revoked list (default: $TOLLBOOK_TRUST_STORE, else \(TrustOptions.defaultDirectory)).",
        valueName: "dir"))
    var trustStore: String?

    /// The directory after defaults.
    var path: String {
        trustStore ?? ProcessInfo.processInfo.environment["TOLLBOOK_TRUST_STORE"] ?? Self.defaultDirectory
    }

    /// The loaded trust store (a missing directory is an empty store).
    func load() throws -> TrustStore {
        do {
            return try TrustStore(directory: path)
        } catch {
            throw CLIError("\(error)")
        }
    }
}
