import CTollbookPlugin

/// The options this plugin accepts, as a JSON Schema (draft 2020-12).
private let optionsSchema: StaticString = """
    {"$schema":"https://json-schema.org/draft/2020-12/schema",\
    "title":"Swift template example options","type":"object","additionalProperties":false,\
    "properties":{"node":{"type":"string","pattern":"^[A-Za-z0-9._-]{1,64}$",\
    "description":"Name of the PBX node. When set, correlation ids are node:id instead of id."}}}
    """

/// The input formats, allocated once and never freed (the ABI wants them valid for the life of
/// the process).
private nonisolated(unsafe) let formats: UnsafeMutablePointer<tb_str> = {
    let pointer = UnsafeMutablePointer<tb_str>.allocate(capacity: 1)
    pointer.initialize(to: Text.str("sdk-example-csv"))
    return pointer
}()

/// The descriptor, allocated once; `tollbook_plugin_entry` returns this address every time.
///
/// Swift 6 refuses a global `var` (mutable global state) and a global `let` of a C struct with
/// pointers (not `Sendable`); a never-freed allocation behind `nonisolated(unsafe) let` is the
/// way to hand out one stable address. It is written once, here, and only read afterwards.
nonisolated(unsafe) let descriptorPointer: UnsafeMutablePointer<tb_plugin_descriptor> = {
    var d = tb_plugin_descriptor()
    d.magic = UInt32(TB_ABI_MAGIC)
    d.struct_size = UInt32(MemoryLayout<tb_plugin_descriptor>.size)
    d.abi_major = UInt16(TB_ABI_MAJOR)
    d.abi_minor = UInt16(TB_ABI_MINOR)
    d.min_host_abi_minor = 0
    d.id = Text.str("example.swift-template")
    d.name = Text.str("SDK example: CSV calls (Swift)")
    d.vendor = Text.str("Tollbook SDK")
    d.version = Text.str("1.0.0")
    d.description = Text.str("Reads the SDK's example CSV dialect id,start_utc,ring_s,talk_s,direction,calling,called,trunk.")
    d.formats = UnsafePointer(formats)
    d.format_count = 1
    d.options_schema = Text.str(optionsSchema)
    d.probe = pluginProbe
    d.create = pluginCreate
    d.feed = pluginFeed
    d.destroy = pluginDestroy
    let pointer = UnsafeMutablePointer<tb_plugin_descriptor>.allocate(capacity: 1)
    pointer.initialize(to: d)
    return pointer
}()
