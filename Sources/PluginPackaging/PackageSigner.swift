import Foundation
import Host

/// `tollbook plugin sign`: adds (or replaces) `signature.json`, an Ed25519 signature over the
/// exact bytes of `manifest.json`.
public enum PackageSigner {
    /// Signs the package `archive` with the private key in `keyPath`.
    /// - Returns: the signed archive and the key id.
    /// - Throws: ``PackageError``.
    public static func sign(_ archive: TarArchive, keyPath: String) throws -> (archive: TarArchive, keyID: String) {
        let key = try SigningKeys.loadPrivateKey(path: keyPath)
        guard let manifest = archive.entry(named: PackageBuilder.manifestName) else {
            throw PackageError.missingFile(PackageBuilder.manifestName)
        }
        _ = try PackageManifest.decode(manifest.data)
        let signature: Data
        do {
            signature = try key.signature(for: manifest.data)
        } catch {
            throw PackageError.badKey(path: keyPath)
        }
        let keyID = TrustStore.keyID(ofPublicKey: key.publicKey.rawRepresentation)
        let record = PackageSignature(keyID: keyID, signature: signature.base64EncodedString())
        var entries = archive.entries.filter { $0.name != PackageBuilder.signatureName }
        entries.append(TarArchive.Entry(name: PackageBuilder.signatureName, data: record.encoded()))
        return (TarArchive(entries: entries), keyID)
    }
}
