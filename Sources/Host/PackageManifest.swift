import Foundation

/// The parts of a package's `manifest.json` the host reads back (`docs/plugin-packages.md`).
///
/// The manifest is written by `tollbook plugin pack` and signed byte for byte; the host only
/// decodes it, it never re-encodes it.
public struct PackageManifest: Codable, Sendable, Equatable {
    /// One file of the package with its digest.
    public struct File: Codable, Sendable, Equatable {
        /// Name inside the archive (a plain file name).
        public var path: String
        /// Lower-case hex SHA-256 of the file's bytes.
        public var sha256: String
        /// Size in bytes.
        public var size: Int

        /// Creates an entry.
        public init(path: String, sha256: String, size: Int) {
            self.path = path
            self.sha256 = sha256
            self.size = size
        }
    }

    /// The certification report shipped in the package.
    public struct Certification: Codable, Sendable, Equatable {
        /// Its file name inside the archive.
        public var file: String
        /// The suite version that produced it.
        public var suiteVersion: String
        /// Whether the report says the plugin is certified.
        public var passed: Bool

        enum CodingKeys: String, CodingKey {
            case file, passed
            case suiteVersion = "suite_version"
        }

        /// Creates an entry.
        public init(file: String, suiteVersion: String, passed: Bool) {
            self.file = file
            self.suiteVersion = suiteVersion
            self.passed = passed
        }
    }

    /// Manifest format version (1).
    public var format: Int
    /// The plugin's id, from its descriptor.
    public var id: String
    /// The plugin's version, from its descriptor.
    public var version: String
    /// The ABI version of the descriptor, `major.minor`.
    public var abi: String
    /// Every file of the package except the manifest and the signature.
    public var files: [File]
    /// The certification report, if the package has one.
    public var certification: Certification?

    /// The manifest in `data`.
    /// - Throws: ``TrustError/malformedManifest(_:)``.
    public static func decode(_ data: Data, name: String = "manifest.json") throws -> PackageManifest {
        do {
            return try JSONDecoder().decode(PackageManifest.self, from: data)
        } catch {
            throw TrustError.malformedManifest(name)
        }
    }

    /// The entry of the shared object (the one file whose name ends in `.so`), if there is exactly one.
    public var sharedObject: File? {
        let objects = files.filter { $0.path.hasSuffix(".so") }
        return objects.count == 1 ? objects.first : nil
    }
}
