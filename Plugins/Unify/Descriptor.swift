import PluginAPI

/// What this plugin says about itself: its identity and the JSON Schema of its options (the
/// descriptor is built from them once, in `DescriptorBuilder.swift`).
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

    /// The plugin's identity; the rest of the descriptor comes from `makeDescriptor`.
    static let text = DescriptorText(
        id: "unify.osbiz",
        name: "Unify OpenScape Business / HiPath 3000 call charges",
        description: "Reads the call-charge lines of OpenScape Office / Business (|-separated) and HiPath 3000 / Hicom 150 (fixed-width compressed and long printer format); times are PBX local time.",
        formats: ["osbiz-cdr-pipe", "hipath-cdr-compressed", "hipath-cdr-long"],
        optionsSchema: optionsSchema)
}
