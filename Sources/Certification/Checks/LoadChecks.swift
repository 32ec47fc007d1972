import Foundation
import Host
import TollbookCore

/// The `load.*` checks.
enum LoadChecks {
    /// Runs the raw-descriptor checks (`entry_symbol`, `magic`, `abi_version`, `struct_sizes`,
    /// `descriptor`); the ones that need a readable descriptor are skipped when it is not.
    static func raw(_ id: CheckID, context: CheckContext) -> (CheckResult, PluginIdentity?) {
        let plugin: RawPlugin
        do {
            plugin = try RawPlugin(path: context.pluginPath)
        } catch {
            let reason: String
            switch error {
            case .cannotOpen(let why): reason = "dlopen(RTLD_NOW | RTLD_LOCAL) failed: \(why)"
            case .noEntrySymbol: reason = "the library exports no tollbook_plugin_entry symbol"
            case .entryReturnedNull: reason = "tollbook_plugin_entry returned NULL: the plugin refuses this host"
            }
            if id == .loadEntrySymbol { return (CheckResult(id: id, status: .failed, detail: reason), nil) }
            return (CheckResult(id: id, status: .skipped, detail: "no descriptor (see load.entry_symbol)"), nil)
        }
        if id == .loadEntrySymbol {
            return (CheckResult(id: id, status: .passed, detail: "loaded with RTLD_NOW | RTLD_LOCAL; the entry returned a descriptor",
                                metrics: ["load_ms": plugin.loadMilliseconds]), nil)
        }
        guard plugin.magic == RawPlugin.hostMagic else {
            let text = "magic 0x\(String(plugin.magic, radix: 16)), expected 0x\(String(RawPlugin.hostMagic, radix: 16))"
            if id == .loadMagic { return (CheckResult(id: id, status: .failed, detail: text), nil) }
            return (CheckResult(id: id, status: .skipped, detail: "the descriptor has a bad magic number (see load.magic)"), nil)
        }
        switch id {
        case .loadMagic:
            return (CheckResult(id: id, status: .passed, detail: "magic 0x\(String(plugin.magic, radix: 16))"), nil)
        case .loadABIVersion:
            return (abiVersion(plugin), nil)
        case .loadStructSizes:
            return (structSizes(plugin), nil)
        default:
            guard plugin.structSize >= RawPlugin.v1DescriptorSize else {
                return (CheckResult(id: id, status: .skipped, detail: "the descriptor is too small to read (see load.struct_sizes)"), nil)
            }
            let (problems, identity) = DescriptorReview.review(plugin, path: context.pluginPath)
            let result = problems.isEmpty
                ? CheckResult(id: id, status: .passed, detail: "id \(identity.id), version \(identity.version); names, formats, functions and probe in order")
                : CheckResult(id: id, status: .failed, detail: problems.joined(separator: "; "))
            return (result, identity)
        }
    }

    private static func abiVersion(_ plugin: RawPlugin) -> CheckResult {
        let version = "ABI \(plugin.abiMajor).\(plugin.abiMinor), needs host minor \(plugin.minimumHostMinor)"
        var problems: [String] = []
        if plugin.abiMajor != RawPlugin.hostMajor { problems.append("major \(plugin.abiMajor) differs from the host's \(RawPlugin.hostMajor)") }
        if plugin.minimumHostMinor > RawPlugin.hostMinor { problems.append("needs host minor \(plugin.minimumHostMinor), the host has \(RawPlugin.hostMinor)") }
        if plugin.minimumHostMinor > plugin.abiMinor { problems.append("needs a host minor newer than the minor it was built against") }
        if problems.isEmpty { return CheckResult(id: .loadABIVersion, status: .passed, detail: version) }
        return CheckResult(id: .loadABIVersion, status: .failed, detail: "\(version): " + problems.joined(separator: "; "))
    }

