/// Why a signed package or an installed plugin is not trusted. Descriptions name the file and the
/// key id; they never contain key material.
public enum TrustError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The manifest is not valid JSON of the expected shape.
    case malformedManifest(String)
    /// The signature file is not valid JSON of the expected shape.
    case malformedSignature(String)
    /// The package or plugin has no signature.
    case unsigned(String)
    /// The signer's key is listed in the trust store's `revoked` file.
    case revokedKey(keyID: String)
    /// No public key with this id is in the trust store.
    case unknownSigner(keyID: String, trustStore: String)
    /// The signature does not verify with the key of that id.
    case badSignature(keyID: String)
    /// A public key file could not be read or is not a base64 Ed25519 key.
    case unreadableKey(path: String)

    /// A message for the admin.
    public var description: String {
        switch self {
        case let .malformedManifest(name):
            return "\(name): not a valid package manifest"
        case let .malformedSignature(name):
            return "\(name): not a valid signature record"
        case let .unsigned(name):
            return "\(name) is not signed"
        case let .revokedKey(keyID):
            return "signed with revoked key \(keyID)"
        case let .unknownSigner(keyID, trustStore):
            return "signed with unknown key \(keyID) (not in trust store \(trustStore))"
        case let .badSignature(keyID):
            return "the signature of key \(keyID) does not match the manifest"
        case let .unreadableKey(path):
            return "\(path): not a base64 Ed25519 public key"
        }
    }
}
