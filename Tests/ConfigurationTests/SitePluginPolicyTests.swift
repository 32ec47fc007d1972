import TollbookConfiguration
import XCTest

/// `sites[n].plugins`: the optional plugin policy of a site, and its errors with file, line and key.
final class SitePluginPolicyTests: XCTestCase {
    private func text(_ plugins: String?) -> String {
        """
        sites:
          - name: berlin
            time_zone: Europe/Berlin
            sources: [pbx]
            numbering: { country_code: "49", area_code: "30", outside_line_prefixes: ["0"] }
            providers: { default: fernwerk }
        """ + (plugins.map { "\n    plugins: \($0)" } ?? "")
    }

    func testDefaultsToSignedPluginsWithoutCertification() throws {
        let site = try XCTUnwrap(try ConfigurationFile.parse(text(nil), path: "t.yaml").sites.first)
        XCTAssertEqual(site.plugins, PluginPolicySettings(allowUnsigned: false, requireCertification: false))
    }

    func testBothKeysAreRead() throws {
        let file = try ConfigurationFile.parse(text("{ allow_unsigned: true, require_certification: true }"), path: "t.yaml")
        XCTAssertEqual(file.sites.first?.plugins, PluginPolicySettings(allowUnsigned: true, requireCertification: true))
    }

    func testErrorsNameFileLineAndKey() {
        func message(_ plugins: String) -> String {
            do {
                _ = try ConfigurationFile.parse(text(plugins), path: "t.yaml")
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        XCTAssertEqual(message("{ allow_unsigned: yes }"), "t.yaml:7: sites[0].plugins.allow_unsigned: must be true or false")
        XCTAssertEqual(message("{ require_certfication: true }"),
                       "t.yaml:7: sites[0].plugins.require_certfication: unknown key (known: allow_unsigned, require_certification)")
        XCTAssertEqual(message("true"), "t.yaml:7: sites[0].plugins: must be a mapping of keys and values")
    }
}
