import PluginAPI

/// What this plugin says about itself: its identity and the JSON Schema of its options (the
/// descriptor is built from them once, in `DescriptorBuilder.swift`).
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

    /// The plugin's identity; the rest of the descriptor comes from `makeDescriptor`.
    static let text = DescriptorText(
        id: "cisco.cucm",
        name: "Cisco CUCM CDR files",
        description: "Reads Cisco Unified Communications Manager CDR flat files (123, 129 or 133 columns, with or without header lines); CMR call-quality files are accepted and skipped.",
        formats: ["cucm-cdr-flat-file", "cucm-cmr-flat-file"],
        optionsSchema: optionsSchema)
}
