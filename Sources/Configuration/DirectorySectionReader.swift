import Foundation
import Yams

/// Reads the `directory:` section.
struct DirectorySectionReader {
    let reader: YAMLReader
    /// The configuration file's folder, for relative paths.
    let base: String

    func directory(_ node: Node, key: String) throws -> DirectoryConfiguration {
        let fields = try reader.mapping(node, key: key, allowed: [
            "url", "start_tls", "ca_file", "bind_dn", "password_file", "base_dn", "filter", "page_size",
            "timeout_seconds", "attributes", "match_by", "max_depth", "max_leave_percent", "effective",
        ])
        func required(_ name: String) throws -> String {
            guard let value = fields[name] else { throw reader.fail(node, "\(key).\(name)", "missing") }
            let text = try reader.string(value, key: "\(key).\(name)")
            guard !text.isEmpty else { throw reader.fail(value, "\(key).\(name)", "must not be empty") }
            return text
        }
        let url = try required("url")
        let scheme = url.lowercased()
        guard scheme.hasPrefix("ldap://") || scheme.hasPrefix("ldaps://"), !url.contains(" ") else {
            throw reader.fail(fields["url"] ?? node, "\(key).url", "must be an ldap:// or ldaps:// URL")
        }
        var section = DirectoryConfiguration(url: url, bindDN: try required("bind_dn"),
                                             passwordFile: resolved(try required("password_file")),
                                             baseDN: try required("base_dn"), line: reader.line(node))
        if let value = fields["start_tls"] {
            section.startTLS = try reader.boolean(value, key: "\(key).start_tls")
            if section.startTLS && scheme.hasPrefix("ldaps://") {
                throw reader.fail(value, "\(key).start_tls", "cannot be combined with an ldaps:// url (ldaps is TLS already)")
            }
        }
        if fields["ca_file"] != nil { section.caFile = resolved(try required("ca_file")) }
        if let value = fields["filter"] {
            let filter = try reader.string(value, key: "\(key).filter").trimmingCharacters(in: .whitespaces)
            guard filter.hasPrefix("("), filter.hasSuffix(")") else {
                throw reader.fail(value, "\(key).filter", "must be an LDAP filter in parentheses, e.g. (objectClass=user)")
            }
            section.filter = filter
        }
        if let value = fields["page_size"] {
            section.pageSize = try reader.integer(value, key: "\(key).page_size", in: 1...100_000)
        }
        if let value = fields["timeout_seconds"] {
            section.timeoutSeconds = try reader.integer(value, key: "\(key).timeout_seconds", in: 1...3600)
        }
        if let value = fields["attributes"] {
            section.attributes = try attributes(value, key: "\(key).attributes")
        }
        func choice(_ name: String, _ allowed: [String]) throws -> String? {
            guard let value = fields[name] else { return nil }
            let text = try reader.string(value, key: "\(key).\(name)")
            guard allowed.contains(text) else {
                throw reader.fail(value, "\(key).\(name)", "must be one of \(allowed.joined(separator: ", "))")
            }
            return text
        }
        section.matchBy = try choice("match_by", ["unique_id", "employee_id", "mail", "account_name"])
        section.maxDepth = try choice("max_depth", ["refuse", "flatten", "skip"])
        if let value = fields["max_leave_percent"] {
            section.maxLeavePercent = try reader.integer(value, key: "\(key).max_leave_percent", in: 0...100)
        }
        if let value = fields["effective"] {
            let text = try reader.string(value, key: "\(key).effective")
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard text.count == 10, parts.count == 3, parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }) else {
                throw reader.fail(value, "\(key).effective", "must be a date such as 2025-01-01")
            }
            section.effective = text
        }
        return section
    }

    private func attributes(_ node: Node, key: String) throws -> DirectoryAttributesConfiguration {
        let fields = try reader.mapping(node, key: key, allowed: ["name", "mail", "employee_id", "department", "numbers", "org_path",
                                                                  "account_name"])
        func attribute(_ name: String) throws -> String? {
            guard let value = fields[name] else { return nil }
            return try self.attribute(value, key: "\(key).\(name)")
        }
        var mapping = DirectoryAttributesConfiguration(
            name: try attribute("name"), mail: try attribute("mail"), employeeID: try attribute("employee_id"),
            department: try attribute("department"))
        mapping.accountName = try attribute("account_name")
        if let value = fields["org_path"] {
            let items = value.sequence.map(Array.init) ?? [value]
            guard !items.isEmpty else { throw reader.fail(value, "\(key).org_path", "must name ou or at least one attribute") }
            mapping.orgPaths = try items.enumerated().map { try self.attribute($1, key: value.sequence == nil ? "\(key).org_path" : "\(key).org_path[\($0)]") }
        }
        if let value = fields["numbers"] {
            let items = value.sequence.map(Array.init) ?? [value]
            mapping.numbers = try items.enumerated().map { try self.attribute($1, key: "\(key).numbers[\($0)]") }
        }
        return mapping
    }

    /// An attribute name (`telephoneNumber`, `extensionAttribute1`) or a numeric OID.
    private func attribute(_ node: Node, key: String) throws -> String {
        let name = try reader.string(node, key: key)
        let isName = name.first.map { $0.isASCII && $0.isLetter } == true
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        let isOID = name.first.map { $0.isASCII && $0.isNumber } == true
            && name.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") }
        guard isName || isOID else { throw reader.fail(node, key, "must be an LDAP attribute name such as telephoneNumber") }
        return name
    }

    private func resolved(_ path: String) -> String {
        path.hasPrefix("/") || base.isEmpty ? path : (base as NSString).appendingPathComponent(path)
    }
}
