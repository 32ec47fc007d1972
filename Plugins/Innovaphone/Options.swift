/// The validated options of one parser (see the options schema in `Descriptor.swift`).
struct PluginOptions {
    /// Object names (`h323` or `cn`, compared without case) that count as trunks when the CDR
    /// has no `<user pseudo="trunk">` / `pseudo="gw"`.
    var trunkObjects: [[UInt8]] = []
    /// Legacy gateway format: interface names (`src_if` / `dst_if`, compared without case) that
    /// lead outside. Without it the direction of legacy records is unknown.
    var trunkInterfaces: [[UInt8]] = []

    /// A rejected option: the key and a message without personal data.
    struct Failure: Error {
        /// The option's name (empty when the whole object is unreadable).
        let key: String
        /// What is wrong.
        let message: String
    }

    /// Whether `name` is listed in `trunk_objects`.
    func isTrunkObject(_ name: [UInt8]) -> Bool { PluginOptions.contains(trunkObjects, name) }

    /// Whether `name` is listed in `trunk_interfaces`.
    func isTrunkInterface(_ name: [UInt8]) -> Bool { PluginOptions.contains(trunkInterfaces, name) }

    private static func contains(_ list: [[UInt8]], _ name: [UInt8]) -> Bool {
        guard !name.isEmpty else { return false }
        let lowered = name.map(lower)
        return list.contains { $0 == lowered }
    }

    private static func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }

    /// Parses and validates the options JSON (values as strings or string arrays).
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
            case "trunk_objects": options.trunkObjects = try names(key, value)
            case "trunk_interfaces": options.trunkInterfaces = try names(key, value)
            default: throw Failure(key: key, message: "unknown option")
            }
        }
        return options
    }

    /// A comma-separated string or an array of strings, trimmed, lower-cased, empty items dropped.
    private static func names(_ key: String, _ value: FlatJSONValue) throws(Failure) -> [[UInt8]] {
        let items: [String]
        switch value {
        case .string(let s): items = s.split(separator: ",").map(String.init)
        case .stringArray(let list): items = list.flatMap { $0.split(separator: ",").map(String.init) }
        default: throw Failure(key: key, message: "must be a comma-separated string of names")
        }
        return items.map { item in
            Array(item.utf8).drop { $0 == 0x20 }.reversed().drop { $0 == 0x20 }.reversed().map(lower)
        }.filter { !$0.isEmpty }
    }
}
