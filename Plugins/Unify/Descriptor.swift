import PluginAPI

/// The plugin's static descriptor, built once and never freed (its address must stay stable for
/// the life of the process).
enum Descriptor {
    /// The options this plugin accepts, as a JSON Schema (draft 2020-12). Every value may also be
    /// given as a string, because the host passes `--set KEY=VALUE` values as JSON strings.
    static let optionsSchema: StaticString = """
        {"$schema":"https://json-schema.org/draft/2020-12/schema",\
        "title":"Unify OpenScape Business / HiPath 3000 call charge options","type":"object","additionalProperties":false,\
        "properties":{\
        "charges":{"description":"How to read the charge column: units (pulses), amount (currency with a decimal point, given in minor units) or auto (compressed: units, long: amount, pipe lines: amount when the value has a decimal point, else units).",\
        "default":"auto","type":"string","enum":["auto","units","amount"]},\
        "currency":{"description":"ISO 4217 code (three upper-case letters) reported with charge amounts.",\
        "type":"string","pattern":"^[A-Z]{3}$"},\
        "year_pivot":{"description":"Two-digit years below this value are 20YY, the others 19YY.",\
        "default":70,"oneOf":[{"type":"integer","minimum":0,"maximum":100},{"type":"string","pattern":"^[0-9]{1,3}$"}]}\
        }}
        """

    /// The input formats the plugin reads.
    nonisolated(unsafe) private static let formats: UnsafeMutablePointer<tb_str> = {
        let list = UnsafeMutablePointer<tb_str>.allocate(capacity: 3)
        list.initialize(to: StaticText.str("osbiz-cdr-pipe"))
        (list + 1).initialize(to: StaticText.str("hipath-cdr-compressed"))
        (list + 2).initialize(to: StaticText.str("hipath-cdr-long"))
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
        d.id = StaticText.str("unify.osbiz")
        d.name = StaticText.str("Unify OpenScape Business / HiPath 3000 call charges")
        d.vendor = StaticText.str("Tollbook")
        d.version = StaticText.str("1.0.0")
        d.description = StaticText.str("Reads the call-charge lines of OpenScape Office / Business (|-separated) and HiPath 3000 / Hicom 150 (fixed-width compressed and long printer format); times are PBX local time.")
        d.formats = UnsafePointer(formats)
        d.format_count = 3
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
