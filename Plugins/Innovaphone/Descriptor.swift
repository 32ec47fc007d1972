import PluginAPI

/// The plugin's static descriptor, built once and never freed.
enum Descriptor {
    /// The options this plugin accepts, as a JSON Schema (draft 2020-12).
    static let optionsSchema: StaticString = """
        {"$schema":"https://json-schema.org/draft/2020-12/schema",\
        "title":"innovaphone PBX CDR options","type":"object","additionalProperties":false,\
        "properties":{\
        "trunk_objects":{"description":"Comma-separated names (h323 or cn, case-insensitive) of PBX objects that are trunks when the CDR does not say so with <user pseudo=\\"trunk\\"> or pseudo=\\"gw\\".",\
        "oneOf":[{"type":"string"},{"type":"array","items":{"type":"string"}}]},\
        "trunk_interfaces":{"description":"Legacy gateway CDRs: comma-separated interface names (src_if / dst_if, case-insensitive, e.g. TEL1) that lead outside. Without it legacy records have an unknown direction.",\
        "oneOf":[{"type":"string"},{"type":"array","items":{"type":"string"}}]}\
        }}
        """

    /// The input formats the plugin reads.
    nonisolated(unsafe) private static let formats: UnsafeMutablePointer<tb_str> = {
        let list = UnsafeMutablePointer<tb_str>.allocate(capacity: 2)
        list.initialize(to: StaticText.str("innovaphone-cdr-xml"))
        (list + 1).initialize(to: StaticText.str("innovaphone-gateway-cdr"))
        return list
    }()

    /// Builds the descriptor value.
    static func make() -> tb_plugin_descriptor {
        var d = tb_plugin_descriptor()
        d.magic = UInt32(TB_ABI_MAGIC)
        d.struct_size = UInt32(MemoryLayout<tb_plugin_descriptor>.size)
        d.abi_major = UInt16(TB_ABI_MAJOR)
        d.abi_minor = UInt16(TB_ABI_MINOR)
        d.min_host_abi_minor = 0
        d.id = StaticText.str("innovaphone.pbx")
        d.name = StaticText.str("innovaphone PBX CDRs")
        d.vendor = StaticText.str("Tollbook")
        d.version = StaticText.str("1.0.0")
        d.description = StaticText.str("Reads innovaphone PBX XML CDRs (one <cdr> per object and call; raw, 'log-msg' prefixed or as URL-encoded HTTP arguments) and the legacy gateway-level key/value CDR entries.")
        d.formats = UnsafePointer(formats)
        d.format_count = 2
        d.options_schema = StaticText.str(optionsSchema)
        d.probe = pluginProbe
        d.create = pluginCreate
        d.feed = pluginFeed
        d.destroy = pluginDestroy
        return d
    }
}

/// The descriptor, allocated once; `tollbook_plugin_entry` returns this address every time.
nonisolated(unsafe) let descriptorPointer: UnsafeMutablePointer<tb_plugin_descriptor> = {
    let pointer = UnsafeMutablePointer<tb_plugin_descriptor>.allocate(capacity: 1)
    pointer.initialize(to: Descriptor.make())
    return pointer
}()
