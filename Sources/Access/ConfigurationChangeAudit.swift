import Crypto
import Foundation

/// Appends `configuration.change` to the audit log whenever the configuration file a service runs
/// on differs from the one the log saw last: at every start and every reload of `tollbook serve`.
/// The row names the file and the SHA-256 of its content before and after, so an auditor can match
/// it with the versions kept elsewhere; it holds no setting values.
public enum ConfigurationChangeAudit {
    /// Records the content `bytes` of the configuration file `path` when it is not what the newest
    /// `configuration.change` row names.
    /// - Returns: whether a row was appended.
    /// - Throws: what the log throws (the start or reload must then fail: a change that cannot be
    ///   audited is not applied).
    @discardableResult
    public static func recordIfChanged(path: String, bytes: Data, actor: String, log: AuditLog) throws -> Bool {
        let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        let previous = try log.entries(AuditFilter(action: AuditAction.configurationChange)).last.flatMap { digestNamed(in: $0.detail) }
        guard previous != digest else { return false }
        let file = URL(fileURLWithPath: path).lastPathComponent
        try log.recordConfigurationChange(
            actor: actor, detail: "file=\(file) sha256=\(digest) previous=\(previous ?? "none")")
        return true
    }

    /// The `sha256=` value of a row's detail.
    static func digestNamed(in detail: String) -> String? {
        detail.split(separator: " ").first { $0.hasPrefix("sha256=") }.map { String($0.dropFirst("sha256=".count)) }
    }
}
