import Foundation

/// A focused structural check of a plugin's options schema. It is not a JSON Schema
/// implementation; it checks what the host and admins rely on:
///
/// - the text is valid JSON and the top level is an object with `"type": "object"`;
/// - `properties`, if present, is an object whose members are schemas;
/// - every schema is an object (or a boolean); `type` is one of the seven JSON Schema type names
///   (or a non-empty array of them); `enum` is a non-empty array; `required` is an array of
///   strings, each naming a declared property; `additionalProperties` is a boolean or a schema;
///   `items` is a schema; `oneOf` / `anyOf` / `allOf` are non-empty arrays of schemas; `not` is
///   a schema; `minimum`, `maximum`, `minLength`, `maxLength`, `minItems`, `maxItems` are
///   numbers; `pattern` is a string that compiles as a regular expression.
public enum OptionsSchemaValidator {
    /// The JSON Schema type names.
    static let typeNames: Set<String> = ["object", "array", "string", "number", "integer", "boolean", "null"]

    /// The problems of `schema` (empty when it passes).
    public static func problems(in schema: String) -> [String] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(schema.utf8)) else {
            return ["the options schema is not valid JSON"]
        }
        guard let top = object as? [String: Any] else { return ["the options schema is not a JSON object"] }
        var problems: [String] = []
        if top["type"] as? String != "object" { problems.append("the top-level type is not \"object\"") }
        check(top, path: "", into: &problems)
        return problems
    }

    /// The property names declared at the top level, and the type names each allows.
    static func properties(in schema: String) -> [(name: String, types: Set<String>)] {
        guard let data = try? JSONSerialization.jsonObject(with: Data(schema.utf8)) as? [String: Any],
              let properties = data["properties"] as? [String: Any] else { return [] }
        return properties.keys.sorted().map { name in (name, allowedTypes(properties[name])) }
    }

    /// Whether the top-level schema forbids unknown properties.
    static func forbidsAdditionalProperties(_ schema: String) -> Bool {
        guard let data = try? JSONSerialization.jsonObject(with: Data(schema.utf8)) as? [String: Any] else { return false }
        return data["additionalProperties"] as? Bool == false
    }

    private static func allowedTypes(_ schema: Any?) -> Set<String> {
        guard let schema = schema as? [String: Any] else { return typeNames }
        if let type = schema["type"] as? String { return type == "number" ? ["number", "integer"] : [type] }
        if let types = schema["type"] as? [String] { return Set(types) }
        for key in ["oneOf", "anyOf"] {
            if let list = schema[key] as? [Any] { return list.reduce(into: Set<String>()) { $0.formUnion(allowedTypes($1)) } }
        }
        return typeNames
    }

    private static func check(_ value: Any, path: String, into problems: inout [String]) {
        if value is Bool { return }
        guard let schema = value as? [String: Any] else {
            problems.append("\(path.isEmpty ? "the schema" : path) is not a schema (object or boolean)")
            return
        }
        let here = path.isEmpty ? "" : path + "."
        if let type = schema["type"] {
            let names = (type as? [Any]) ?? [type]
            if names.isEmpty || !names.allSatisfy({ ($0 as? String).map(typeNames.contains) ?? false }) {
                problems.append("\(here)type is not a JSON Schema type name")
            }
        }
        if let values = schema["enum"], (values as? [Any])?.isEmpty ?? true {
            problems.append("\(here)enum is not a non-empty array")
        }
        let properties = schema["properties"]
        if let properties {
            if let members = properties as? [String: Any] {
                for (name, member) in members.sorted(by: { $0.key < $1.key }) {
                    check(member, path: here + "properties." + name, into: &problems)
                }
            } else {
                problems.append("\(here)properties is not an object")
            }
        }
        if let required = schema["required"] {
            if let names = required as? [Any], names.allSatisfy({ $0 is String }) {
                let declared = (properties as? [String: Any]) ?? [:]
                for case let name as String in names where declared[name] == nil {
                    problems.append("\(here)required names '\(name)', which is not a declared property")
                }
            } else {
                problems.append("\(here)required is not an array of strings")
            }
        }
        for key in ["additionalProperties", "items", "not"] {
            if let member = schema[key] { check(member, path: here + key, into: &problems) }
        }
        for key in ["oneOf", "anyOf", "allOf"] {
            guard let member = schema[key] else { continue }
            guard let list = member as? [Any], !list.isEmpty else {
                problems.append("\(here)\(key) is not a non-empty array of schemas")
                continue
            }
            for (index, item) in list.enumerated() { check(item, path: "\(here)\(key)[\(index)]", into: &problems) }
        }
        for key in ["minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems"] {
            if let member = schema[key], !(member is NSNumber || member is Int || member is Double) {
                problems.append("\(here)\(key) is not a number")
            }
        }
        if let pattern = schema["pattern"] {
            if let text = pattern as? String {
                if (try? NSRegularExpression(pattern: text)) == nil { problems.append("\(here)pattern does not compile") }
            } else {
                problems.append("\(here)pattern is not a string")
            }
        }
    }
}
