import Foundation

extension DirectoryPerson {
    /// Maps a search entry through `mapping` (see ``AttributeMapping`` for the rules).
    init(entry: DirectoryEntry, mapping: AttributeMapping) {
        let dn = DistinguishedName(entry.dn)
        var path: [String] = []
        for source in mapping.organisationalPathSources {
            switch source {
            case .organisationalUnits:
                path += dn?.organisationalUnits ?? []
            case .attribute(let name):
                path += entry.strings(name).flatMap { value in
                    value.split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                }
            }
        }
        var seen = Set<String>()
        let numbers = mapping.numbers.flatMap { entry.strings($0) }.filter { seen.insert($0).inserted }
        self.init(
            dn: entry.dn,
            uniqueID: Self.uniqueID(of: entry),
            displayName: entry.string(mapping.name) ?? dn?.leafValue ?? entry.dn,
            mail: entry.string(mapping.mail),
            employeeID: entry.string(mapping.employeeID),
            department: entry.string(mapping.department),
            organisationalPath: path,
            numbers: numbers, accountName: entry.string(mapping.accountName))
    }

    /// `objectGUID` (16 bytes, AD's mixed-endian layout) as a UUID string, else `entryUUID`, else the DN.
    static func uniqueID(of entry: DirectoryEntry) -> String {
        if let guid = entry.values("objectGUID").first, guid.count == 16 {
            // AD stores the first three fields little-endian.
            let ordered = guid[0..<4].reversed() + guid[4..<6].reversed() + guid[6..<8].reversed() + guid[8..<16]
            let hex = ordered.map { byte in
                let digits = String(byte, radix: 16)
                return digits.count == 1 ? "0" + digits : digits
            }
            let groups = [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]]
            return groups.map { $0.joined() }.joined(separator: "-")
        }
        if let uuid = entry.string("entryUUID") { return uuid.lowercased() }
        return entry.dn
    }
}
