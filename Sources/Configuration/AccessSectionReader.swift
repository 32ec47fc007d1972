import Foundation
import Yams

/// Reads the `access:` section.
struct AccessSectionReader {
    let reader: YAMLReader
    /// The configuration file's folder, for relative paths.
    let base: String

    func access(_ node: Node, key: String) throws -> AccessConfiguration {
        let fields = try reader.mapping(node, key: key, allowed: [
            "audit_key_file", "bcrypt_cost", "password", "lockout", "directory_groups",
        ])
        var section = AccessConfiguration(line: reader.line(node))
        if let value = fields["audit_key_file"] {
            let path = try reader.string(value, key: "\(key).audit_key_file")
            guard !path.isEmpty else { throw reader.fail(value, "\(key).audit_key_file", "must not be empty") }
            section.auditKeyFile = path.hasPrefix("/") || base.isEmpty ? path : (base as NSString).appendingPathComponent(path)
        }
        if let value = fields["bcrypt_cost"] {
            section.bcryptCost = try reader.integer(value, key: "\(key).bcrypt_cost", in: 4...31)
        }
        if let value = fields["password"] {
            let password = try reader.mapping(value, key: "\(key).password", allowed: ["min_length", "history"])
            if let length = password["min_length"] {
                section.passwordMinLength = try reader.integer(length, key: "\(key).password.min_length", in: 8...72)
            }
            if let history = password["history"] {
                section.passwordHistory = try reader.integer(history, key: "\(key).password.history", in: 0...50)
            }
        }
        if let value = fields["lockout"] {
            let lockout = try reader.mapping(value, key: "\(key).lockout",
                                             allowed: ["max_failures", "initial_seconds", "max_seconds"])
            if let failures = lockout["max_failures"] {
                section.lockoutMaxFailures = try reader.integer(failures, key: "\(key).lockout.max_failures", in: 1...100)
            }
            if let initial = lockout["initial_seconds"] {
                section.lockoutInitialSeconds = try reader.integer(initial, key: "\(key).lockout.initial_seconds",
                                                                   in: 1...86_400)
            }
            if let maximum = lockout["max_seconds"] {
                section.lockoutMaxSeconds = try reader.integer(maximum, key: "\(key).lockout.max_seconds", in: 1...604_800)
            }
            if let initial = section.lockoutInitialSeconds, let maximum = section.lockoutMaxSeconds, maximum < initial,
               let node = lockout["max_seconds"] {
                throw reader.fail(node, "\(key).lockout.max_seconds", "must not be less than initial_seconds (\(initial))")
            }
        }
        if let value = fields["directory_groups"] {
            guard let mapping = value.mapping else {
                throw reader.fail(value, "\(key).directory_groups", "must be a mapping of group DN to role name")
            }
            for (groupNode, roleNode) in mapping {
                let group = try reader.string(groupNode, key: "\(key).directory_groups")
                let path = "\(key).directory_groups.\(group)"
                guard group.contains("=") else {
                    throw reader.fail(groupNode, path, "must be a group's DN such as cn=managers,ou=Groups,dc=example,dc=com")
                }
                let role = try reader.string(roleNode, key: path)
                guard !role.isEmpty, role.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
                    throw reader.fail(roleNode, path, "must be a role name (letters, digits, _ and -)")
                }
                if section.directoryGroups.contains(where: { $0.groupDN.lowercased() == group.lowercased() }) {
                    throw reader.fail(groupNode, path, "given twice")
                }
                section.directoryGroups.append((group, role))
            }
        }
        return section
    }
}
