@testable import Access
import XCTest

/// Lock-out after repeated failures with exponential back-off, on an injected clock.
final class LockoutTests: AccessTestCase {
    func testFiveFailuresLockForAMinuteAndEveryFurtherFailureDoublesTheLock() throws {
        try addUser("mia")
        let start = clock.now
        for _ in 1...4 {
            XCTAssertEqual(error { try access.authenticate(user: "mia", password: "wrong password!") } as? AccessError,
                           .invalidCredentials)
        }
        XCTAssertNil(try access.user(named: "mia").lockedUntilMs, "four failures do not lock")
        XCTAssertEqual(error { try access.authenticate(user: "mia", password: "wrong password!") } as? AccessError,
                       .invalidCredentials)
        XCTAssertEqual(try access.user(named: "mia").lockedUntilMs, start + 60_000)

        // While locked even the right password is refused, and the refusal does not extend the lock.
        clock.advance(seconds: 59)
        XCTAssertEqual(error { try access.authenticate(user: "mia", password: "correct horse battery") } as? AccessError,
                       .accountLocked(user: "mia", untilMs: start + 60_000))
        XCTAssertEqual("\(AccessError.accountLocked(user: "mia", untilMs: start + 60_000))",
                       "account mia is locked after repeated failed logins until 2027-01-15T08:01:00Z")

        clock.advance(seconds: 1)
        XCTAssertEqual(error { try access.authenticate(user: "mia", password: "wrong password!") } as? AccessError,
                       .invalidCredentials)
        XCTAssertEqual(try access.user(named: "mia").lockedUntilMs, clock.now + 120_000, "the sixth failure locks for 2 minutes")
        clock.advance(seconds: 120)
        XCTAssertEqual(error { try access.authenticate(user: "mia", password: "wrong password!") } as? AccessError,
                       .invalidCredentials)
        XCTAssertEqual(try access.user(named: "mia").lockedUntilMs, clock.now + 240_000)

        clock.advance(seconds: 240)
        XCTAssertEqual(try access.authenticate(user: "mia", password: "correct horse battery").userName, "mia")
        let user = try access.user(named: "mia")
        XCTAssertEqual(user.failedAttempts, 0, "a success resets the count")
        XCTAssertNil(user.lockedUntilMs)
        XCTAssertEqual(user.lastLoginMs, clock.now)

        let logins = try log.entries(AuditFilter(action: "login"))
        XCTAssertEqual(logins.map(\.outcome), ["failure", "failure", "failure", "failure", "failure", "denied", "failure",
                                               "failure", "success"])
        XCTAssertEqual(logins[4].detail, "password wrong, failure 5, locked until 2027-01-15T08:01:00Z")
        XCTAssertEqual(logins[5].detail, "locked until 2027-01-15T08:01:00Z")
    }

    func testTheLockIsCappedAndEnablingLiftsIt() throws {
        XCTAssertEqual((5...12).map { LockoutPolicy().lockSeconds(afterFailures: $0) }, [60, 120, 240, 480, 960, 1920, 3600, 3600])
        XCTAssertEqual(LockoutPolicy().lockSeconds(afterFailures: 4), 0)
        XCTAssertEqual(LockoutPolicy().lockSeconds(afterFailures: 500), 3600)
        try addUser("mia")
        for _ in 1...5 { _ = error { try access.authenticate(user: "mia", password: "wrong password!") } }
        try access.setDisabled("mia", false, by: .databaseOwner)
        XCTAssertEqual(try access.authenticate(user: "mia", password: "correct horse battery").userName, "mia")
    }

    func testUnknownUsersGetTheSameAnswerAndArePseudonymisedInTheLog() throws {
        XCTAssertEqual(error { try access.authenticate(user: "Anna Berger", password: "whatever it is") } as? AccessError,
                       .invalidCredentials)
        let row = try XCTUnwrap(try log.entries().last)
        XCTAssertEqual(row.actor, "-")
        XCTAssertEqual(row.subject, log.key.pseudonym("Anna Berger"))
        XCTAssertEqual(row.detail, "unknown user")
        XCTAssertEqual(try occurrences(of: "Anna Berger"), 0)
    }
}
