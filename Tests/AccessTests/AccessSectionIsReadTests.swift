import Access
import TollbookConfiguration
import XCTest

/// The `access:` section of the configuration file.
final class AccessSectionIsReadTests: XCTestCase {
    private let sites = """
        sites:
          - name: berlin
            time_zone: Europe/Berlin
            numbering: { country_code: "49", area_code: "30", outside_line_prefixes: ["0"] }
            providers: { default: fernwerk }
        """

    func testEveryKeyIsReadAndDefaultsFillTheRest() throws {
        let file = try ConfigurationFile.parse(sites + "\n" + """
            access:
              audit_key_file: secrets/audit.key
              bcrypt_cost: 10
              password: { min_length: 14, history: 3 }
              lockout: { max_failures: 3, initial_seconds: 30 }
              directory_groups:
                "cn=Managers,ou=Groups,dc=example,dc=com": manager
                "cn=Council,ou=Groups,dc=example,dc=com": works_council
            """, path: "/etc/tollbook/tollbook.yaml")
        let settings = AccessSettings(file.access)
        XCTAssertEqual(settings.auditKeyFile, "/etc/tollbook/secrets/audit.key")
        XCTAssertEqual(settings.bcryptCost, 10)
        XCTAssertEqual(settings.passwordPolicy, PasswordPolicy(minLength: 14, historyCount: 3))
        XCTAssertEqual(settings.lockout, LockoutPolicy(maxFailures: 3, initialSeconds: 30, maxSeconds: 3600))
        XCTAssertEqual(settings.directoryGroupRoles, [
            DirectoryGroupRole(groupDN: "cn=Managers,ou=Groups,dc=example,dc=com", role: "manager"),
            DirectoryGroupRole(groupDN: "cn=Council,ou=Groups,dc=example,dc=com", role: "works_council"),
        ])
        XCTAssertEqual(AccessSettings(nil), AccessSettings())
        XCTAssertEqual(AccessSettings().bcryptCost, 12)
        XCTAssertEqual(AccessSettings().auditKeyPath(databasePath: "/var/lib/tollbook.db"), "/var/lib/tollbook.db.audit-key")
    }

    func testErrorsNameFileLineAndKey() {
        func message(_ section: String) -> String {
            do {
                _ = try ConfigurationFile.parse(sites + "\n" + section, path: "t.yaml")
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        XCTAssertEqual(message("access:\n  bcrypt_cost: 3\n"), "t.yaml:7: access.bcrypt_cost: must be a whole number from 4 to 31")
        XCTAssertEqual(message("access:\n  password: { min_length: 6 }\n"),
                       "t.yaml:7: access.password.min_length: must be a whole number from 8 to 72")
        XCTAssertEqual(message("access:\n  lockout: { initial_seconds: 600, max_seconds: 60 }\n"),
                       "t.yaml:7: access.lockout.max_seconds: must not be less than initial_seconds (600)")
        XCTAssertEqual(message("access:\n  directory_groups:\n    managers: manager\n"),
                       "t.yaml:8: access.directory_groups.managers: must be a group's DN such as cn=managers,ou=Groups,dc=example,dc=com")
        XCTAssertEqual(message("access:\n  bcrypt: 12\n"),
                       "t.yaml:7: access.bcrypt: unknown key (known: audit_key_file, bcrypt_cost, directory_groups, lockout, password)")
    }
}
