import Foundation
import Yams

/// Reads one `sites[n]` entry.
struct SiteReader {
    let reader: YAMLReader
    /// Folder of the configuration file (relative paths start there).
    var base = ""

    func site(_ node: Node, key: String) throws -> SiteConfiguration {
        let fields = try reader.mapping(node, key: key, allowed: ["name", "time_zone", "sources", "numbering", "providers", "plugins", "connectors", "categories", "analytics", "alarms"])
        func required(_ name: String) throws -> Node {
            guard let value = fields[name] else { throw reader.fail(node, "\(key).\(name)", "missing") }
            return value
        }
        let name = try reader.string(try required("name"), key: "\(key).name")
        guard !name.isEmpty else { throw reader.fail(try required("name"), "\(key).name", "must not be empty") }
        let zoneNode = try required("time_zone")
        let zone = try reader.string(zoneNode, key: "\(key).time_zone")
        guard TimeZone(identifier: zone) != nil else {
            throw reader.fail(zoneNode, "\(key).time_zone", "unknown time zone (use an IANA name such as Europe/Berlin)")
        }
        let sources = try fields["sources"].map { try reader.strings($0, key: "\(key).sources") } ?? []
        let numbering = try self.numbering(try required("numbering"), key: "\(key).numbering")
        let providers = try self.providers(try required("providers"), key: "\(key).providers")
        var site = SiteConfiguration(name: name, timeZone: zone, sources: sources, numbering: numbering, providers: providers,
                                     line: reader.line(node))
        if let value = fields["plugins"] { site.plugins = try pluginPolicy(value, key: "\(key).plugins") }
        if let value = fields["categories"] { site.categories = try CategoryRulesReader(reader: reader).rules(value, key: "\(key).categories") }
        if let value = fields["analytics"] { site.analytics = try AnalyticsSectionReader(reader: reader).settings(value, key: "\(key).analytics") }
        if let value = fields["alarms"] { site.alarms = try AlarmSectionReader(reader: reader, base: base).settings(value, key: "\(key).alarms") }
        if let value = fields["connectors"] {
            site.connectors = try ConnectorReader(reader: reader, base: base).connectors(value, key: "\(key).connectors")
            for (index, connector) in site.connectors.enumerated() {
                guard !site.sources.contains(connector.name) else {
                    throw reader.fail(value, "\(key).connectors[\(index)].name",
                                      "'\(connector.name)' is also listed in sources (a connector is a source already)")
                }
                site.sources.append(connector.name)
            }
        }
        return site
    }

    private func pluginPolicy(_ node: Node, key: String) throws -> PluginPolicySettings {
        let fields = try reader.mapping(node, key: key, allowed: ["allow_unsigned", "require_certification"])
        var policy = PluginPolicySettings()
        if let value = fields["allow_unsigned"] { policy.allowUnsigned = try reader.boolean(value, key: "\(key).allow_unsigned") }
        if let value = fields["require_certification"] {
            policy.requireCertification = try reader.boolean(value, key: "\(key).require_certification")
        }
        return policy
    }

    private func numbering(_ node: Node, key: String) throws -> NumberingSettings {
        let fields = try reader.mapping(node, key: key, allowed: [
            "country_code", "area_code", "international_prefix", "national_prefix", "outside_line_prefixes",
            "extensions", "did_blocks", "call_by_call_patterns",
        ])
        guard let country = fields["country_code"] else { throw reader.fail(node, "\(key).country_code", "missing") }
        guard let area = fields["area_code"] else { throw reader.fail(node, "\(key).area_code", "missing") }
        guard let outsideLine = fields["outside_line_prefixes"] else {
            throw reader.fail(node, "\(key).outside_line_prefixes", "missing: state the access code(s) the PBX records "
                              + "before dialled external numbers, e.g. [\"0\"], or [] when it records them without one")
        }
        let outsideLinePrefixes = try reader.strings(outsideLine, key: "\(key).outside_line_prefixes")
        for (index, prefix) in outsideLinePrefixes.enumerated()
        where prefix.isEmpty || !prefix.allSatisfy({ $0.isASCII && $0.isNumber }) {
            throw reader.fail(outsideLine, "\(key).outside_line_prefixes[\(index)]", "must be digits only")
        }
        var settings = NumberingSettings(
            countryCode: try reader.digits(country, key: "\(key).country_code"),
            areaCode: try reader.digits(area, key: "\(key).area_code"), outsideLinePrefixes: outsideLinePrefixes)
        if let value = fields["international_prefix"] {
            settings.internationalPrefix = try reader.digits(value, key: "\(key).international_prefix")
        }
        if let value = fields["national_prefix"] {
            settings.nationalPrefix = try reader.digits(value, key: "\(key).national_prefix", allowEmpty: true)
        }
        if let value = fields["extensions"] {
            let items = value.sequence.map(Array.init) ?? [value]
            settings.extensions = try items.enumerated().map { try reader.range($1, key: "\(key).extensions[\($0)]") }
        }
        if let value = fields["did_blocks"] {
            settings.didBlocks = try reader.sequence(value, key: "\(key).did_blocks").enumerated().map { index, block in
                let blockKey = "\(key).did_blocks[\(index)]"
                let blockFields = try reader.mapping(block, key: blockKey, allowed: ["prefix", "extensions"])
                guard let prefixNode = blockFields["prefix"] else { throw reader.fail(block, "\(blockKey).prefix", "missing") }
                guard let rangeNode = blockFields["extensions"] else { throw reader.fail(block, "\(blockKey).extensions", "missing") }
                let prefix = try reader.string(prefixNode, key: "\(blockKey).prefix")
                guard prefix.hasPrefix("+"), prefix.count > 2, prefix.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) else {
                    throw reader.fail(prefixNode, "\(blockKey).prefix", "must be an E.164 prefix such as +4930555")
                }
                return DIDBlockSettings(prefix: prefix, extensions: try reader.range(rangeNode, key: "\(blockKey).extensions"))
            }
        }
        if let value = fields["call_by_call_patterns"] {
            settings.callByCallPatterns = try reader.strings(value, key: "\(key).call_by_call_patterns")
        }
        return settings
    }

    private func providers(_ node: Node, key: String) throws -> ProviderSettings {
        let fields = try reader.mapping(node, key: key, allowed: ["default", "local", "call_by_call"])
        guard let defaultNode = fields["default"] else { throw reader.fail(node, "\(key).default", "missing") }
        var settings = ProviderSettings(defaultProvider: try reader.string(defaultNode, key: "\(key).default"))
        if let value = fields["local"] { settings.localProvider = try reader.string(value, key: "\(key).local") }
        if let value = fields["call_by_call"] {
            guard let mapping = value.mapping else { throw reader.fail(value, "\(key).call_by_call", "must map prefixes to providers") }
            for (prefixNode, providerNode) in mapping {
                let prefix = try reader.digits(prefixNode, key: "\(key).call_by_call")
                settings.callByCall[prefix] = try reader.string(providerNode, key: "\(key).call_by_call.\(prefix)")
            }
        }
        return settings
    }
}
