@testable import Certification
import XCTest

/// What `load.options_schema` accepts and refuses.
final class OptionsSchemaValidationTests: XCTestCase {
    func testAValidObjectSchemaPasses() {
        let schema = #"{"type":"object","additionalProperties":false,"required":["a"],"properties":{"a":{"type":"string","enum":["x","y"],"pattern":"^[a-z]$"},"b":{"oneOf":[{"type":"integer","minimum":0},{"type":"array","items":{"type":"string"}}]}}}"#
        XCTAssertEqual(OptionsSchemaValidator.problems(in: schema), [])
        XCTAssertTrue(OptionsSchemaValidator.forbidsAdditionalProperties(schema))
        let properties = OptionsSchemaValidator.properties(in: schema)
        XCTAssertEqual(properties.map(\.name), ["a", "b"])
        XCTAssertEqual(properties[1].types, ["integer", "array"])
    }

    func testStructuralProblemsAreNamed() {
        XCTAssertEqual(OptionsSchemaValidator.problems(in: "{"), ["the options schema is not valid JSON"])
        XCTAssertEqual(OptionsSchemaValidator.problems(in: #"{"type":"array"}"#), ["the top-level type is not \"object\""])
        XCTAssertEqual(OptionsSchemaValidator.problems(in: #"{"type":"object","required":["x"],"properties":{"a":{"type":"text"},"b":{"enum":[]}}}"#),
                       ["properties.a.type is not a JSON Schema type name", "properties.b.enum is not a non-empty array",
                        "required names 'x', which is not a declared property"])
        XCTAssertEqual(OptionsSchemaValidator.problems(in: #"{"type":"object","additionalProperties":3,"properties":{"p":{"pattern":"("}}}"#),
                       ["properties.p.pattern does not compile", "additionalProperties is not a schema (object or boolean)"])
    }
}
