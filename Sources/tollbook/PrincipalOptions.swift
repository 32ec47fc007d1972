import Access
import ArgumentParser
import Foundation
import Privacy
import Query
import Store
import TollbookConfiguration

/// `--as USER`: run a reading command as that user would see it (for admins checking a scope).
/// Without it, the operator who owns the database file acts as superuser.
struct PrincipalOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: ArgumentHelp(
        "Show exactly what this user would see (default: the database owner, who sees everything).", valueName: "user"))
    var user: String?

    /// Who reads, and where the query layer records what it audits: for `--as USER`, that user's
    /// principal (roles, scope, participant) from the access module and the store's audit log; else
    /// the database owner, whose audited events (if any) go to the same log. The configuration
    /// (its `access:` section: the audit key file) is read only when it is needed.
    func resolve(databasePath: String, configuration: ConfigOptions) throws -> (Principal, any AuditRecording) {
        guard let user else {
            return (.databaseOwner, StoreAuditLog(databasePath: databasePath, configurationPath: configuration.path))
        }
        return try AccessCLI.run {
            let access = try AccessControl.open(databasePath: databasePath, configuration: try configuration.load())
            guard let log = access.auditLog else { throw CLIError("the audit log is not available") }
            return (try access.principal(forUser: user), log)
        }
    }
}

/// The store's audit log, opened only when something is recorded: the database owner's reads
/// record nothing, so a plain `tollbook calls` neither creates the audit key nor writes to the
/// file (it also works on a write-protected store).
struct StoreAuditLog: AuditRecording {
    /// The store.
    let databasePath: String
    /// The configuration file whose `access.audit_key_file` names the key (else it lies beside the store).
    let configurationPath: String?

    func record(_ event: AuditEvent) throws {
        let configuration = try configurationPath.map { path in try AccessCLI.run { try ConfigurationFile.load(path: path) } }
        let keyPath = AccessSettings(configuration?.access).auditKeyPath(databasePath: databasePath)
        try AuditLog(databasePath: databasePath, keyPath: keyPath).record(event)
    }
}

extension DatabaseOptions {
    /// Creates and migrates the store if needed (as every command does), then returns its path
    /// for the query layer's read-only connection.
    func prepareForQuery(encryption: StoreKeyAccess = .withoutCallData) throws -> String {
        _ = try openStore(readOnly: true, encryption: encryption)
        return path
    }

    /// The query layer on this store for the principal of `principals` (`--as`).
    func query(as principals: PrincipalOptions, configuration: ConfigOptions) throws -> CallQuery {
        // Read the configuration file once: the store key and the privacy policy both come from it.
        let file = try configuration.load()
        let encryption = try configuration.storeKeyAccess(file)
        let path = try prepareForQuery(encryption: encryption)
        let (principal, audit) = try principals.resolve(databasePath: path, configuration: configuration)
        let privacy = file?.privacy.policy ?? .standard
        return try AccessCLI.run {
            try CallQuery(path: path, principal: principal, audit: audit, privacy: privacy, encryption: encryption)
        }
    }
}
