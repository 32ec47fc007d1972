/// The validated options of one parser (see the options schema in `Descriptor.swift`).
struct PluginOptions {
    /// Device names that are trunks (external lines). Default: `*trunk*`.
    var trunks: [GlobPattern] = GlobPattern.list(PluginOptions.defaultTrunkPatterns)
    /// Device or called names that are conference rooms. Default: `*conference*,*konferenz*`.
    var conferences: [GlobPattern] = GlobPattern.list(PluginOptions.defaultConferencePatterns)

    /// The `trunk_patterns` default.
    static let defaultTrunkPatterns = "*trunk*"
    /// The `conference_patterns` default.
    static let defaultConferencePatterns = "*conference*,*konferenz*"

    /// A rejected option: the key and a message without personal data.
    struct Failure: Error {
        /// The option's name (empty when the whole object is unreadable).
        let key: String
        /// What is wrong.
        let message: String
    }

    /// Parses and validates the options JSON (values may come as JSON strings, as `--set KEY=VALUE`
    /// delivers them, or as arrays of strings).
    static func parse(_ json: [UInt8]) throws(Failure) -> PluginOptions {
        var parser = FlatJSONParser(json)
        let members: [(key: String, value: FlatJSONValue)]
        do {
            members = try parser.parseObject()
        } catch {
            throw Failure(key: "", message: error.message)
        }
        var options = PluginOptions()
        for (key, value) in members {
            switch key {
            case "trunk_patterns":
                options.trunks = try patterns(key, value)
            case "conference_patterns":
                options.conferences = try patterns(key, value)
            default:
                throw Failure(key: key, message: "unknown option")
            }
        }
        return options
    }

    /// Reads a non-empty pattern list given as a comma-separated string or an array of strings.
    private static func patterns(_ key: String, _ value: FlatJSONValue) throws(Failure) -> [GlobPattern] {
        let list: [GlobPattern]
        switch value {
        case .string(let s): list = GlobPattern.list(s)
        case .stringArray(let items): list = items.flatMap(GlobPattern.list)
        default: throw Failure(key: key, message: "must be a comma-separated string of glob patterns")
        }
        if list.isEmpty { throw Failure(key: key, message: "must name at least one pattern") }
        return list
    }
}

extension [GlobPattern] {
    /// Whether any pattern matches `count` bytes at `name` (an empty name never matches).
    func anyMatches(_ name: UnsafePointer<UInt8>?, _ count: Int) -> Bool {
        guard let name, count > 0 else { return false }
        return contains { $0.matches(name, count) }
    }
}
