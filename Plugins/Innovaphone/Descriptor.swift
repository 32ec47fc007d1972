import PluginAPI

/// What this plugin says about itself: its identity and the JSON Schema of its options (the
/// descriptor is built from them once, in `DescriptorBuilder.swift`).
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

    /// The plugin's identity; the rest of the descriptor comes from `makeDescriptor`.
    static let text = DescriptorText(
        id: "innovaphone.pbx",
        name: "innovaphone PBX CDRs",
        description: "Reads innovaphone PBX XML CDRs (one <cdr> per object and call; raw, 'log-msg' prefixed or as URL-encoded HTTP arguments) and the legacy gateway-level key/value CDR entries.",
        formats: ["innovaphone-cdr-xml", "innovaphone-gateway-cdr"],
        optionsSchema: optionsSchema)
}
