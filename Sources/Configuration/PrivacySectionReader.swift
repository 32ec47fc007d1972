import Foundation
import Yams

/// Reads the `privacy:` section. Each part of the section has its own reader; this one checks the
/// section's keys and hands each part to it.
struct PrivacySectionReader {
    let reader: YAMLReader
    /// The configuration file's folder, for relative paths.
    let base: String

    func privacy(_ node: Node, key: String) throws -> PrivacyConfiguration {
        let fields = try reader.mapping(node, key: key, allowed: [
            "min_group_size",
            "encryption",
        ])
        var section = PrivacyConfiguration()
        section.line = reader.line(node)
        if let value = fields["min_group_size"] {
            section.minimumGroupSize = try reader.integer(
                value, key: "\(key).min_group_size", in: PrivacyConfiguration.smallestMinimumGroupSize...1_000)
        }
        if let value = fields["encryption"] { section.encryption = try PrivacyEncryptionReader(reader: reader, base: base).encryption(value, key: "\(key).encryption") }
        return section
    }
}
