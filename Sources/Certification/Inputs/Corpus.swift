import Foundation

/// The sample files the correctness checks run on: the regular files directly inside the
/// `--corpus` directory, by name, except hidden files, `README*`, and documentation or
/// generator scripts (`*.md`, `*.py`, `*.sh`, `*.txt.license`). Sub-directories are not read.
public struct Corpus: Sendable {
    /// One sample file.
    public struct File: Sendable {
        /// The file name (reports show names, never contents).
        public var name: String
        /// The file's bytes.
        public var bytes: [UInt8]
    }

    /// The files, sorted by name.
    public var files: [File]

    /// An empty corpus (no `--corpus` given).
    public init() {
        files = []
    }

    /// Reads the corpus directory.
    /// - Throws: ``CertificationError/unreadableCorpus(path:reason:)``.
    public init(directory: String) throws {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        } catch {
            throw CertificationError.unreadableCorpus(path: directory, reason: "the directory cannot be listed")
        }
        var files: [File] = []
        for name in names where Self.isSample(name) {
            let path = (directory as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CertificationError.unreadableCorpus(path: path, reason: "the file cannot be read")
            }
            files.append(File(name: name, bytes: [UInt8](data)))
        }
        self.files = files
    }

    /// Whether a directory entry counts as a sample file (see the type's documentation).
    public static func isSample(_ name: String) -> Bool {
        if name.hasPrefix(".") || name.uppercased().hasPrefix("README") { return false }
        let excluded = [".md", ".py", ".sh", ".license"]
        return !excluded.contains { name.lowercased().hasSuffix($0) }
    }

    /// Whether there is no sample.
    public var isEmpty: Bool { files.isEmpty }

    /// The total size in bytes.
    public var byteCount: Int { files.reduce(0) { $0 + $1.bytes.count } }
}
