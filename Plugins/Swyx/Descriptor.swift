import PluginAPI

/// What this plugin says about itself: its identity and the JSON Schema of its options (the
/// descriptor is built from them once, in `DescriptorBuilder.swift`).
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

    /// The plugin's identity; the rest of the descriptor comes from `makeDescriptor`.
    static let text = DescriptorText(
        id: "swyx.swyxware",
        name: "SwyxWare CDR files",
        description: "Reads SwyxWare call detail records: the 34-column text file and CSV exports of the IpPbxCDR database table (28 columns), both with a header line.",
        formats: ["swyxware-cdr-text", "swyxware-ippbxcdr-csv"],
        optionsSchema: optionsSchema)
}
