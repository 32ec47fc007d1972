@testable import Directory
import XCTest

/// How one entry becomes a person, without a server: identity, name fallback, number order and
/// duplicates, case-insensitive attribute names, the org path from an attribute.
final class EntriesAreMappedToPeopleTests: XCTestCase {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    func testObjectGUIDIsFormattedLikeActiveDirectory() {
        // The GUID {6F1C2A4E-3B5D-4E8F-9A01-23456789ABCD} as AD stores it (first three fields little-endian).
        let guid: [UInt8] = [0x4E, 0x2A, 0x1C, 0x6F, 0x5D, 0x3B, 0x8F, 0x4E, 0x9A, 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD]
        let entry = DirectoryEntry(dn: "CN=Anna,DC=example", attributes: ["objectGUID": [guid], "entryUUID": [bytes("other")]])
        XCTAssertEqual(DirectoryPerson(entry: entry, mapping: AttributeMapping()).uniqueID, "6f1c2a4e-3b5d-4e8f-9a01-23456789abcd")
    }

    func testIdentityFallsBackToEntryUUIDThenTheDN() {
        let uuid = DirectoryEntry(dn: "cn=A,dc=x", attributes: ["entryUUID": [bytes("FB3CDB24-8038-1041-914F-ABDF68491496")]])
        XCTAssertEqual(DirectoryPerson(entry: uuid, mapping: AttributeMapping()).uniqueID, "fb3cdb24-8038-1041-914f-abdf68491496")
        let shortGUID = DirectoryEntry(dn: "cn=A,dc=x", attributes: ["objectGUID": [[1, 2, 3]]])
        XCTAssertEqual(DirectoryPerson(entry: shortGUID, mapping: AttributeMapping()).uniqueID, "cn=A,dc=x")
    }

    func testFieldsNumbersAndFallbacks() {
        let entry = DirectoryEntry(dn: #"CN=Wolf\, David,OU=Support,OU=Berlin,DC=example,DC=com"#, attributes: [
            "TELEPHONENUMBER": [bytes(" +49 30 1234 "), bytes("")],
            "ipphone": [bytes("1234")],
            "otherTelephone": [bytes("+49 30 1234"), bytes("+49 170 1")],
            "mail": [bytes("d@example.com")],
            "department": [bytes("Support")],
        ])
        XCTAssertEqual(DirectoryPerson(entry: entry, mapping: AttributeMapping()), DirectoryPerson(
            dn: #"CN=Wolf\, David,OU=Support,OU=Berlin,DC=example,DC=com"#,
            uniqueID: #"CN=Wolf\, David,OU=Support,OU=Berlin,DC=example,DC=com"#,
            displayName: "Wolf, David", mail: "d@example.com", employeeID: nil, department: "Support",
            organisationalPath: ["Berlin", "Support"], numbers: ["+49 30 1234", "1234", "+49 170 1"]))
    }

    func testOrganisationalPathFromAnAttribute() {
        let entry = DirectoryEntry(dn: "cn=A,ou=X,dc=x", attributes: ["company": [bytes("Berlin / Sales/ /Team 2")]])
        let mapping = AttributeMapping(organisationalPath: .attribute("Company"))
        XCTAssertEqual(DirectoryPerson(entry: entry, mapping: mapping).organisationalPath, ["Berlin", "Sales", "Team 2"])
    }

    func testRequestedAttributesAreUniqueIgnoringCase() {
        let mapping = AttributeMapping(name: "cn", mail: "mail", employeeID: "CN", department: "ou",
                                       numbers: ["telephoneNumber", "TelephoneNumber"], organisationalPath: .attribute("OU"))
        XCTAssertEqual(mapping.requestedAttributes, ["cn", "mail", "ou", "sAMAccountName", "telephoneNumber", "objectGUID", "entryUUID"])
    }

    func testPathFromTheDNAndAnAttributeAndTheAccountName() {
        let entry = DirectoryEntry(dn: "CN=Anna,OU=Sales,OU=Berlin,DC=example,DC=com", attributes: [
            "department": [bytes("Inside sales")], "extensionAttribute1": [bytes("Team 2 / North")],
            "sAMAccountName": [bytes("aberger")],
        ])
        var mapping = AttributeMapping()
        mapping.organisationalPathSources = [.organisationalUnits, .attribute("department"), .attribute("extensionAttribute1")]
        let person = DirectoryPerson(entry: entry, mapping: mapping)
        XCTAssertEqual(person.organisationalPath, ["Berlin", "Sales", "Inside sales", "Team 2", "North"])
        XCTAssertEqual(person.accountName, "aberger")
        XCTAssertEqual(mapping.requestedAttributes, ["displayName", "mail", "employeeID", "department", "sAMAccountName",
                                                     "telephoneNumber", "ipPhone", "otherTelephone", "objectGUID", "entryUUID",
                                                     "extensionAttribute1"])
    }
}
