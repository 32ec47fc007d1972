import TollbookConfiguration
import XCTest

/// `privacy: encryption: key_file:` (P14): resolved against the configuration's folder; errors name file, line and key.
final class PrivacyEncryptionSectionTests: XCTestCase {
    private let sites = """
        sites:
          - name: berlin
            time_zone: Europe/Berlin
            sources: [legacy-import]
            numbering: { country_code: "49", area_code: "30", outside_line_prefixes: ["0"] }
            providers: { default: nordtel }
        """

    func testKeyFileIsResolvedAgainstTheConfigurationFolder() throws {
        XCTAssertNil(try ConfigurationFile.parse(sites, path: "/etc/tollbook.yaml").privacy.encryption)
        let relative = try ConfigurationFile.parse(sites + "\nprivacy:\n  encryption:\n    key_file: keys/kek\n", path: "/etc/tollbook/tollbook.yaml")
        XCTAssertEqual(relative.privacy.encryption?.keyFile, "/etc/tollbook/keys/kek")
        let absolute = try ConfigurationFile.parse(sites + "\nprivacy:\n  encryption:\n    key_file: /srv/kek\n", path: "/etc/tollbook.yaml")
        XCTAssertEqual(absolute.privacy.encryption?.keyFile, "/srv/kek")
    }

    func testAMissingKeyFileOrAnUnknownKeyIsRefusedWithFileLineAndKey() throws {
        XCTAssertThrowsError(try ConfigurationFile.parse(sites + "\nprivacy:\n  encryption:\n    file: kek\n", path: "/etc/tollbook.yaml")) {
            XCTAssertTrue("\($0)".hasPrefix("/etc/tollbook.yaml:9: privacy.encryption.file:"), "\($0)")
        }
        XCTAssertThrowsError(try ConfigurationFile.parse(sites + "\nprivacy:\n  encryption: {}\n", path: "/etc/tollbook.yaml")) {
            XCTAssertEqual("\($0)", "/etc/tollbook.yaml:8: privacy.encryption: needs key_file (the key-encryption key's file)")
        }
    }
}
