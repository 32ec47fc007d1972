@testable import Directory
import XCTest

/// DNs are split per RFC 4514 — escapes, quotes, spaces, multi-valued RDNs — and the OU path
/// reads outermost first.
final class DistinguishedNamesAreParsedTests: XCTestCase {
    func testActiveDirectoryDN() throws {
        let dn = try XCTUnwrap(DistinguishedName("CN=Anna,OU=Sales,OU=Berlin,DC=example,DC=com"))
        XCTAssertEqual(dn.organisationalUnits, ["Berlin", "Sales"])
        XCTAssertEqual(dn.leafValue, "Anna")
        XCTAssertEqual(dn.rdns.count, 5)
    }

    func testEscapesAndSpaces() throws {
        let dn = try XCTUnwrap(DistinguishedName(#"cn=Wolf\2C David , ou = R\26D\, Labs ,ou=M\C3\BCnchen,dc=example"#))
        XCTAssertEqual(dn.leafValue, "Wolf, David")
        XCTAssertEqual(dn.organisationalUnits, ["München", "R&D, Labs"])
    }

    func testEscapedTrailingSpaceIsKept() throws {
        let dn = try XCTUnwrap(DistinguishedName(#"ou=Sales\ ,dc=example"#))
        XCTAssertEqual(dn.organisationalUnits, ["Sales "])
    }

    func testQuotedValueAndMultiValuedRDN() throws {
        let dn = try XCTUnwrap(DistinguishedName(#"cn=Anna+uid=anna,ou="Sales, North",dc=example"#))
        XCTAssertEqual(dn.rdns[0], [.init(type: "cn", value: "Anna"), .init(type: "uid", value: "anna")])
        XCTAssertEqual(dn.organisationalUnits, ["Sales, North"])
    }

    func testNoOrganisationalUnits() throws {
        XCTAssertEqual(DistinguishedName("cn=Ida,dc=example,dc=com")?.organisationalUnits, [])
        XCTAssertEqual(DistinguishedName("")?.rdns, [])
    }

    func testMalformedDNs() {
        XCTAssertNil(DistinguishedName("no equals sign"))
        XCTAssertNil(DistinguishedName("cn=Anna,=x"))
        XCTAssertNil(DistinguishedName(#"cn=trailing\"#))
        XCTAssertNil(DistinguishedName("cn=\"unterminated"))
    }
}
