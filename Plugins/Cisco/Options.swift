/// The validated options of one parser (see the options schema in `Descriptor.swift`).
struct PluginOptions {
    /// Column layout for files without a header (`columns`), or nil: infer from the field count.
    var layout: ColumnLayout?
    /// How device names are sorted into phones, trunks and the rest.
    var devices = DeviceClassifier(trunkPatterns: nil, phonePatterns: GlobPattern.list(DeviceClassifier.defaultPhonePatterns))
    /// Cluster id for correlation ids when the file has no `globalCallId_ClusterID` value.
    var clusterID: [UInt8] = []

    /// A rejected option: the key and a message without personal data.
    struct Failure: Error {
        /// The option's name (empty when the whole object is unreadable).
        let key: String
        /// What is wrong.
        let message: String
    }

    /// Parses and validates the options JSON. Values given as JSON strings (as `--set KEY=VALUE`
    /// delivers them) and as JSON numbers are accepted alike.
    static func parse(_ json: [UInt8]) throws(Failure) -> PluginOptions {
        var parser = FlatJSONParser(json)
        let members: [(key: String, value: FlatJSONValue)]
        do {
            members = try parser.parseObject()
        } catch {
            throw Failure(key: "", message: error.message)
        }
        var options = PluginOptions()
        var trunks: [GlobPattern]?
        var phones = GlobPattern.list(DeviceClassifier.defaultPhonePatterns)
        for (key, value) in members {
            switch key {
            case "columns":
                let text: String
                switch value {
                case .string(let s): text = s
                case .number(let n): text = n
                default: throw Failure(key: key, message: "must be \"123\", \"129\" or \"133\"")
                }
                guard let layout = ColumnLayout.embedded(columnCount: Int(text) ?? 0) else {
                    throw Failure(key: key, message: "must be \"123\", \"129\" or \"133\"")
                }
                options.layout = layout
            case "trunk_patterns":
                let list = try patterns(key, value)
                trunks = list.isEmpty ? nil : list
            case "phone_patterns":
                phones = try patterns(key, value)
            case "cluster_id":
                switch value {
                case .string(let s): options.clusterID = Array(s.utf8)
                case .number(let n): options.clusterID = Array(n.utf8)
                default: throw Failure(key: key, message: "must be a string")
                }
            default:
                throw Failure(key: key, message: "unknown option")
            }
        }
        options.devices = DeviceClassifier(trunkPatterns: trunks, phonePatterns: phones)
        return options
    }

    /// Reads a pattern list given as a comma-separated string or as an array of strings.
    private static func patterns(_ key: String, _ value: FlatJSONValue) throws(Failure) -> [GlobPattern] {
        switch value {
        case .string(let s):
            return GlobPattern.list(s)
        case .stringArray(let items):
            return items.flatMap(GlobPattern.list)
        default:
            throw Failure(key: key, message: "must be a comma-separated string of glob patterns")
        }
    }
}
