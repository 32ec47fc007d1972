import Yams

/// Reads `privacy.profile`: an optional `agreement` text and one boolean per catalogue function
/// (``MonitoringFunction``); unknown keys are errors naming the file, line and key.
struct PrivacyProfileReader {
    let reader: YAMLReader

    func profile(_ node: Node, key: String) throws -> CoDeterminationProfile {
        let allowed = Set(MonitoringFunction.allCases.map(\.rawValue) + ["agreement"])
        let fields = try reader.mapping(node, key: key, allowed: allowed)
        var profile = CoDeterminationProfile(line: reader.line(node))
        if let value = fields["agreement"] { profile.agreement = try reader.string(value, key: "\(key).agreement") }
        for function in MonitoringFunction.allCases {
            if let value = fields[function.rawValue] {
                profile.switches[function] = try reader.boolean(value, key: "\(key).\(function.rawValue)")
            }
        }
        return profile
    }
}
