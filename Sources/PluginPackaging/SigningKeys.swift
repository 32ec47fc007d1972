import Crypto
import Foundation
import Host

/// Ed25519 key files: `NAME.key` (private, base64 of the 32 raw bytes, mode 0600) and
/// `NAME.pub` (public, base64). Key material is never printed.
public enum SigningKeys {
    /// The files written by ``generate(name:into:)``.
    public struct Written: Sendable, Equatable {
        /// The private key file.
        public var privateKey: String
        /// The public key file.
        public var publicKey: String
        /// The key id (``TrustStore/keyID(ofPublicKey:)``).
        public var keyID: String
    }

    /// Creates a new key pair in `directory` (created if missing); refuses to overwrite.
    /// - Throws: ``PackageError/io(path:reason:)``.
    public static func generate(name: String, into directory: String) throws -> Written {
        guard TarArchive.isPlainName(name), !name.hasPrefix(".") else {
            throw PackageError.io(path: name, reason: "a key name must be a plain file name")
        }
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw PackageError.io(path: directory, reason: "cannot create the directory")
        }
        let privatePath = (directory as NSString).appendingPathComponent("\(name).key")
        let publicPath = (directory as NSString).appendingPathComponent("\(name).pub")
        for path in [privatePath, publicPath] where manager.fileExists(atPath: path) {
            throw PackageError.io(path: path, reason: "already exists; not overwritten")
        }
        let key = Curve25519.Signing.PrivateKey()
        let privateText = Data((key.rawRepresentation.base64EncodedString() + "\n").utf8)
        guard manager.createFile(atPath: privatePath, contents: privateText, attributes: [.posixPermissions: 0o600]) else {
            throw PackageError.io(path: privatePath, reason: "cannot be written")
        }
        let publicRaw = key.publicKey.rawRepresentation
        guard manager.createFile(atPath: publicPath, contents: Data((publicRaw.base64EncodedString() + "\n").utf8),
                                 attributes: [.posixPermissions: 0o644]) else {
            throw PackageError.io(path: publicPath, reason: "cannot be written")
        }
        return Written(privateKey: privatePath, publicKey: publicPath, keyID: TrustStore.keyID(ofPublicKey: publicRaw))
    }

    /// Reads a private key file.
    /// - Throws: ``PackageError/badKey(path:)``.
    public static func loadPrivateKey(path: String) throws -> Curve25519.Signing.PrivateKey {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let raw = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)),
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        else { throw PackageError.badKey(path: path) }
        return key
    }
}
