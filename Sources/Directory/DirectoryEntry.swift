import Foundation

/// One search result entry: its DN and its attribute values as raw bytes, keyed by the
/// lower-cased attribute name (LDAP attribute names are case-insensitive).
struct DirectoryEntry: Equatable {
    /// The DN as the server returned it.
    var dn: String
    /// Values per lower-cased attribute name, in the order the server returned them.
    var attributes: [String: [[UInt8]]]

    /// Creates an entry; attribute names may be given in any case.
    init(dn: String, attributes: [String: [[UInt8]]]) {
        self.dn = dn
        self.attributes = Dictionary(attributes.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: +)
    }

    /// Raw values of `attribute`.
    func values(_ attribute: String) -> [[UInt8]] {
        attributes[attribute.lowercased()] ?? []
    }

    /// Values of `attribute` as text, spaces around them removed, empty ones dropped.
    func strings(_ attribute: String) -> [String] {
        values(attribute).compactMap { bytes in
            let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? nil : text
        }
    }

    /// The first text value of `attribute`.
    func string(_ attribute: String) -> String? {
        strings(attribute).first
    }
}
