import Access
import Foundation
import Store
import TollbookConfiguration

/// Opening retention and erasure from a configuration file, as the CLI and `serve` do.
public enum RetentionSetup {
    /// The clock months are read on: the first site's time zone, else UTC.
    public static func timeZone(_ configuration: ConfigurationFile?) -> TimeZone {
        configuration?.sites.first.flatMap { TimeZone(identifier: $0.timeZone) } ?? TimeZone(identifier: "UTC") ?? .current
    }

    /// The audit log of the store at `storePath` (key per the `access:` section).
    public static func auditLog(storePath: String, configuration: ConfigurationFile?) throws -> AuditLog {
        try AuditLog(databasePath: storePath, keyPath: AccessSettings(configuration?.access).auditKeyPath(databasePath: storePath))
    }

    /// The retention engine for the store at `storePath` with the `privacy.retention` rules (defaults without one).
    /// - Parameter encryption: the store's key when it is encrypted (shredding re-seals survivors).
    public static func engine(storePath: String, configuration: ConfigurationFile?, actor: String,
                              encryption: StoreKeyAccess = .none) throws -> RetentionEngine {
        RetentionEngine(storePath: storePath, configuration: configuration?.privacy.retention ?? RetentionConfiguration(),
                        timeZone: timeZone(configuration), audit: try auditLog(storePath: storePath, configuration: configuration),
                        actor: actor, encryption: encryption)
    }

    /// Where the receipt signing key is: `privacy.erasure.signing_key_file`, else `<store>.erasure.key`.
    public static func signingKeyPath(storePath: String, configuration: ConfigurationFile?) -> String {
        configuration?.privacy.erasure.signingKeyFile ?? storePath + ".erasure.key"
    }

    /// The erasure service for the store at `storePath` (the signing key must exist, mode 0600).
    public static func erasure(storePath: String, configuration: ConfigurationFile?, actor: String,
                               encryption: StoreKeyAccess = .none) throws -> Erasure {
        let key = try ReceiptSigningKey.load(path: signingKeyPath(storePath: storePath, configuration: configuration))
        return Erasure(storePath: storePath, configuration: configuration?.privacy.erasure ?? ErasureConfiguration(),
                       timeZone: timeZone(configuration), audit: try auditLog(storePath: storePath, configuration: configuration),
                       actor: actor, signingKey: key, encryption: encryption)
    }
}
