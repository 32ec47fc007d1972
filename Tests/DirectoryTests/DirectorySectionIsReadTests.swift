import TollbookConfiguration
import Directory
import XCTest

/// The configuration file's `directory:` section: every key, defaults, relative paths, and errors
/// that name file, line and key; and the settings built from it.
final class DirectorySectionIsReadTests: XCTestCase {
    private let sites = """
        sites:
          - name: berlin
            time_zone: Europe/Berlin
            numbering: { country_code: "49", area_code: "30", outside_line_prefixes: ["0"] }
            providers: { default: fernwerk }
        """

    private func parse(_ directory: String) throws -> ConfigurationFile {
        try ConfigurationFile.parse(sites + "\n" + directory, path: "/etc/tollbook/tollbook.yaml")
    }

    private func error(_ directory: String) -> String? {
        do {
            _ = try parse(directory)
            return nil
        } catch {
            return (error as? ConfigurationError)?.description
        }
    }

    private let minimal = """
        directory:
          url: ldaps://dc1.example.com
          bind_dn: CN=tollbook-sync,OU=Service,DC=example,DC=com
          password_file: secrets/ldap.pw
          base_dn: DC=example,DC=com
        """

    func testNoSectionIsNil() throws {
        XCTAssertNil(try ConfigurationFile.parse(sites, path: "t.yaml").directory)
    }

    func testMinimalSectionGetsActiveDirectoryDefaults() throws {
        let section = try XCTUnwrap(try parse(minimal).directory)
        XCTAssertEqual(section, DirectoryConfiguration(
            url: "ldaps://dc1.example.com", bindDN: "CN=tollbook-sync,OU=Service,DC=example,DC=com",
            passwordFile: "/etc/tollbook/secrets/ldap.pw", baseDN: "DC=example,DC=com", line: 7))
        XCTAssertEqual(DirectorySettings(section), DirectorySettings(
            url: "ldaps://dc1.example.com", bindDN: "CN=tollbook-sync,OU=Service,DC=example,DC=com",
            passwordFile: "/etc/tollbook/secrets/ldap.pw", baseDN: "DC=example,DC=com", startTLS: false, caFile: nil,
            filter: "(&(objectClass=user)(!(objectClass=computer)))", pageSize: 500, timeoutSeconds: 30,
            attributes: AttributeMapping(name: "displayName", mail: "mail", employeeID: "employeeID", department: "department",
                                         numbers: ["telephoneNumber", "ipPhone", "otherTelephone"],
                                         organisationalPath: .organisationalUnits)))
    }

    func testEveryKey() throws {
        let section = try XCTUnwrap(try parse("""
            directory:
              url: ldap://dc1.example.com:389
              start_tls: true
              ca_file: /etc/ssl/corp-ca.pem
              bind_dn: cn=sync,dc=example,dc=com
              password_file: /run/secrets/ldap.pw
              base_dn: ou=People,dc=example,dc=com
              filter: (objectClass=inetOrgPerson)
              page_size: 200
              timeout_seconds: 12
              attributes:
                name: cn
                mail: mail
                employee_id: employeeNumber
                department: departmentNumber
                numbers: [mobile, telephoneNumber]
                org_path: extensionAttribute1
            """).directory)
        let settings = DirectorySettings(section)
        XCTAssertEqual(settings, DirectorySettings(
            url: "ldap://dc1.example.com:389", bindDN: "cn=sync,dc=example,dc=com", passwordFile: "/run/secrets/ldap.pw",
            baseDN: "ou=People,dc=example,dc=com", startTLS: true, caFile: "/etc/ssl/corp-ca.pem",
            filter: "(objectClass=inetOrgPerson)", pageSize: 200, timeoutSeconds: 12,
            attributes: AttributeMapping(name: "cn", mail: "mail", employeeID: "employeeNumber", department: "departmentNumber",
                                         numbers: ["mobile", "telephoneNumber"],
                                         organisationalPath: .attribute("extensionAttribute1"))))
    }

    func testOrgPathOUAndASingleNumberAttribute() throws {
        let section = try XCTUnwrap(try parse(minimal + "\n  attributes: { org_path: OU, numbers: ipPhone }").directory)
        XCTAssertEqual(DirectorySettings(section).attributes.organisationalPath, .organisationalUnits)
        XCTAssertEqual(DirectorySettings(section).attributes.numbers, ["ipPhone"])
    }

