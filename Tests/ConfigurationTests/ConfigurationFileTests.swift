import TollbookConfiguration
import XCTest

/// Reading the YAML configuration, and every error naming file, line and key.
final class ConfigurationFileTests: XCTestCase {
    let valid = """
        tariffs: tariffs
        sites:
          - name: berlin
            time_zone: Europe/Berlin
            sources: [demo-cucm, berlin-swyx]
            numbering:
              country_code: 49
              area_code: "30"
              outside_line_prefixes: ["0"]
              extensions: ["2000-2999", "6231"]
              did_blocks:
                - { prefix: "+4930555", extensions: "2000-2999" }
            providers:
              default: fernwerk
              local: stadtnetz
              call_by_call: { "01099": tarifwelle }
          - name: munich
            time_zone: Europe/Berlin
            sources: munich-unify
            numbering: { country_code: "49", area_code: "89", outside_line_prefixes: ["0"] }
            providers: { default: fernwerk }
        """

    func testValidFileIsRead() throws {
        let file = try ConfigurationFile.parse(valid, path: "/etc/tollbook/tollbook.yaml")
        XCTAssertEqual(file.tariffsDirectory, "/etc/tollbook/tariffs")
        XCTAssertEqual(file.sites.map(\.name), ["berlin", "munich"])
        let berlin = file.sites[0]
        XCTAssertEqual(berlin.timeZone, "Europe/Berlin")
        XCTAssertEqual(berlin.sources, ["demo-cucm", "berlin-swyx"])
        XCTAssertEqual(berlin.line, 3)
        XCTAssertEqual(berlin.numbering.countryCode, "49")
        XCTAssertEqual(berlin.numbering.areaCode, "30")
        XCTAssertEqual(berlin.numbering.internationalPrefix, "00")
        XCTAssertEqual(berlin.numbering.nationalPrefix, "0")
        XCTAssertEqual(berlin.numbering.extensions, [DigitRange("2000", "2999"), DigitRange("6231", "6231")])
        XCTAssertEqual(berlin.numbering.didBlocks, [DIDBlockSettings(prefix: "+4930555", extensions: DigitRange("2000", "2999"))])
        XCTAssertNil(berlin.numbering.callByCallPatterns)
        XCTAssertEqual(berlin.providers, ProviderSettings(defaultProvider: "fernwerk", localProvider: "stadtnetz",
                                                          callByCall: ["01099": "tarifwelle"]))
        XCTAssertEqual(file.site(forSource: "munich-unify")?.name, "munich")
        XCTAssertNil(file.site(forSource: "elsewhere"))
    }

    private func error(_ text: String) -> ConfigurationError? {
        do {
            _ = try ConfigurationFile.parse(text, path: "t.yaml")
            return nil
        } catch {
            return error as? ConfigurationError
        }
    }

    func testUnknownKeyIsNamedWithItsLine() {
        let text = valid.replacingOccurrences(of: "      area_code: \"30\"", with: "      area_code: \"30\"\n      aera_code: 30")
        XCTAssertEqual(error(text)?.description, "t.yaml:9: sites[0].numbering.aera_code: unknown key (known: area_code, call_by_call_patterns, country_code, did_blocks, extensions, international_prefix, national_prefix, outside_line_prefixes)")
    }

    func testMissingRequiredKey() {
        let text = valid.replacingOccurrences(of: "    providers: { default: fernwerk }", with: "")
        XCTAssertEqual(error(text), ConfigurationError(file: "t.yaml", line: 17, key: "sites[1].providers", message: "missing"))
    }

    func testOutsideLinePrefixesMustBeStated() {
        let text = valid.replacingOccurrences(of: "numbering: { country_code: \"49\", area_code: \"89\", outside_line_prefixes: [\"0\"] }",
                                              with: "numbering: { country_code: \"49\", area_code: \"89\" }")
        XCTAssertNotEqual(text, valid)
        XCTAssertEqual(error(text)?.description,
                       "t.yaml:20: sites[1].numbering.outside_line_prefixes: missing: state the access code(s) the PBX records "
                       + "before dialled external numbers, e.g. [\"0\"], or [] when it records them without one")
        let none = valid.replacingOccurrences(of: "outside_line_prefixes: [\"0\"] }", with: "outside_line_prefixes: [] }")
        XCTAssertEqual(try ConfigurationFile.parse(none, path: "t.yaml").sites[1].numbering.outsideLinePrefixes, [])
        let bad = valid.replacingOccurrences(of: "outside_line_prefixes: [\"0\"] }", with: "outside_line_prefixes: [\"0\", \"x\"] }")
        XCTAssertEqual(error(bad)?.description, "t.yaml:20: sites[1].numbering.outside_line_prefixes[1]: must be digits only")
    }

    func testBadValues() {
        XCTAssertEqual(error(valid.replacingOccurrences(of: "Europe/Berlin\n    sources: [demo", with: "Mars/Base\n    sources: [demo"))?.description,
                       "t.yaml:4: sites[0].time_zone: unknown time zone (use an IANA name such as Europe/Berlin)")
        XCTAssertEqual(error(valid.replacingOccurrences(of: "area_code: \"30\"", with: "area_code: \"3O\""))?.description,
                       "t.yaml:8: sites[0].numbering.area_code: must be digits only")
        XCTAssertEqual(error(valid.replacingOccurrences(of: "\"+4930555\"", with: "\"4930555\""))?.description,
                       "t.yaml:12: sites[0].numbering.did_blocks[0].prefix: must be an E.164 prefix such as +4930555")
        XCTAssertEqual(error(valid.replacingOccurrences(of: "\"2000-2999\", \"6231\"", with: "\"2999-2000\""))?.description,
                       "t.yaml:10: sites[0].numbering.extensions[0]: must be a number or a range of equal-length numbers such as 2000-2999")
    }

    func testSourceInTwoSitesAndDuplicateSiteAreRefused() {
        XCTAssertEqual(error(valid.replacingOccurrences(of: "sources: munich-unify", with: "sources: demo-cucm"))?.description,
                       "t.yaml:17: sites[1].sources: source 'demo-cucm' already belongs to site 'berlin'")
        XCTAssertEqual(error(valid.replacingOccurrences(of: "name: munich", with: "name: berlin"))?.description,
                       "t.yaml:17: sites[1].name: site 'berlin' is already defined on line 3")
    }

    func testBrokenYAMLNamesTheLine() {
        XCTAssertEqual(error("sites:\n  - name: [unclosed\n")?.line, 3)
        XCTAssertEqual(error("")?.message, "the file is empty")
        XCTAssertEqual(error("tariffs: x\n")?.description, "t.yaml:1: sites: missing: at least one site is needed")
    }

    func testMissingFileIsNamed() {
        XCTAssertThrowsError(try ConfigurationFile.load(path: "/nonexistent/tollbook.yaml")) { error in
            XCTAssertEqual("\(error)", "/nonexistent/tollbook.yaml:0: cannot be read")
        }
    }
}
