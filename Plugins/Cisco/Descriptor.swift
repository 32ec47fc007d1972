import PluginAPI

/// The plugin's static descriptor, built once and never freed (its address must stay stable for
/// the life of the process).
enum Descriptor {
    /// The options this plugin accepts, as a JSON Schema (draft 2020-12). Every value may also be
    /// given as a string, because the host passes `--set KEY=VALUE` values as JSON strings.
    static let optionsSchema: StaticString = """
        {"$schema":"https://json-schema.org/draft/2020-12/schema",\
        "title":"Cisco CUCM CDR file options","type":"object","additionalProperties":false,\
        "properties":{\
        "columns":{"description":"Column layout of files without a header line. If absent it is inferred from the field count of the first row (123, 129 or 133).",\
        "oneOf":[{"type":"string","enum":["123","129","133"]},{"type":"integer","enum":[123,129,133]}]},\
        "trunk_patterns":{"description":"Comma-separated glob patterns (* and ?, case-insensitive) of gateway and trunk device names. If absent, every non-empty device that is not a phone, voicemail port or media resource counts as a trunk.",\
        "oneOf":[{"type":"string"},{"type":"array","items":{"type":"string"}}]},\
        "phone_patterns":{"description":"Comma-separated glob patterns of phone device names.",\
        "default":"SEP*,CSF*,BOT*,TCT*,TAB*,ATA*,CIPC*",\
        "oneOf":[{"type":"string"},{"type":"array","items":{"type":"string"}}]},\
        "cluster_id":{"description":"Cluster id used in correlation ids when the file has no globalCallId_ClusterID value.",\
        "oneOf":[{"type":"string"},{"type":"number"}]}\
        }}
        """

    /// The input formats the plugin reads.
    nonisolated(unsafe) private static let formats: UnsafeMutablePointer<tb_str> = {
        let list = UnsafeMutablePointer<tb_str>.allocate(capacity: 2)
        list.initialize(to: StaticText.str("cucm-cdr-flat-file"))
        (list + 1).initialize(to: StaticText.str("cucm-cmr-flat-file"))
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
        d.id = StaticText.str("cisco.cucm")
        d.name = StaticText.str("Cisco CUCM CDR files")
        d.vendor = StaticText.str("Tollbook")
        d.version = StaticText.str("1.0.0")
        d.description = StaticText.str("Reads Cisco Unified Communications Manager CDR flat files (123, 129 or 133 columns, with or without header lines); CMR call-quality files are accepted and skipped.")
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
