import Host

/// Why packing, signing or installing a plugin package failed. Every message names what is
/// wrong (the file, the key id); none contains key material.
public enum PackageError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The bytes are not a readable ustar archive.
    case notAnArchive(reason: String)
    /// An archive entry is not a plain regular file, or its name is used twice.
    case badArchiveEntry(name: String, reason: String)
    /// A file or directory could not be read or written.
    case io(path: String, reason: String)
    /// The directory given to `pack` does not hold what a package needs.
    case badPackDirectory(path: String, reason: String)
    /// The certification report cannot be used.
    case badReport(file: String, reason: String)
    /// The package lacks a required file.
    case missingFile(String)
    /// The archive holds a file the manifest does not declare.
    case undeclaredFile(String)
    /// A file's SHA-256 or size differs from the manifest.
    case hashMismatch(String)
    /// The manifest's contents are not acceptable.
    case badManifest(reason: String)
    /// A key file is not a base64 Ed25519 key.
    case badKey(path: String)
    /// The signature or trust check failed.
    case untrusted(TrustError)

    /// A message for the admin.
    public var description: String {
        switch self {
        case let .notAnArchive(reason):
            return "not a plugin package: \(reason)"
        case let .badArchiveEntry(name, reason):
            return "refused archive entry '\(name)': \(reason)"
        case let .io(path, reason):
            return "\(path): \(reason)"
        case let .badPackDirectory(path, reason):
            return "\(path): \(reason)"
        case let .badReport(file, reason):
            return "\(file): unusable certification report: \(reason)"
        case let .missingFile(name):
            return "the package has no \(name)"
        case let .undeclaredFile(name):
            return "the package holds \(name), which its manifest does not declare"
        case let .hashMismatch(name):
            return "\(name): SHA-256 does not match the manifest (the file was changed after packing)"
        case let .badManifest(reason):
            return "manifest.json: \(reason)"
        case let .badKey(path):
            return "\(path): not a base64 Ed25519 key"
        case let .untrusted(error):
            return "package refused: \(error)"
        }
    }
}