    private static func structSizes(_ plugin: RawPlugin) -> CheckResult {
        let size = plugin.structSize
        let minimum = RawPlugin.v1DescriptorSize
        if size < minimum {
            return CheckResult(id: .loadStructSizes, status: .failed, detail: "descriptor struct_size \(size) is smaller than a version 1.0 descriptor (\(minimum))")
        }
        if size > 4096 {
            return CheckResult(id: .loadStructSizes, status: .failed, detail: "descriptor struct_size \(size) is implausibly large")
        }
        if plugin.abiMinor == RawPlugin.hostMinor, plugin.abiMajor == RawPlugin.hostMajor, size != RawPlugin.hostDescriptorSize {
            return CheckResult(id: .loadStructSizes, status: .failed,
                               detail: "descriptor struct_size \(size) differs from sizeof(tb_plugin_descriptor) \(RawPlugin.hostDescriptorSize) of the same ABI version")
        }
        return CheckResult(id: .loadStructSizes, status: .passed,
                           detail: "descriptor struct_size \(size); record and reject sizes are checked on every feed by the corpus and robustness checks")
    }

    /// `load.options_schema`.
    static func optionsSchema(_ plugin: PluginLibrary) -> CheckResult {
        let problems = OptionsSchemaValidator.problems(in: plugin.info.optionsSchema)
        guard problems.isEmpty else {
            return CheckResult(id: .loadOptionsSchema, status: .failed, detail: problems.joined(separator: "; "))
        }
        let count = OptionsSchemaValidator.properties(in: plugin.info.optionsSchema).count
        return CheckResult(id: .loadOptionsSchema, status: .passed, detail: "valid JSON, an object schema with \(count) properties")
    }

    /// `load.invalid_options`: every probe must make create fail with a message.
    static func invalidOptions(_ plugin: PluginLibrary) -> CheckResult {
        let schema = plugin.info.optionsSchema
        var probes: [(name: String, json: String)] = [("options that are not JSON", "{\"unterminated"), ("options that are a JSON array", "[]")]
        if OptionsSchemaValidator.forbidsAdditionalProperties(schema) {
            probes.append(("an unknown option", "{\"tollbook_certify_unknown_option\":\"1\"}"))
        }
        for (name, types) in OptionsSchemaValidator.properties(in: schema) {
            if let wrong = ["object", "array", "boolean"].first(where: { !types.contains($0) }) {
                let value = wrong == "object" ? "{\"nested\":{\"deeper\":1}}" : wrong == "array" ? "[[1],[2]]" : "true"
                probes.append(("option '\(name)' as a JSON \(wrong)", "{\(JSONText.quote(name)):\(value)}"))
            }
        }
        var failures: [String] = []
        for probe in probes {
            do {
                _ = try ParserSession(plugin: plugin, optionsJSON: probe.json, sourceName: "certify", timeZone: ParseRun.utc)
                failures.append("\(probe.name) was accepted")
            } catch HostError.invalidOptions(_, _, let message) where message == "no message" || message.isEmpty {
                failures.append("\(probe.name) was refused without a message")
            } catch HostError.pluginFailed(_, _, _, let message) where message.isEmpty {
                failures.append("\(probe.name) was refused without a message")
            } catch {
                continue
            }
        }
        if failures.isEmpty {
            return CheckResult(id: .loadInvalidOptions, status: .passed, detail: "\(probes.count) invalid option objects refused with a message")
        }
        return CheckResult(id: .loadInvalidOptions, status: .failed, detail: failures.joined(separator: "; "))
    }

    /// `load.create_destroy`: a thousand parsers created with `{}` and destroyed at once.
    static func createDestroy(_ plugin: PluginLibrary, cycles: Int = 1000) -> CheckResult {
        for cycle in 0..<cycles {
            do {
                _ = try ParserSession(plugin: plugin, optionsJSON: "{}", sourceName: "certify", timeZone: ParseRun.utc)
            } catch {
                return CheckResult(id: .loadCreateDestroy, status: .failed, detail: "cycle \(cycle + 1): \(error)")
            }
        }
        return CheckResult(id: .loadCreateDestroy, status: .passed, detail: "\(cycles) create / destroy cycles with options {}")
    }
}
