extension TariffCompiler {
    /// Zone classes accepted in `class =`.
    static let zoneClasses: Set<String> = [
        "local", "national", "mobile", "international", "service", "freephone", "premium", "emergency", "special",
    ]

    /// Reads the `[zone ID]` sections into zones and a prefix trie; duplicate prefixes are errors.
    mutating func readZones(_ sections: [IniDocument.Section]) -> ([Zone], PrefixTrie) {
        var zones: [Zone] = []
        var trie = PrefixTrie()
        var prefixLines: [String: (zone: String, line: Int)] = [:]
        var zoneLines: [String: Int] = [:]
        for section in sections where !section.argument.isEmpty {
            if let first = zoneLines[section.argument] {
                error(section.line, "[zone \(section.argument)]", "duplicate zone (first in line \(first))")
                continue
            }
            zoneLines[section.argument] = section.line
            var name = section.argument
            var zoneClass = "unspecified"
            var prefixes: [String] = []
            for entry in section.entries {
                switch entry.key {
                case "name": name = entry.value
                case "class":
                    if Self.zoneClasses.contains(entry.value) { zoneClass = entry.value } else {
                        error(entry.line, "class", "unknown zone class \(entry.value) (\(Self.zoneClasses.sorted().joined(separator: ", ")))")
                    }
                case "prefixes":
                    for prefix in Self.list(entry.value) {
                        guard Self.isValidPrefix(prefix) else {
                            error(entry.line, "prefixes", "\(prefix) is not +digits (E.164, up to 15 digits) or a short code")
                            continue
                        }
                        if let first = prefixLines[prefix] {
                            error(entry.line, "prefixes", "duplicate prefix \(prefix) (already in zone \(first.zone), line \(first.line))")
                            continue
                        }
                        prefixLines[prefix] = (section.argument, entry.line)
                        trie.insert(prefix, value: Int32(zones.count))
                        prefixes.append(prefix)
                    }
                default: error(entry.line, entry.key, "unknown key in [zone] (name, class, prefixes)")
                }
            }
            if prefixes.isEmpty { error(section.line, "[zone \(section.argument)]", "zone has no prefixes") }
            zones.append(Zone(id: section.argument, name: name, zoneClass: zoneClass, prefixes: prefixes, index: zones.count))
        }
        return (zones, trie)
    }

    /// `+` and 1–15 digits, or 1–15 digits (a short code such as 110).
    static func isValidPrefix(_ prefix: String) -> Bool {
        let digits = prefix.hasPrefix("+") ? prefix.dropFirst() : Substring(prefix)
        return (1...15).contains(digits.count) && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
