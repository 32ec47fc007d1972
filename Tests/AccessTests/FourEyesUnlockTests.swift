@testable import Access
import Foundation
import Org
import Store
import XCTest

/// Privacy P9, the model: a request is pending until a *different human* holding
/// `unlock.approve` approves it; the requester, users without the approver permission, API tokens
/// and the database owner cannot; an approval lasts 24 hours (configurable lower, never higher);
/// revoking ends it; every step is in the audit log with the unlock id, never the purpose.
final class FourEyesUnlockTests: AccessTestCase {
    private var unlocks: FourEyesUnlock!
    /// Anna's participant id.
    private var anna: Int64 = 0
    /// 2026-05-01 and 2026-06-01, midnight UTC.
    private let may1: Int64 = 1_777_593_600_000
    private let june1: Int64 = 1_780_272_000_000

    override func setUpWithError() throws {
        try super.setUpWithError()
        let chart = OrgChart(store: access.store)
        try chart.addNode(at: OrgPath(parsing: "T1"), nowMs: 0)
        anna = try chart.addParticipant(ParticipantFields(name: "Anna"), at: OrgPath(parsing: "T1"), fromMs: 0, nowMs: 0)
        try addUser("ben", roles: ["manager"])
        try addUser("wera", roles: ["works_council"])
        try addUser("dora", roles: ["dpo"])
        try addUser("emil", roles: ["employee"])
        try addUser("anna", roles: ["employee"], participantID: anna)
        unlocks = try FourEyesUnlock(store: access.store, audit: log, clock: clock.accessClock)
    }

    private func user(_ name: String) throws -> Principal { try access.principal(forUser: name) }

    private func requestMay(by name: String = "ben", purpose: String = "suspected misuse") throws -> Unlock {
        try unlocks.request(FourEyesUnlock.Request(subjectParticipantID: anna, fromMs: may1, toMs: june1, fields: [.number],
                                                   purpose: purpose), by: try user(name))
    }

    private func unlockRows() throws -> [AuditRow] { try log.entries(AuditFilter(action: "unlock")) }

    func testARequestIsPendingUntilADifferentApproverApprovesItForTwentyFourHours() throws {
        let requested = try requestMay()
        XCTAssertEqual(requested.id, 1)
        XCTAssertEqual(requested.status, .pending)
        XCTAssertEqual(requested.requester, "ben")
        XCTAssertEqual(requested.fields, [.number])
        XCTAssertEqual(requested.purpose, "suspected misuse")
        XCTAssertEqual(requested.expiresMs, nil)

        XCTAssertEqual(error { try self.unlocks.approve(1, by: try self.user("ben")) } as? UnlockError, .selfApproval(id: 1))
        XCTAssertEqual(error { try self.unlocks.approve(1, by: try self.user("emil")) } as? UnlockError,
                       .notPermitted(step: "approve an unlock", permission: "unlock.approve"))
        XCTAssertEqual(error { try self.unlocks.approve(1, by: .databaseOwner) } as? UnlockError,
                       .notAHuman(step: "approve an unlock"))
        XCTAssertEqual(try unlocks.unlock(1).status, .pending, "refused approval attempts leave the request pending")

        let approved = try unlocks.approve(1, by: try user("wera"))
        XCTAssertEqual(approved.status, .approved)
        XCTAssertEqual(approved.decidedBy, "wera")
        XCTAssertEqual(approved.expiresMs, clock.now + 24 * 3_600_000)
        XCTAssertEqual(error { try self.unlocks.approve(1, by: try self.user("dora")) } as? UnlockError,
                       .wrongState(id: 1, status: "approved", step: "approved"))

        clock.advance(seconds: 24 * 3600 - 1)
        XCTAssertEqual(try unlocks.unlock(1).status, .approved)
        XCTAssertEqual(try access.store.activeUnlocks(requesterID: try user("ben").userID ?? -1, nowMs: clock.now).map(\.id), [1])
        clock.advance(seconds: 1)
        XCTAssertEqual(try unlocks.unlock(1).status, .expired)
        XCTAssertEqual(try access.store.activeUnlocks(requesterID: try user("ben").userID ?? -1, nowMs: clock.now), [])
    }

    func testAnAPITokenCannotApprove() throws {
        _ = try requestMay()
        let token = try access.createToken(user: "wera", name: "ci", expiresMs: nil, by: .databaseOwner)
        let viaToken = try access.principal(forToken: token)
        XCTAssertTrue(viaToken.may(.unlockApprove))
        XCTAssertEqual(error { try self.unlocks.approve(1, by: viaToken) } as? UnlockError, .notAHuman(step: "approve an unlock"))
        XCTAssertEqual(try unlocks.unlock(1).status, .pending)
    }

