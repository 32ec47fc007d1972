import ArgumentParser
import Foundation
import Ingest
import Store
import TollbookConfiguration

/// `tollbook keys …`: the key-encryption key of an encrypted store (privacy spec P14).
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Encryption at rest: create, rotate and inspect the key-encryption key.",
        subcommands: [Init.self, Rotate.self, Status.self])

    /// The configured key file (`privacy.encryption.key_file`).
    static func configuredKeyFile(_ configuration: ConfigOptions) throws -> String {
        guard let file = try configuration.load(), let encryption = file.privacy.encryption else {
            throw CLIError("the configuration has no privacy: encryption: key_file (see docs/privacy.md)")
        }
        return encryption.keyFile
    }

    /// `tollbook keys init --config F`
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the key file named by privacy.encryption.key_file (mode 0600; never overwritten) and encrypt the new store.")
        @OptionGroup var configuration: ConfigOptions
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let path = try KeysCommand.configuredKeyFile(configuration)
            let key = try CLIError.wrap { try KeyEncryptionKey.create(path: path) }
            let store = try database.openStore(encryption: .key(key))
            print("created key file \(path) (fingerprint \(key.fingerprint)); database \(store.path) is encrypted")
        }
    }

    /// `tollbook keys rotate --config F --new-key-file F2`
    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-wrap every data key under a new key-encryption key, in one transaction.",
            discussion: """
                The new key file is created (mode 0600) unless it exists. Afterwards only the new key opens the store: \
                set privacy.encryption.key_file to it, then remove the old key file and its .epochs file.
                """)
        @OptionGroup var configuration: ConfigOptions
        @OptionGroup var database: DatabaseOptions
        @Option(name: .customLong("new-key-file"), help: ArgumentHelp("The new key file.", valueName: "file"))
        var newKeyFile: String

        func run() throws {
            let oldPath = try KeysCommand.configuredKeyFile(configuration)
            let old = try CLIError.wrap { try KeyEncryptionKey.load(path: oldPath) }
            let new = try CLIError.wrap {
                FileManager.default.fileExists(atPath: newKeyFile)
                    ? try KeyEncryptionKey.load(path: newKeyFile) : try KeyEncryptionKey.create(path: newKeyFile)
            }
            let store = try database.openStore(encryption: .key(old))
            let count = try CLIError.wrap { try store.rotateKeyEncryptionKey(to: new) }
            print("re-wrapped \(count) data keys under \(newKeyFile) (fingerprint \(new.fingerprint)); "
                  + "set privacy.encryption.key_file to it, then remove \(oldPath) and \(oldPath).epochs")
        }
    }

    /// `tollbook keys status`
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Whether the store is encrypted, its live and destroyed data keys and the key's fingerprint.")
        @OptionGroup var configuration: ConfigOptions
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            var access = try configuration.storeKeyAccess(try configuration.load())
            if case .none = access { access = .withoutCallData }
            let store = try database.openStore(readOnly: true, encryption: access)
            let status = try CLIError.wrap { try store.encryptionStatus() }
            print("encrypted: \(status.encrypted ? "yes" : "no")")
            guard status.encrypted else { return }
            print("data keys live: \(status.liveDataKeys)")
            print("data keys destroyed: \(status.destroyedDataKeys)")
            print("key epoch: \(status.keyEpoch)")
            print("kek fingerprint: \(status.kekFingerprint ?? "(key not configured)")")
        }
    }
}

extension CLIError {
    /// Runs `body`, turning its error into a ``CLIError`` with the error's description.
    static func wrap<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError("\(error)")
        }
    }
}
