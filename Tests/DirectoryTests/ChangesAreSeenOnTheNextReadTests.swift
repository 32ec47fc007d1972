import Directory
import XCTest

/// What changes in the directory between two reads shows in the second: a person moved to another
/// OU keeps their unique ID under a new DN and path, a changed number is read, a deleted person is gone.
final class ChangesAreSeenOnTheNextReadTests: SlapdTestCase {
    func testMovedPersonKeepsTheirIDAndGetsTheNewPathAndNumber() throws {
        let reader = DirectoryReader(settings: try settings(pageSize: 3))
        let before = try reader.readPeople()
        let bernd = try XCTUnwrap(before.first { $0.employeeID == "E1002" })

        try slapd.modify("""
            dn: cn=Bernd Krause,ou=Sales,ou=Berlin,dc=example,dc=com
            changetype: modrdn
            newrdn: cn=Bernd Krause
            deleteoldrdn: 1
            newsuperior: ou=Sales,ou=Munich,dc=example,dc=com

            dn: cn=Bernd Krause,ou=Sales,ou=Munich,dc=example,dc=com
            changetype: modify
            replace: telephoneNumber
            telephoneNumber: +49 89 5550 3103
            -
            replace: ipPhone
            ipPhone: 3103

            """)
        let after = try reader.readPeople()
        XCTAssertEqual(after.count, before.count)
        let moved = try XCTUnwrap(after.first { $0.employeeID == "E1002" })
        XCTAssertEqual(moved.uniqueID, bernd.uniqueID)
        XCTAssertEqual(moved.dn, "cn=Bernd Krause,ou=Sales,ou=Munich,dc=example,dc=com")
        XCTAssertEqual(moved.organisationalPath, ["Munich", "Sales"])
        XCTAssertEqual(moved.numbers, ["+49 89 5550 3103", "3103"])
        // Everyone else is unchanged.
        XCTAssertEqual(after.filter { $0.employeeID != "E1002" }, before.filter { $0.employeeID != "E1002" })
    }

    func testDeletedPersonIsGone() throws {
        let reader = DirectoryReader(settings: try settings(pageSize: 2))
        let before = try reader.readPeople()
        try slapd.delete("cn=Clara Schmidt,ou=Support,ou=Berlin,dc=example,dc=com")
        let after = try reader.readPeople()
        XCTAssertEqual(after.map(\.employeeID), ["E1001", "E1002", "E2001", "E2002", "E2101", "E2102", "E0001", "E1004"])
        XCTAssertEqual(after, before.filter { $0.employeeID != "E1003" })
    }
}
