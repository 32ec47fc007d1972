import Access
import ArgumentParser
import Foundation
import Retention
import Rollups

/// `tollbook erase …`: erasure of a person's or a number's calls with a signed receipt (P12).
struct EraseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase", abstract: "Erase a person's or a number's call data and write a signed receipt.",
        subcommands: [Subject.self, Verify.self, Keygen.self], defaultSubcommand: Subject.self)

    /// `erase --participant P | --number N [--reason TEXT] --out RECEIPT`.
    struct Subject: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "subject",
            abstract: "Erase (the default: `tollbook erase --participant E1 --out receipt.json`).",
            discussion: """
                Deletes every call the org chart allocates to the participant (or with the number in any party), keeps \
                k-safe sums without numbers (listed with their legal basis where a legal hold applies), replaces the \
                participant's name, e-mail, ids and directory DN by a pseudonym, truncates the WAL, audits the erasure \
                and writes the receipt signed with privacy.erasure.signing_key_file (default <db>.erasure.key).
                """)
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Option(help: ArgumentHelp("The participant: #id, employee id, e-mail or unique name.", valueName: "P")) var participant: String?
        @Option(help: ArgumentHelp("An E.164 number, e.g. +493012345678.", valueName: "N")) var number: String?
        @Option(help: "Why (kept in the receipt only; do not put names here).") var reason: String?
        @Option(help: ArgumentHelp("Where to write the receipt (must not exist).", valueName: "file")) var out: String

        func validate() throws {
            guard (participant == nil) != (number == nil) else { throw ValidationError("give exactly one of --participant and --number") }
            guard !FileManager.default.fileExists(atPath: out) else { throw ValidationError("--out \(out): already exists; not overwritten") }
        }

        func run() throws {
            let configuration = try configOptions.load()
            let encryption = try configOptions.storeKeyAccess(configuration)
            _ = try database.openStore(encryption: encryption)
            let subject: ErasureSubject = participant.map { .participant($0) } ?? .number(number ?? "")
            let receipt = try AccessCLI.run {
                let erasure = try RetentionSetup.erasure(storePath: database.path, configuration: configuration,
                                                         actor: AccessCLI.actor.userName, encryption: encryption)
                let receipt = try erasure.erase(subject, reason: reason, nowMs: AccessClock.system.nowMs())
                // KPI roll-ups (docs/rollups.md): the sums stay (kept sums of erased detail); the number's caller key goes.
                if case let .number(number) = subject {
                    try RollupMaintenance(storePath: database.path, configuration: configuration, encryption: encryption)
                        .forgetCaller(number: number)
                }
                guard FileManager.default.createFile(atPath: out, contents: try receipt.fileBytes(),
                                                     attributes: [.posixPermissions: 0o644]) else {
                    throw CLIError("\(out): cannot be written (the erasure is done and audited as seq \(receipt.auditSeq))")
                }
                return receipt
            }
            let counts = receipt.deletedPerCategory.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            print("erased \(receipt.scopeKind) \(receipt.subject): \(receipt.deletedPerCategory.values.reduce(0, +)) calls (\(counts))")
            print("data keys destroyed: \(receipt.destroyedKeyFingerprints.count)")
            if receipt.legalHold.isEmpty { print("legal hold: none") }
            for item in receipt.legalHold {
                print("legal hold: \(item.hold) \(item.month) \(item.category): \(item.calls) calls, \(item.costMinor) minor units \(item.currency) "
                      + "kept as sums without numbers until \(item.keptUntil) (\(item.basis))")
            }
            print("audit seq \(receipt.auditSeq); receipt \(out); public key \(receipt.publicKey)")
        }
    }

    /// `erase verify RECEIPT [--public-key F]`.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a receipt's signature (exit status 1 when invalid).")
        @Argument(help: ArgumentHelp("The receipt file.", valueName: "receipt")) var receipt: String
        @Option(name: .customLong("public-key"), help: ArgumentHelp("A file with the signer's public key (base64); default: the embedded one.", valueName: "file"))
        var publicKey: String?

        func run() throws {
            guard let bytes = FileManager.default.contents(atPath: receipt) else { throw CLIError("\(receipt): missing or not readable") }
            let trusted = try publicKey.map { path -> String in
                guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("--public-key \(path): missing or not readable") }
                return String(decoding: data, as: UTF8.self)
            }
            switch ErasureReceipt.verify(bytes, trustedPublicKey: trusted) {
            case let .valid(requestID, auditSeq):
                print("valid: request \(requestID), audit seq \(auditSeq)")
            case let .invalid(reason):
                print("invalid: \(reason)")
                throw ExitCode.failure
            }
        }
    }

    /// `erase keygen --out F`.
    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a receipt signing key (Ed25519, mode 0600); prints the public key.")
        @Option(help: ArgumentHelp("The private key file to create.", valueName: "file")) var out: String

        func run() throws {
            let publicKey = try AccessCLI.run { try ReceiptSigningKey.generate(path: out) }
            print(publicKey)
        }
    }
}
