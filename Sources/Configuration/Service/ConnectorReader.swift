import Foundation
import Yams

/// Reads `sites[n].connectors`: the connector instances of a site.
struct ConnectorReader {
    let reader: YAMLReader
    /// Folder of the configuration file (relative paths start there).
    let base: String

    func connectors(_ node: Node, key: String) throws -> [ConnectorInstanceSettings] {
        var result: [ConnectorInstanceSettings] = []
        for (index, item) in try reader.sequence(node, key: key).enumerated() {
            let instance = try connector(item, key: "\(key)[\(index)]")
            if let earlier = result.first(where: { $0.name == instance.name }) {
                throw reader.fail(item, "\(key)[\(index)].name", "connector '\(instance.name)' is already defined on line \(earlier.line)")
            }
            result.append(instance)
        }
        return result
    }

    private func connector(_ node: Node, key: String) throws -> ConnectorInstanceSettings {
        let fields = try reader.mapping(node, key: key, allowed: [
            "name", "plugin", "enabled", "isolation", "limits", "options", "transport",
        ])
        guard let nameNode = fields["name"] else { throw reader.fail(node, "\(key).name", "missing") }
        let name = try reader.string(nameNode, key: "\(key).name")
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }),
              !name.hasPrefix(".")
        else { throw reader.fail(nameNode, "\(key).name", "must be letters, digits, '-', '_' or '.' (it names folders)") }
        guard let pluginNode = fields["plugin"] else { throw reader.fail(node, "\(key).plugin", "missing") }
        guard let transportNode = fields["transport"] else { throw reader.fail(node, "\(key).transport", "missing") }
        let transport = try TransportReader(reader: reader, base: base).transport(transportNode, key: "\(key).transport")
        var instance = ConnectorInstanceSettings(
            name: name, plugin: try reader.string(pluginNode, key: "\(key).plugin"), transport: transport,
            options: try fields["options"].map { try options($0, key: "\(key).options") } ?? [], line: reader.line(node))
        if let value = fields["enabled"] { instance.enabled = try reader.boolean(value, key: "\(key).enabled") }
        if let value = fields["isolation"] {
            let text = try reader.string(value, key: "\(key).isolation")
            guard let isolation = PluginIsolationSetting(rawValue: text) else {
                throw reader.fail(value, "\(key).isolation", "must be worker or in_process")
            }
            instance.isolation = isolation
        }
        if let value = fields["limits"] {
            let limits = try reader.mapping(value, key: "\(key).limits", allowed: ["timeout_s", "memory_mb"])
            if let timeout = limits["timeout_s"] {
                instance.timeoutSeconds = Double(try reader.integer(timeout, key: "\(key).limits.timeout_s", in: 1...3_600))
            }
            if let memory = limits["memory_mb"] {
                instance.memoryBytes = UInt64(try reader.integer(memory, key: "\(key).limits.memory_mb", in: 64...65_536)) << 20
            }
        }
        return instance
    }

    private func options(_ node: Node, key: String) throws -> [ConnectorOption] {
        guard let mapping = node.mapping else { throw reader.fail(node, key, "must map option names to values") }
        var result: [ConnectorOption] = []
        for (keyNode, value) in mapping {
            guard let name = keyNode.string, !name.isEmpty else { throw reader.fail(keyNode, key, "option names must be text") }
            let text: String
            if value.scalar != nil {
                text = try reader.string(value, key: "\(key).\(name)")
            } else {
                // Lists become comma-separated text, the form connectors take lists in.
                text = try reader.strings(value, key: "\(key).\(name)").joined(separator: ",")
            }
            result.append(ConnectorOption(key: name, value: text))
        }
        return result
    }
}
