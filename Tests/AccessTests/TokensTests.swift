@testable import Access
import Store
import XCTest

/// API tokens: shown once, stored as SHA-256, expiring, revocable.
final class TokensTests: AccessTestCase {
    func testATokenIsStoredOnlyAsItsHashAndStandsForItsUser() throws {
        try addUser("bot", roles: ["manager"], scope: [try addNode("Berlin/Sales")])
        let token = try access.createToken(user: "bot", name: "nightly", expiresMs: nil, by: .databaseOwner)
        XCTAssertTrue(token.hasPrefix("tbk_"))
        XCTAssertEqual(token.count, 4 + 43, "32 bytes in base64url without padding")
        XCTAssertTrue(token.dropFirst(4).allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        XCTAssertEqual(try occurrences(of: token), 0)
        XCTAssertEqual(try occurrences(of: String(token.dropFirst(4))), 0)
        XCTAssertGreaterThan(try occurrences(of: APIToken.digest(token)), 0, "its SHA-256 is what is kept")

        let principal = try access.principal(forToken: token)
        XCTAssertEqual(principal.kind, .token)
        XCTAssertEqual(principal.userName, "bot")
        XCTAssertEqual(principal.permissions, Role.manager.permissions)
        XCTAssertEqual(try access.tokens(user: "bot").map(\.lastUsedMs), [clock.now])
        XCTAssertEqual(error { try access.createToken(user: "bot", name: "nightly", expiresMs: nil, by: .databaseOwner) }
                       as? AccessRecordError, .tokenExists(user: "bot", token: "nightly"))
    }

    func testExpiredRevokedAndUnknownTokensAreRefused() throws {
        try addUser("bot", roles: ["employee"])
        let expiring = try access.createToken(user: "bot", name: "short", expiresMs: clock.now + 3_600_000, by: .databaseOwner)
        let revoked = try access.createToken(user: "bot", name: "old", expiresMs: nil, by: .databaseOwner)
        XCTAssertEqual(error { try access.createToken(user: "bot", name: "past", expiresMs: clock.now, by: .databaseOwner) }
                       as? AccessError, .expiryInPast(clock.now))
        XCTAssertEqual("\(AccessError.expiryInPast(clock.now))", "the expiry 2027-01-15T08:00:00Z lies in the past")
        clock.advance(seconds: 3599)
        XCTAssertEqual(try access.principal(forToken: expiring).userName, "bot")
        clock.advance(seconds: 1)
        XCTAssertEqual(error { try access.principal(forToken: expiring) } as? AccessError, .tokenExpired(user: "bot", token: "short"))

        try access.revokeToken(user: "bot", name: "old", by: .databaseOwner)
        XCTAssertEqual(error { try access.principal(forToken: revoked) } as? AccessError, .tokenRevoked(user: "bot", token: "old"))
        XCTAssertEqual(try access.tokens(user: "bot").map(\.revokedMs), [clock.now, nil], "ordered by name: old, short")
        XCTAssertEqual(error { try access.principal(forToken: "tbk_" + String(repeating: "A", count: 43)) } as? AccessError,
                       .invalidToken)
        XCTAssertEqual(error { try access.revokeToken(user: "bot", name: "nope", by: .databaseOwner) } as? AccessRecordError,
                       .noSuchToken(user: "bot", token: "nope"))

        try access.setDisabled("bot", true, by: .databaseOwner)
        let other = try access.createToken(user: "bot", name: "third", expiresMs: nil, by: .databaseOwner)
        XCTAssertEqual(error { try access.principal(forToken: other) } as? AccessError, .accountDisabled("bot"))
        XCTAssertEqual(try log.entries(AuditFilter(action: "login.token")).map(\.outcome),
                       ["success", "denied", "denied", "failure", "denied"])
    }

    func testAnEmployeeManagesOnlyTheirOwnTokens() throws {
        try addUser("emil", roles: ["employee"])
        try addUser("mia", roles: ["manager"])
        let emil = try access.principal(forUser: "emil")
        _ = try access.createToken(user: "emil", name: "mine", expiresMs: nil, by: emil)
        XCTAssertEqual(error { try access.createToken(user: "mia", name: "theirs", expiresMs: nil, by: emil) } as? AccessError,
                       .notPermitted("this needs the permission users.manage"))
    }
}
