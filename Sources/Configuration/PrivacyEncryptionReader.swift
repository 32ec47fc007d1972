import Foundation
import Yams

/// Reads `privacy: encryption:` (``PrivacyEncryptionConfiguration``).
struct PrivacyEncryptionReader {
    let reader: YAMLReader
    /// The configuration file's folder, for a relative `key_file`.
    let base: String

    func encryption(_ node: Node, key: String) throws -> PrivacyEncryptionConfiguration {
        let fields = try reader.mapping(node, key: key, allowed: ["key_file"])
        guard let value = fields["key_file"] else { throw reader.fail(node, key, "needs key_file (the key-encryption key's file)") }
        let path = try reader.string(value, key: "\(key).key_file")
        guard !path.isEmpty else { throw reader.fail(value, "\(key).key_file", "must name a file") }
        let resolved = path.hasPrefix("/") || base.isEmpty ? path : (base as NSString).appendingPathComponent(path)
        return PrivacyEncryptionConfiguration(keyFile: resolved, line: reader.line(node))
    }
}