    func testARequestNeedsThePermissionAPurposeFieldsAPeriodAndAnotherPerson() throws {
        let request = FourEyesUnlock.Request(subjectParticipantID: anna, fromMs: may1, toMs: june1, fields: [.number], purpose: "x")
        XCTAssertEqual(error { try self.unlocks.request(request, by: try self.user("wera")) } as? UnlockError,
                       .notPermitted(step: "request an unlock", permission: "unlock.request"))
        var blank = request
        blank.purpose = "  \n"
        XCTAssertEqual(error { try self.unlocks.request(blank, by: try self.user("ben")) } as? UnlockError, .purposeMissing)
        var reversed = request
        reversed.toMs = may1
        XCTAssertEqual(error { try self.unlocks.request(reversed, by: try self.user("ben")) } as? UnlockError, .emptyPeriod)
        XCTAssertEqual(error { try UnlockField.parseList("number,salary") } as? UnlockError, .unknownField("salary"))
        XCTAssertEqual(try UnlockField.parseList("person_list, number,number"), [.number, .personList])
        XCTAssertEqual(try access.store.unlocks(), [])
    }

    func testRefusingAndRevokingEndTheUnlock() throws {
        _ = try requestMay()
        XCTAssertEqual(try unlocks.refuse(1, by: try user("dora")).status, .refused)
        XCTAssertEqual(error { try self.unlocks.approve(1, by: try self.user("wera")) } as? UnlockError,
                       .wrongState(id: 1, status: "refused", step: "approved"))

        _ = try requestMay()
        _ = try unlocks.approve(2, by: try user("wera"))
        XCTAssertEqual(error { try self.unlocks.revoke(2, by: try self.user("emil")) } as? UnlockError,
                       .notPermitted(step: "revoke another person's unlock", permission: "unlock.approve"))
        let revoked = try unlocks.revoke(2, by: try user("ben"))
        XCTAssertEqual(revoked.status, .revoked)
        XCTAssertEqual(revoked.revokedBy, "ben")
        XCTAssertEqual(try access.store.activeUnlocks(requesterID: try user("ben").userID ?? -1, nowMs: clock.now), [])
        XCTAssertEqual(error { try self.unlocks.revoke(2, by: try self.user("wera")) } as? UnlockError,
                       .wrongState(id: 2, status: "revoked", step: "revoked"))
        XCTAssertEqual(error { try self.unlocks.revoke(9, by: try self.user("wera")) } as? UnlockError, .noSuchUnlock(9))
    }

    func testEveryStepIsAuditedWithTheIdAndNeverThePurpose() throws {
        _ = try requestMay(purpose: "suspected misuse of line 7")
        _ = try? unlocks.approve(1, by: try user("ben"))
        _ = try unlocks.approve(1, by: try user("wera"))
        _ = try unlocks.revoke(1, by: try user("dora"))
        let rows = try unlockRows()
        XCTAssertEqual(rows.map { "\($0.action) \($0.actor) \($0.outcome)" },
                       ["unlock.request ben success", "unlock.approve ben denied", "unlock.approve wera success",
                        "unlock.revoke dora success"])
        XCTAssertEqual(rows[0].detail, "unlock=1 from=2026-05-01T00:00:00Z to=2026-06-01T00:00:00Z fields=number")
        XCTAssertEqual(rows[1].detail,
                       "unlock=1 unlock 1 must be approved by a different person than its requester (four-eyes rule)")
        XCTAssertEqual(rows[2].detail, "unlock=1 expires=2027-01-16T08:00:00Z")
        XCTAssertTrue(rows.allSatisfy { !$0.detail.contains("misuse") })
        XCTAssertTrue(rows.allSatisfy { $0.subject?.hasPrefix("ps_") == true }, "the subject is pseudonymised")
        XCTAssertEqual(Set(rows.compactMap(\.subject)).count, 1)
        XCTAssertTrue(try log.verify(anchor: nil).isIntact)
    }

    func testTheValidityCanBeShortenedButNeverLongerThanADay() throws {
        XCTAssertEqual(error { try FourEyesUnlock(store: self.access.store, audit: self.log, maxHours: 25) } as? UnlockError,
                       .maxHoursOutOfRange(25))
        XCTAssertEqual("\(UnlockError.maxHoursOutOfRange(25))", "privacy.unlock.max_hours is 25: it must lie between 1 and 24")
        let short = try FourEyesUnlock(store: access.store, audit: log, maxHours: 4, clock: clock.accessClock)
        _ = try requestMay()
        XCTAssertEqual(try short.approve(1, by: try user("dora")).expiresMs, clock.now + 4 * 3_600_000)
    }

    func testTheListShowsEverythingToApproversAndOnlyOwnRequestsToOthers() throws {
        _ = try requestMay()
        try addUser("mia", roles: ["manager"])
        _ = try unlocks.request(FourEyesUnlock.Request(subjectParticipantID: 4, fromMs: may1, toMs: june1, fields: [.duration],
                                                       purpose: "cost dispute"), by: try user("mia"))
        XCTAssertEqual(try unlocks.list(for: try user("wera")).map(\.id), [2, 1])
        XCTAssertEqual(try unlocks.list(for: try user("ben")).map(\.id), [1])
        XCTAssertEqual(try unlocks.list(for: try user("emil")).map(\.id), [])
    }
}
