import Foundation
import Host

/// `tollbook plugin install`: verifies a signed package and installs its `.so` with the install
/// record (`<so>.manifest.json`, `<so>.sig`) into a plugin directory.
public enum PackageInstaller {
    /// What was installed.
    public struct Installed: Sendable, Equatable {
        /// The plugin's id.
        public var id: String
        /// The plugin's version.
        public var version: String
        /// The installed `.so`.
        public var path: String
        /// The signer's key id.
        public var keyID: String
        /// Whether the package's certification report passed (`nil`: no report).
        public var certified: Bool?
    }

    /// Checks, in order: the archive has only plain files, a manifest and a signature; the signer's
    /// key is not revoked and is in the trust store; the signature verifies; every file is declared;
    /// every declared file is present with its SHA-256 and size; there is exactly one `.so`.
    /// - Returns: the verified manifest, its bytes and the signature record.
    /// - Throws: ``PackageError``.
    public static func verify(_ archive: TarArchive, trustStore: TrustStore)
        throws -> (manifest: PackageManifest, manifestData: Data, signature: PackageSignature) {
        guard let manifestEntry = archive.entry(named: PackageBuilder.manifestName) else {
            throw PackageError.missingFile(PackageBuilder.manifestName)
        }
        guard let signatureEntry = archive.entry(named: PackageBuilder.signatureName) else {
            throw PackageError.untrusted(.unsigned("the package"))
        }
        let signature: PackageSignature
        do {
            signature = try PackageSignature.decode(signatureEntry.data, name: PackageBuilder.signatureName)
            try trustStore.verify(signature, over: manifestEntry.data)
        } catch let error as TrustError {
            throw PackageError.untrusted(error)
        }
        let manifest: PackageManifest
        do {
            manifest = try PackageManifest.decode(manifestEntry.data)
        } catch {
            throw PackageError.badManifest(reason: "not a valid package manifest")
        }
        guard manifest.format == 1 else { throw PackageError.badManifest(reason: "unknown format \(manifest.format)") }
        let declared = Set(manifest.files.map(\.path))
        let reserved: Set = [PackageBuilder.manifestName, PackageBuilder.signatureName]
        for entry in archive.entries where !reserved.contains(entry.name) && !declared.contains(entry.name) {
            throw PackageError.undeclaredFile(entry.name)
        }
        for file in manifest.files {
            guard TarArchive.isPlainName(file.path), !reserved.contains(file.path) else {
                throw PackageError.badManifest(reason: "declares '\(file.path)', which is not a plain file name")
            }
            guard let entry = archive.entry(named: file.path) else { throw PackageError.missingFile(file.path) }
            guard entry.data.count == file.size, TrustStore.sha256Hex(entry.data) == file.sha256 else {
                throw PackageError.hashMismatch(file.path)
            }
        }
        guard manifest.sharedObject != nil else { throw PackageError.badManifest(reason: "must declare exactly one .so file") }
        if let report = manifest.certification, !declared.contains(report.file) {
            throw PackageError.missingFile(report.file)
        }
        return (manifest, manifestEntry.data, signature)
    }

    /// Verifies `archive` and installs it into `pluginDirectory` (created if missing); each file is
    /// written to a temporary name and renamed into place.
    /// - Throws: ``PackageError``.
    public static func install(_ archive: TarArchive, trustStore: TrustStore, pluginDirectory: String) throws -> Installed {
        let verified = try verify(archive, trustStore: trustStore)
        guard let object = verified.manifest.sharedObject, let data = archive.entry(named: object.path)?.data else {
            throw PackageError.badManifest(reason: "must declare exactly one .so file")
        }
        do {
            try FileManager.default.createDirectory(atPath: pluginDirectory, withIntermediateDirectories: true)
        } catch {
            throw PackageError.io(path: pluginDirectory, reason: "cannot create the plugin directory")
        }
        let target = (pluginDirectory as NSString).appendingPathComponent(object.path)
        let record = PluginTrust.recordPaths(forPluginAt: target)
        try write(data, to: target, mode: 0o755)
        try write(verified.manifestData, to: record.manifest, mode: 0o644)
        try write(verified.signature.encoded(), to: record.signature, mode: 0o644)
        return Installed(id: verified.manifest.id, version: verified.manifest.version, path: target,
                         keyID: verified.signature.keyID.lowercased(), certified: verified.manifest.certification?.passed)
    }

    static func write(_ data: Data, to path: String, mode: Int) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = (directory as NSString).appendingPathComponent(".\((path as NSString).lastPathComponent).tmp-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: mode]) else {
            throw PackageError.io(path: temporary, reason: "cannot be written")
        }
        guard rename(temporary, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw PackageError.io(path: path, reason: "cannot be moved into place")
        }
    }
}
