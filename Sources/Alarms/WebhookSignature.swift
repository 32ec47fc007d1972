import Crypto
import Foundation

/// The webhook signature: HMAC-SHA-256 with the shared secret over `<timestamp>.<body>`, sent as
/// `X-Tollbook-Signature: sha256=<lower-case hex>` with `X-Tollbook-Timestamp: <Unix seconds>`.
/// A receiver recomputes it and rejects old timestamps, so a recorded request cannot be replayed.
public enum WebhookSignature {
    /// The header value (`sha256=<hex>`) for `body` sent at `timestamp` (Unix seconds).
    public static func sign(body: String, timestamp: Int64, secret: [UInt8]) -> String {
        let material = Array("\(timestamp).".utf8) + Array(body.utf8)
        let code = HMAC<SHA256>.authenticationCode(for: material, using: SymmetricKey(data: secret))
        return "sha256=" + code.map { String(format: "%02x", $0) }.joined()
    }

    /// Reads the shared secret from `path`: it must be a regular file of mode 0600 or stricter
    /// (no access for group or others) and not empty; surrounding whitespace is trimmed.
    /// - Throws: ``AlarmError/secretFile(path:reason:)``.
    public static func readSecret(path: String) throws -> [UInt8] {
        var info = stat()
        guard stat(path, &info) == 0 else { throw AlarmError.secretFile(path: path, reason: "cannot be read (missing?)") }
        guard info.st_mode & mode_t(S_IFMT) == mode_t(S_IFREG) else { throw AlarmError.secretFile(path: path, reason: "is not a regular file") }
        guard info.st_mode & 0o077 == 0 else {
            throw AlarmError.secretFile(path: path, reason: String(format: "has mode %03o: others may read it (chmod 600)", info.st_mode & 0o777))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AlarmError.secretFile(path: path, reason: "cannot be read")
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw AlarmError.secretFile(path: path, reason: "is empty") }
        return Array(text.utf8)
    }
}
