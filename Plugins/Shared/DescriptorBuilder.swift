import PluginAPI

/// What tells one bundled plugin's descriptor from another's; ``makeDescriptor(_:)`` fills in the
/// rest (ABI fields, vendor, version, the shared C functions).
struct DescriptorText {
    /// Stable plugin id, e.g. `cisco.cucm`.
    let id: StaticString
    /// Human-readable name.
    let name: StaticString
    /// One or two sentences for admins.
    let description: StaticString
    /// The input formats the plugin reads.
    let formats: [StaticString]
    /// JSON Schema of the options.
    let optionsSchema: StaticString
}

/// Builds a plugin's descriptor. Its strings point into static text and a list allocated once,
/// so they stay valid for the life of the process, as the ABI requires.
func makeDescriptor(_ text: DescriptorText) -> tb_plugin_descriptor {
    let formats = UnsafeMutablePointer<tb_str>.allocate(capacity: max(1, text.formats.count))
    for (index, format) in text.formats.enumerated() { (formats + index).initialize(to: StaticText.str(format)) }
    var d = tb_plugin_descriptor()
    d.magic = UInt32(TB_ABI_MAGIC)
    d.struct_size = UInt32(MemoryLayout<tb_plugin_descriptor>.size)
    d.abi_major = UInt16(TB_ABI_MAJOR)
    d.abi_minor = UInt16(TB_ABI_MINOR)
    d.min_host_abi_minor = 0
    d.id = StaticText.str(text.id)
    d.name = StaticText.str(text.name)
    d.vendor = StaticText.str("Tollbook")
    d.version = StaticText.str("1.0.0")
    d.description = StaticText.str(text.description)
    d.formats = UnsafePointer(formats)
    d.format_count = UInt32(text.formats.count)
    d.options_schema = StaticText.str(text.optionsSchema)
    d.probe = pluginProbe
    d.create = pluginCreate
    d.feed = pluginFeed
    d.destroy = pluginDestroy
    return d
}

/// The descriptor, allocated once; `tollbook_plugin_entry` returns this address every time.
nonisolated(unsafe) let descriptorPointer: UnsafeMutablePointer<tb_plugin_descriptor> = {
    let pointer = UnsafeMutablePointer<tb_plugin_descriptor>.allocate(capacity: 1)
    pointer.initialize(to: makeDescriptor(Descriptor.text))
    return pointer
}()
