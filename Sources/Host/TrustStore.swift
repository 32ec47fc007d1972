import Crypto
import Foundation

/// A directory of trusted Ed25519 public keys (`*.pub`, base64 of the 32 raw bytes) and an
/// optional `revoked` file (one key id per line, `#` starts a comment).
///
/// A revoked key id is refused even if its `.pub` file is still in the directory.
public struct TrustStore: Sendable {
    /// The directory.
    public let directory: String
    /// Raw bytes of the trusted keys by key id.
    let keys: [String: Data]
    /// Revoked key ids.
    public let revoked: Set<String>

    /// Reads the keys in `directory`; a missing directory is an empty store.
    /// - Throws: ``TrustError/unreadableKey(path:)`` for a `.pub` file that is not a key.
    public init(directory: String) throws {
        self.directory = directory
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var keys: [String: Data] = [:]
        for name in names.sorted() where name.hasSuffix(".pub") {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let text = try? String(contentsOfFile: path, encoding: .utf8),
                  let raw = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)),
                  (try? Curve25519.Signing.PublicKey(rawRepresentation: raw)) != nil
            else { throw TrustError.unreadableKey(path: path) }
            keys[Self.keyID(ofPublicKey: raw)] = raw
        }
        self.keys = keys
        let revokedPath = (directory as NSString).appendingPathComponent("revoked")
        let revokedText = (try? String(contentsOfFile: revokedPath, encoding: .utf8)) ?? ""
        revoked = Set(revokedText.split(whereSeparator: \.isNewline).compactMap { line in
            let id = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let trimmed = id.trimmingCharacters(in: .whitespaces).lowercased()
            return trimmed.isEmpty ? nil : trimmed
        })
    }

    /// The ids of the trusted keys.
    public var keyIDs: [String] { keys.keys.sorted() }

    /// The key id of a public key: the first 16 hex digits of the SHA-256 of its raw 32 bytes.
    public static func keyID(ofPublicKey raw: Data) -> String {
        String(sha256Hex(raw).prefix(16))
    }

    /// Lower-case hex SHA-256 of `data`.
    public static func sha256Hex(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// Checks that `signature` was made over `message` by a trusted, unrevoked key.
    /// - Returns: the signer's key id.
    /// - Throws: ``TrustError/revokedKey(keyID:)``, ``TrustError/unknownSigner(keyID:trustStore:)``,
    ///   ``TrustError/badSignature(keyID:)``.
    @discardableResult
    public func verify(_ signature: PackageSignature, over message: Data) throws -> String {
        let keyID = signature.keyID.lowercased()
        guard !revoked.contains(keyID) else { throw TrustError.revokedKey(keyID: keyID) }
        guard let raw = keys[keyID], let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else {
            throw TrustError.unknownSigner(keyID: keyID, trustStore: directory)
        }
        guard let bytes = Data(base64Encoded: signature.signature), key.isValidSignature(bytes, for: message) else {
            throw TrustError.badSignature(keyID: keyID)
        }
        return keyID
    }
}
