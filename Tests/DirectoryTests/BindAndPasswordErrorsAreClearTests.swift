import Directory
import Foundation
import XCTest

/// Bind, password-file and connection problems are typed errors that name the DN, the path or the
/// URL — and never contain the password.
final class BindAndPasswordErrorsAreClearTests: SlapdTestCase {
    func testWrongPasswordNamesTheDNButNotThePassword() throws {
        var settings = try settings()
        let wrong = try slapd.directory.appendingPathComponent("wrong.pw")
        try "not-the-Password-7\n".write(to: wrong, atomically: true, encoding: .utf8)
        settings.passwordFile = wrong.path
        let error = try XCTUnwrap(readError(settings))
        guard case .bindFailed(let dn, let reason) = error else { return XCTFail("\(error)") }
        XCTAssertEqual(dn, Slapd.bindDN)
        XCTAssertTrue(reason.hasPrefix("Invalid credentials (49)"), reason)
        XCTAssertTrue(error.description.hasPrefix("bind as cn=tollbook-sync,ou=Service,dc=example,dc=com failed: Invalid credentials"),
                      error.description)
        XCTAssertFalse(error.description.contains("not-the-Password-7"))
        XCTAssertFalse(error.description.contains(Slapd.bindPassword))
    }

    func testMissingPasswordFileNamesThePath() throws {
        var settings = try settings()
        settings.passwordFile = "/nonexistent/tollbook/ldap.pw"
        XCTAssertEqual(readError(settings), .passwordFileUnreadable(path: "/nonexistent/tollbook/ldap.pw"))
        XCTAssertEqual(readError(settings)?.description,
                       "directory password file /nonexistent/tollbook/ldap.pw: missing or not readable")
    }

    func testEmptyPasswordFileIsRefusedRatherThanBindingAnonymously() throws {
        var settings = try settings()
        let empty = try slapd.directory.appendingPathComponent("empty.pw")
        try "\n".write(to: empty, atomically: true, encoding: .utf8)
        settings.passwordFile = empty.path
        XCTAssertEqual(readError(settings), .passwordFileEmpty(path: empty.path))
    }

    func testUnknownBindDNIsABindError() throws {
        var settings = try settings()
        settings.bindDN = "cn=nobody,ou=Service,dc=example,dc=com"
        guard case .bindFailed(let dn, _)? = readError(settings) else { return XCTFail("expected a bind error") }
        XCTAssertEqual(dn, "cn=nobody,ou=Service,dc=example,dc=com")
    }

    func testNobodyListeningIsAConnectError() throws {
        var settings = try settings()
        let port = try LoopbackPort.free()
        settings.url = "ldap://127.0.0.1:\(port)"
        guard case .connectFailed(let url, let reason)? = readError(settings) else { return XCTFail("expected a connect error") }
        XCTAssertEqual(url, "ldap://127.0.0.1:\(port)")
        XCTAssertTrue(reason.hasPrefix("Can't contact LDAP server (-1)"), reason)
    }

    func testBadSearchBaseIsASearchError() throws {
        var settings = try settings()
        settings.baseDN = "ou=Nowhere,dc=example,dc=com"
        guard case .searchFailed(let base, let reason)? = readError(settings) else { return XCTFail("expected a search error") }
        XCTAssertEqual(base, "ou=Nowhere,dc=example,dc=com")
        XCTAssertTrue(reason.hasPrefix("No such object (32)"), reason)
    }

    func testSettingsAreCheckedBeforeConnecting() throws {
        var settings = try settings()
        settings.url = "http://127.0.0.1"
        XCTAssertEqual(readError(settings), .invalidSettings("url must start with ldap:// or ldaps://"))
        settings.url = try slapd.ldapsURL
        settings.startTLS = true
        XCTAssertEqual(readError(settings), .invalidSettings("start_tls cannot be combined with an ldaps:// url"))
    }
}
