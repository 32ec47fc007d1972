import Access
@testable import Directory
import Foundation
import Store
import TestSupport
import XCTest

/// Directory login against the real slapd: a person binds with their own DN and password (plain,
/// StartTLS, ldaps), their groups are read and mapped to local roles.
final class DirectoryLoginTests: SlapdTestCase {
    private let anna = "cn=Anna Berger,ou=Sales,ou=Berlin,dc=example,dc=com"
    private let bernd = "cn=Bernd Krause,ou=Sales,ou=Berlin,dc=example,dc=com"
    private let managers = "cn=tollbook-managers,ou=Groups,dc=example,dc=com"
    private let council = "cn=works-council,ou=Groups,dc=example,dc=com"
    private var storeDirectory: URL?

    override func setUpWithError() throws {
        try super.setUpWithError()
        try slapd.modify("""
            dn: ou=Groups,dc=example,dc=com
            changetype: add
            objectClass: organizationalUnit
            ou: Groups

            dn: \(managers)
            changetype: add
            objectClass: groupOfNames
            cn: tollbook-managers
            member: \(anna)

            dn: \(council)
            changetype: add
            objectClass: groupOfNames
            cn: works-council
            member: \(anna)
            member: \(bernd)

            dn: \(anna)
            changetype: modify
            replace: userPassword
            userPassword: anna-Secret-7

            dn: \(bernd)
            changetype: modify
            replace: userPassword
            userPassword: bernd-Secret-8

            """)
    }

    override func tearDown() {
        if let storeDirectory { try? FileManager.default.removeItem(at: storeDirectory) }
        super.tearDown()
    }

    func testAPersonBindsWithTheirOwnPasswordAndTheirGroupsAreRead() throws {
        let login = DirectoryLogin(settings: try settings())
        XCTAssertEqual(try login.authenticate(dn: anna, password: "anna-Secret-7"), [managers, council])
        XCTAssertEqual(try login.authenticate(dn: bernd, password: "bernd-Secret-8"), [council])
        XCTAssertThrowsError(try login.authenticate(dn: anna, password: "bernd-Secret-8")) { error in
            XCTAssertTrue("\(error)".hasPrefix("bind as \(anna) failed: Invalid credentials (49)"), "\(error)")
        }
        XCTAssertThrowsError(try login.authenticate(dn: anna, password: "")) { error in
            XCTAssertEqual(error as? DirectoryError,
                           .bindFailed(dn: anna, reason: "an empty password is refused (LDAP would bind anonymously)"))
        }
    }

    func testStartTLSAndLDAPSAreUsedAsConfigured() throws {
        let server = try slapd
        var startTLS = try settings()
        startTLS.startTLS = true
        startTLS.caFile = server.caFile
        XCTAssertEqual(try DirectoryLogin(settings: startTLS).authenticate(dn: bernd, password: "bernd-Secret-8"), [council])
        var ldaps = try settings()
        ldaps.url = server.ldapsURL
        ldaps.caFile = server.caFile
        XCTAssertEqual(try DirectoryLogin(settings: ldaps).authenticate(dn: bernd, password: "bernd-Secret-8"), [council])
        ldaps.caFile = nil
        XCTAssertThrowsError(try DirectoryLogin(settings: ldaps).authenticate(dn: bernd, password: "bernd-Secret-8")) { error in
            guard case .tlsFailed? = error as? DirectoryError else { return XCTFail("\(error)") }
        }
    }

    func testDirectoryGroupsBecomeLocalRolesAtLogin() throws {
        let access = try accessControl()
        try access.addUser(AccessControl.NewUser(name: "anna", password: nil, directoryDN: anna), by: .databaseOwner)
        try access.addUser(AccessControl.NewUser(name: "bernd", password: nil, roles: ["admin"], directoryDN: bernd),
                           by: .databaseOwner)

        let principal = try access.authenticate(user: "anna", password: "anna-Secret-7")
        XCTAssertEqual(principal.permissions, Role.manager.permissions.union(Role.worksCouncil.permissions))
        XCTAssertEqual(try access.user(named: "anna").roles, ["manager", "works_council"])
        XCTAssertEqual(try access.authenticate(user: "bernd", password: "bernd-Secret-8").permissions, Role.worksCouncil.permissions)
        XCTAssertEqual(try access.user(named: "bernd").roles, ["works_council"], "the directory's groups replace local roles")

        XCTAssertThrowsError(try access.authenticate(user: "anna", password: "wrong-Secret-1")) { error in
            XCTAssertEqual(error as? AccessError, .invalidCredentials)
        }
        XCTAssertEqual(try access.user(named: "anna").failedAttempts, 1, "a refused bind counts as a failed login")

        try slapd.stop()
        XCTAssertThrowsError(try access.authenticate(user: "anna", password: "anna-Secret-7")) { error in
            guard case .directoryUnavailable? = error as? AccessError else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(try access.user(named: "anna").failedAttempts, 1, "an unreachable server is not the user's failure")
        let logins = try XCTUnwrap(access.auditLog).entries(AuditFilter(action: "login")).map { "\($0.actor) \($0.outcome) \($0.detail)" }
        XCTAssertEqual(logins, ["anna success directory", "bernd success directory", "anna failure directory wrong, failure 1",
                                "anna failure directory unavailable"])
    }

    private func accessControl() throws -> AccessControl {
        let folder = try TestEnvironment.makeTemporaryDirectory("tollbook-directory-login")
        storeDirectory = folder
        let path = folder.appendingPathComponent("tollbook.db").path
        let log = try AuditLog(databasePath: path, keyPath: path + ".audit-key")
        var accessSettings = AccessSettings(bcryptCost: 4)
        accessSettings.directoryGroupRoles = [
            DirectoryGroupRole(groupDN: "CN=tollbook-managers, OU=Groups, DC=example, DC=com", role: "manager"),
            DirectoryGroupRole(groupDN: council, role: "works_council"),
        ]
        return AccessControl(store: try CallStore(path: path), audit: log, settings: accessSettings, directory: try settings())
    }
}
