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
            "profile",
            "packages", "default_package", "assignments", "protected",
            "retention", "erasure",
            "unlock",
            "encryption",
        ])
        var section = PrivacyConfiguration()
        section.line = reader.line(node)
        if let value = fields["min_group_size"] {
            section.minimumGroupSize = try reader.integer(
                value, key: "\(key).min_group_size", in: PrivacyConfiguration.smallestMinimumGroupSize...1_000)
        }
        section.profile = try fields["profile"].map { try PrivacyProfileReader(reader: reader).profile($0, key: "\(key).profile") }
        section.policy = try PrivacyPolicyReader(reader: reader, base: base, timeZone: TimeZone(identifier: "UTC") ?? .current).policy(fields, key: key)
        try PrivacyRetentionReader(reader: reader, base: base).read(fields, key: key, into: &section)
        if let value = fields["unlock"] { section.unlock = try unlock(value, key: "\(key).unlock") }
        if let value = fields["encryption"] { section.encryption = try PrivacyEncryptionReader(reader: reader, base: base).encryption(value, key: "\(key).encryption") }
        return section
    }
}
