import TollbookConfiguration
import XCTest

/// `privacy: unlock: max_hours`: 24 by default, shorter when configured, never longer than a day.
final class PrivacyUnlockSectionTests: XCTestCase {
    private let sites = """
        sites:
          - name: berlin
            time_zone: Europe/Berlin
            sources: [legacy-import]
            numbering: { country_code: "49", area_code: "30", outside_line_prefixes: ["0"] }
            providers: { default: nordtel }
        """

    func testMaxHoursDefaultsToADayAndCanBeShorterButNotLonger() throws {
        XCTAssertEqual(try ConfigurationFile.parse(sites, path: "/etc/tollbook.yaml").privacy.unlock.maxHours, 24)
        let eight = try ConfigurationFile.parse(sites + "\nprivacy:\n  unlock:\n    max_hours: 8\n", path: "/etc/tollbook.yaml")
        XCTAssertEqual(eight.privacy.unlock.maxHours, 8)
        XCTAssertThrowsError(try ConfigurationFile.parse(sites + "\nprivacy:\n  unlock:\n    max_hours: 25\n", path: "/etc/tollbook.yaml")) {
            XCTAssertEqual("\($0)", "/etc/tollbook.yaml:9: privacy.unlock.max_hours: must be a whole number from 1 to 24")
        }
        XCTAssertThrowsError(try ConfigurationFile.parse(sites + "\nprivacy:\n  unlock:\n    hours: 8\n", path: "/etc/tollbook.yaml")) {
            XCTAssertTrue("\($0)".hasPrefix("/etc/tollbook.yaml:9: privacy.unlock.hours:"), "\($0)")
        }
    }
}
