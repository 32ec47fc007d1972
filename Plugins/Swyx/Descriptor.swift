import PluginAPI

/// The plugin's static descriptor, built once and never freed (its address must stay stable for
/// the life of the process).
enum Descriptor {
    /// The options this plugin accepts, as a JSON Schema (draft 2020-12). Values may be given as
    /// strings, because the host passes `--set KEY=VALUE` values as JSON strings.
    static let optionsSchema: StaticString = """
        {"$schema":"https://json-schema.org/draft/2020-12/schema",\
        "title":"SwyxWare CDR file options","type":"object","additionalProperties":false,\
        "properties":{\
        "trunk_patterns":{"description":"Comma-separated glob patterns (* and ?, case-insensitive) of SwyxWare device names that are trunks (OriginationDevice / DestinationDevice of external legs).",\
        "default":"*trunk*","oneOf":[{"type":"string","minLength":1},{"type":"array","items":{"type":"string"},"minItems":1}]},\
        "conference_patterns":{"description":"Comma-separated glob patterns of device or called names that are conference rooms.",\
        "default":"*conference*,*konferenz*","oneOf":[{"type":"string","minLength":1},{"type":"array","items":{"type":"string"},"minItems":1}]}\
        }}
        """

    /// The input formats the plugin reads.
    nonisolated(unsafe) private static let formats: UnsafeMutablePointer<tb_str> = {
        let list = UnsafeMutablePointer<tb_str>.allocate(capacity: 2)
        list.initialize(to: StaticText.str("swyxware-cdr-text"))
        (list + 1).initialize(to: StaticText.str("swyxware-ippbxcdr-csv"))
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
        d.id = StaticText.str("swyx.swyxware")
        d.name = StaticText.str("SwyxWare CDR files")
        d.vendor = StaticText.str("Tollbook")
        d.version = StaticText.str("1.0.0")
        d.description = StaticText.str("Reads SwyxWare call detail records: the 34-column text file and CSV exports of the IpPbxCDR database table (28 columns), both with a header line.")
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
