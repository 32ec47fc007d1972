@testable import Access
import Store
import XCTest

/// `setup` once (again only with force), the password policy and the password history.
final class SetupAndPasswordsTests: AccessTestCase {
    func testSetupRunsOnceAndForceResetsTheSuperuser() throws {
        XCTAssertTrue(try access.setup(superuserPassword: "first superuser pw", force: false))
        XCTAssertEqual(error { try access.setup(superuserPassword: "second superuser pw", force: false) } as? AccessError,
                       .alreadySetUp)
        XCTAssertEqual("\(AccessError.alreadySetUp)",
                       "setup has run already (user SUPERUSER exists); use --force to reset SUPERUSER's password and role")
        XCTAssertEqual(try access.authenticate(user: "SUPERUSER", password: "first superuser pw").scope, .everything)

        XCTAssertFalse(try access.setup(superuserPassword: "second superuser pw", force: true))
        XCTAssertEqual(error { try access.authenticate(user: "SUPERUSER", password: "first superuser pw") } as? AccessError,
                       .invalidCredentials)
        let principal = try access.authenticate(user: "SUPERUSER", password: "second superuser pw")
        XCTAssertEqual(principal.permissions, Set(Permission.allCases))
        XCTAssertEqual(try access.users().map(\.roles), [["superuser"]])
        XCTAssertEqual(try log.entries(AuditFilter(action: "setup")).map(\.outcome), ["success", "denied", "success"])
    }

    func testPasswordPolicyNamesTheBrokenRule() throws {
        XCTAssertEqual(error { try addUser("mia", password: "short pw") } as? AccessError,
                       .passwordRejected("the password must have at least 12 characters"))
        XCTAssertEqual(error { try addUser("mia.long-name", password: "MIA.LONG-NAME") } as? AccessError,
                       .passwordRejected("the password must not be the user name"))
        XCTAssertEqual(error { try addUser("mia", password: String(repeating: "x", count: 73)) } as? AccessError,
                       .passwordRejected("the password must not be longer than 72 bytes"))
        XCTAssertEqual(error { try addUser("mia", password: "correct horse battery", roles: ["boss"]) } as? AccessError,
                       .unknownRole("boss"))
        XCTAssertEqual(error { try addUser("mia mü", password: "correct horse battery") } as? AccessError,
                       .invalidName(kind: "user", name: "mia mü", reason: "use letters, digits and . _ @ - only"))
        XCTAssertEqual(try access.users(), [], "nothing was stored for refused users")
        try addUser("mia")
        XCTAssertEqual(error { try addUser("mia") } as? AccessRecordError, .userExists("mia"))
    }

    func testTheLastFivePasswordsCannotBeUsedAgain() throws {
        try addUser("mia", password: "password number 1")
        for number in 2...5 { try access.changePassword("mia", to: "password number \(number)", by: .databaseOwner) }
        // The current password and the four before it are the last five.
        for number in 1...5 {
            XCTAssertEqual(error { try access.changePassword("mia", to: "password number \(number)", by: .databaseOwner) }
                           as? AccessError, .passwordRejected("it is one of the last 5 passwords of mia"))
        }
        try access.changePassword("mia", to: "password number 6", by: .databaseOwner)
        try access.changePassword("mia", to: "password number 1", by: .databaseOwner)
        XCTAssertEqual(try access.authenticate(user: "mia", password: "password number 1").userName, "mia")
        let user = try XCTUnwrap(try access.store.user(named: "mia"))
        XCTAssertEqual(try access.store.passwordHistory(userID: user.id).count, 4, "only what the policy needs is kept")
        XCTAssertTrue(try XCTUnwrap(user.passwordHash).hasPrefix("$2b$04$"), "bcrypt with the configured cost")
    }

    func testHashesAreSaltedPerUser() throws {
        try addUser("mia", password: "the same password")
        try addUser("ole", password: "the same password")
        let hashes = try access.store.users().compactMap(\.passwordHash)
        XCTAssertEqual(hashes.count, 2)
        XCTAssertNotEqual(hashes[0], hashes[1])
        XCTAssertEqual(try occurrences(of: "the same password"), 0)
    }

    func testTheLastSuperuserCannotBeRemovedDisabledOrDemoted() throws {
        try access.setup(superuserPassword: "first superuser pw", force: false)
        XCTAssertEqual(error { try access.removeUser("SUPERUSER", by: .databaseOwner) } as? AccessError, .lastSuperuser("SUPERUSER"))
        XCTAssertEqual(error { try access.setDisabled("SUPERUSER", true, by: .databaseOwner) } as? AccessError,
                       .lastSuperuser("SUPERUSER"))
        XCTAssertEqual(error { try access.changeRoles("SUPERUSER", .set, ["admin"], by: .databaseOwner) } as? AccessError,
                       .lastSuperuser("SUPERUSER"))
        try addUser("root2", roles: ["superuser"])
        try access.setDisabled("SUPERUSER", true, by: .databaseOwner)
        XCTAssertEqual(error { try access.authenticate(user: "SUPERUSER", password: "first superuser pw") } as? AccessError,
                       .accountDisabled("SUPERUSER"))
    }

    func testAnAdminCannotGrantSuperuser() throws {
        try addUser("adam", roles: ["admin"])
        let admin = try access.principal(forUser: "adam")
        XCTAssertEqual(error {
            try access.addUser(AccessControl.NewUser(name: "eve", password: "correct horse battery", roles: ["superuser"]), by: admin)
        } as? AccessError, .notPermitted("granting the superuser role needs superusers.manage"))
        try access.addUser(AccessControl.NewUser(name: "eve", password: "correct horse battery", roles: ["manager"]), by: admin)
        let employee = try { try addUser("emil", roles: ["employee"]); return try access.principal(forUser: "emil") }()
        XCTAssertEqual(error { try access.removeUser("eve", by: employee) } as? AccessError,
                       .notPermitted("this needs the permission users.manage"))
        let denied = try log.entries(AuditFilter(actor: "emil"))
        XCTAssertEqual(denied.map(\.action), ["users.remove"])
        XCTAssertEqual(denied.map(\.outcome), ["denied"])
        XCTAssertEqual(denied.map(\.detail), ["missing permission users.manage"])
    }
}
