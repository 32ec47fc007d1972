import Directory
import XCTest

/// Every field can come from another attribute: here from inetOrgPerson's own attributes
/// (`employeeNumber`, `departmentNumber`, `mobile`, `cn`) instead of AD's, with a plain
/// inetOrgPerson filter, and the org path from an attribute.
final class AttributeMappingIsAppliedTests: SlapdTestCase {
    func testInetOrgPersonAttributes() throws {
        var settings = try settings(pageSize: 3)
        settings.filter = "(&(objectClass=inetOrgPerson)(ou=*))"
        try slapd.modify("""
            dn: cn=Anna Berger,ou=Sales,ou=Berlin,dc=example,dc=com
            changetype: modify
            add: ou
            ou: Vertrieb / Berlin-Mitte

            dn: cn=Greta Lang,ou=Engineering,ou=Munich,dc=example,dc=com
            changetype: modify
            add: ou
            ou: Entwicklung

            """)
        settings.attributes = AttributeMapping(
            name: "cn", mail: "MAIL", employeeID: "employeeNumber", department: "departmentNumber",
            numbers: ["mobile", "telephoneNumber"], organisationalPath: .attribute("ou"))
        let people = try DirectoryReader(settings: settings).readPeople()
        XCTAssertEqual(FixturePeople.withoutIDs(people), [
            DirectoryPerson(dn: "cn=Anna Berger,ou=Sales,ou=Berlin,dc=example,dc=com", uniqueID: "", displayName: "Anna Berger",
                            mail: "anna.berger@example.com", employeeID: "1001", department: "4100",
                            organisationalPath: ["Vertrieb", "Berlin-Mitte"],
                            numbers: ["+49 170 5550101", "+49 30 5550 2101"]),
            DirectoryPerson(dn: "cn=Greta Lang,ou=Engineering,ou=Munich,dc=example,dc=com", uniqueID: "", displayName: "Greta Lang",
                            mail: "greta.lang@example.com", employeeID: "2101", department: "5200",
                            organisationalPath: ["Entwicklung"], numbers: ["+49 171 5550201", "+49 89 5550 3201"]),
        ])
    }
}