    func testErrorsNameFileLineAndKey() {
        XCTAssertEqual(error(minimal.replacingOccurrences(of: "  base_dn: DC=example,DC=com", with: "")),
                       "/etc/tollbook/tollbook.yaml:7: directory.base_dn: missing")
        XCTAssertEqual(error(minimal.replacingOccurrences(of: "ldaps://dc1", with: "https://dc1")),
                       "/etc/tollbook/tollbook.yaml:7: directory.url: must be an ldap:// or ldaps:// URL")
        XCTAssertEqual(error(minimal + "\n  start_tls: true"),
                       "/etc/tollbook/tollbook.yaml:11: directory.start_tls: cannot be combined with an ldaps:// url (ldaps is TLS already)")
        XCTAssertEqual(error(minimal + "\n  start_tls: maybe"),
                       "/etc/tollbook/tollbook.yaml:11: directory.start_tls: must be true or false")
        XCTAssertEqual(error(minimal + "\n  page_size: 0"),
                       "/etc/tollbook/tollbook.yaml:11: directory.page_size: must be a whole number from 1 to 100000")
        XCTAssertEqual(error(minimal + "\n  timeout_seconds: soon"),
                       "/etc/tollbook/tollbook.yaml:11: directory.timeout_seconds: must be a whole number from 1 to 3600")
        XCTAssertEqual(error(minimal + "\n  filter: objectClass=user"),
                       "/etc/tollbook/tollbook.yaml:11: directory.filter: must be an LDAP filter in parentheses, e.g. (objectClass=user)")
        XCTAssertEqual(error(minimal + "\n  password: hunter2"),
                       "/etc/tollbook/tollbook.yaml:11: directory.password: unknown key (known: attributes, base_dn, bind_dn, ca_file, effective, filter, match_by, max_depth, max_leave_percent, page_size, password_file, start_tls, timeout_seconds, url)")
        XCTAssertEqual(error(minimal + "\n  attributes:\n    numbers: [telephoneNumber, \"ip phone\"]"),
                       "/etc/tollbook/tollbook.yaml:12: directory.attributes.numbers[1]: must be an LDAP attribute name such as telephoneNumber")
        XCTAssertEqual(error(minimal + "\n  attributes: { phone: mobile }"),
                       "/etc/tollbook/tollbook.yaml:11: directory.attributes.phone: unknown key (known: account_name, department, employee_id, mail, name, numbers, org_path)")
        XCTAssertEqual(error(minimal.replacingOccurrences(of: "password_file: secrets/ldap.pw", with: "password_file: \"\"")),
                       "/etc/tollbook/tollbook.yaml:9: directory.password_file: must not be empty")
    }
}

/// Issue 14: the sync's own keys in the `directory:` section.
final class DirectorySyncKeysAreReadTests: XCTestCase {
    private let head = """
        sites:
          - name: berlin
            time_zone: Europe/Berlin
            numbering: { country_code: "49", area_code: "30", outside_line_prefixes: ["0"] }
            providers: { default: fernwerk }
        directory:
          url: ldaps://dc1.example.com
          bind_dn: CN=tollbook-sync,OU=Service,DC=example,DC=com
          password_file: secrets/ldap.pw
          base_dn: DC=example,DC=com

        """

    func testMatchingDepthShareEffectiveAndPathSources() throws {
        let file = try ConfigurationFile.parse(head + """
              match_by: employee_id
              max_depth: flatten
              max_leave_percent: 25
              effective: 2025-01-01
              attributes:
                org_path: [ou, department, extensionAttribute1]
                account_name: uid
            """, path: "/etc/tollbook/tollbook.yaml")
        let section = try XCTUnwrap(file.directory)
        XCTAssertEqual(section.matchBy, "employee_id")
        XCTAssertEqual(section.maxDepth, "flatten")
        XCTAssertEqual(section.maxLeavePercent, 25)
        XCTAssertEqual(section.effective, "2025-01-01")
        XCTAssertEqual(section.attributes.orgPaths, ["ou", "department", "extensionAttribute1"])
        let mapping = DirectorySettings(section).attributes
        XCTAssertEqual(mapping.organisationalPathSources, [.organisationalUnits, .attribute("department"), .attribute("extensionAttribute1")])
        XCTAssertEqual(mapping.accountName, "uid")
    }

    func testBadValuesNameFileLineAndKey() {
        func error(_ lines: String) -> String? {
            do {
                _ = try ConfigurationFile.parse(head + lines, path: "t.yaml")
                return nil
            } catch {
                return (error as? ConfigurationError)?.description
            }
        }
        XCTAssertEqual(error("  match_by: name\n"),
                       "t.yaml:11: directory.match_by: must be one of unique_id, employee_id, mail, account_name")
        XCTAssertEqual(error("  max_depth: cut\n"), "t.yaml:11: directory.max_depth: must be one of refuse, flatten, skip")
        XCTAssertEqual(error("  effective: 1.1.2025\n"), "t.yaml:11: directory.effective: must be a date such as 2025-01-01")
        XCTAssertNotNil(error("  max_leave_percent: 101\n"))
    }
}
