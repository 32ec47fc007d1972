import Foundation

/// `signature.json` of a package (and the `<so>.sig` install record): who signed the exact bytes
/// of `manifest.json`, and the Ed25519 signature.
public struct PackageSignature: Codable, Sendable, Equatable {
    /// The signer's key id (``TrustStore/keyID(ofPublicKey:)``).
    public var keyID: String
    /// The Ed25519 signature, base64.
    public var signature: String

    enum CodingKeys: String, CodingKey {
        case keyID = "key_id"
        case signature
    }

    /// Creates a signature record.
    public init(keyID: String, signature: String) {
        self.keyID = keyID
        self.signature = signature
    }

    /// The record in `data`.
    /// - Throws: ``TrustError/malformedSignature(_:)``.
    public static func decode(_ data: Data, name: String) throws -> PackageSignature {
        guard let value = try? JSONDecoder().decode(PackageSignature.self, from: data) else {
            throw TrustError.malformedSignature(name)
        }
        return value
    }

    /// The record as JSON (sorted keys, one line, newline-terminated).
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return body + Data("\n".utf8)
    }
}
