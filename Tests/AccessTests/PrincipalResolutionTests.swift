@testable import Access
import Store
import XCTest

/// The user → principal resolution the query layer and the commands rely on.
final class PrincipalResolutionTests: AccessTestCase {
    func testEveryBuiltInRoleResolvesToItsPermissionsAndScope() throws {
        let sales = try addNode("Berlin/Sales")
        let munich = try addNode("Munich")
        for role in Role.builtIn {
            try addUser("user_\(role.name)", roles: [role.name], scope: [sales, munich])
            let principal = try access.principal(forUser: "user_\(role.name)")
            XCTAssertEqual(principal.kind, .user)
            XCTAssertEqual(principal.permissions, role.permissions, role.name)
            XCTAssertEqual(principal.scope, role.name == "superuser" ? .everything : .subtrees([sales, munich]), role.name)
            XCTAssertNil(principal.participantID)
        }
    }

    func testRolesAreUnitedAndCustomRolesCount() throws {
        try access.addCustomRole("controller", permissions: ["reports.run", "org.read"], by: .databaseOwner)
        try addUser("mia", roles: ["employee", "controller", "auditor"])
        let principal = try access.principal(forUser: "mia")
        XCTAssertEqual(principal.permissions, [.callsReadOwn, .tokensManage, .reportsRun, .orgRead, .auditRead])
        XCTAssertEqual(principal.scope, .subtrees([]))
        XCTAssertEqual(error { try access.addCustomRole("admin", permissions: [], by: .databaseOwner) } as? AccessError,
                       .builtInRole("admin"))
        XCTAssertEqual(error { try access.addCustomRole("x", permissions: ["calls.read_everything"], by: .databaseOwner) }
                       as? AccessError, .unknownPermission("calls.read_everything"))
        XCTAssertEqual(error { try access.removeCustomRole("controller", by: .databaseOwner) } as? AccessError,
                       .roleInUse("controller", users: ["mia"]))
        try access.changeRoles("mia", .remove, ["controller"], by: .databaseOwner)
        try access.removeCustomRole("controller", by: .databaseOwner)
        XCTAssertEqual(try access.roles().map(\.name), Role.builtIn.map(\.name))
    }

    func testScopeIsChangedByOrgPathAndTheParticipantIsLinked() throws {
        let sales = try addNode("Berlin/Sales")
        let support = try addNode("Berlin/Support")
        let participant = try OrgChartHelper.addParticipant(access.store, path: "Berlin/Sales", nowMs: clock.now)
        try addUser("mia", roles: ["manager"], scope: try access.scopeNodeIDs(paths: ["Berlin/Sales"]),
                    participantID: participant)
        XCTAssertEqual(try access.changeScope("mia", .add, try access.scopeNodeIDs(paths: ["Berlin/Support"]), by: .databaseOwner),
                       [sales, support].sorted())
        XCTAssertEqual(try access.scopePaths(nodeIDs: try access.user(named: "mia").scopeNodeIDs), ["Berlin/Sales", "Berlin/Support"])
        XCTAssertEqual(try access.changeScope("mia", .remove, [sales], by: .databaseOwner), [support])
        let principal = try access.principal(forUser: "mia")
        XCTAssertEqual(principal.scope, .subtrees([support]))
        XCTAssertEqual(principal.participantID, participant)
        XCTAssertThrowsError(try access.scopeNodeIDs(paths: ["Hamburg"])) { error in
            XCTAssertEqual("\(error)".contains("Hamburg"), true)
        }
    }
}
