@testable import Store
import TestSupport
import XCTest

/// Retention of the data class `unlock` (privacy P11): unlock records whose last event is older
/// than the cut-off go; younger ones, and a dry run, leave everything in place.
final class UnlockRetentionTests: XCTestCase {
    func testRecordsWhoseLastEventIsOlderThanTheCutOffExpire() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("tollbook-unlock-retention")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try CallStore(path: directory.appendingPathComponent("t.db").path)
        let day: Int64 = 86_400_000
        // 1: requested day 0, never decided. 2: requested day 0, approved day 1 until day 2.
        // 3: requested day 0, approved day 1, revoked day 40. 4: requested day 50.
        let first = try store.insertUnlock(requesterID: 1, requester: "ben", subjectParticipantID: 9, fromMs: 0, toMs: day,
                                           fields: ["number"], purpose: "p", createdMs: 0)
        let second = try store.insertUnlock(requesterID: 1, requester: "ben", subjectParticipantID: 9, fromMs: 0, toMs: day,
                                            fields: ["number"], purpose: "p", createdMs: 0)
        try store.decideUnlock(id: second, status: "approved", by: "wera", nowMs: day, expiresMs: 2 * day)
        let third = try store.insertUnlock(requesterID: 1, requester: "ben", subjectParticipantID: 9, fromMs: 0, toMs: day,
                                           fields: ["number"], purpose: "p", createdMs: 0)
        try store.decideUnlock(id: third, status: "approved", by: "wera", nowMs: day, expiresMs: 2 * day)
        try store.revokeUnlock(id: third, by: "wera", nowMs: 40 * day)
        let fourth = try store.insertUnlock(requesterID: 1, requester: "ben", subjectParticipantID: 9, fromMs: 0, toMs: day,
                                            fields: ["number"], purpose: "p", createdMs: 50 * day)
        XCTAssertEqual(try store.expireUnlocks(beforeMs: 30 * day, dryRun: true), 2)
        XCTAssertEqual(try store.unlocks().map(\.id).sorted(), [first, second, third, fourth], "a dry run deletes nothing")
        XCTAssertEqual(try store.expireUnlocks(beforeMs: 30 * day, dryRun: false), 2)
        XCTAssertEqual(try store.unlocks().map(\.id).sorted(), [third, fourth])
        XCTAssertEqual(try store.expireUnlocks(beforeMs: 45 * day, dryRun: false), 1)
        XCTAssertEqual(try store.unlocks().map(\.id).sorted(), [fourth])
    }
}
