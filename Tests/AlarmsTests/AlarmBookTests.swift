import Access
import Alarms
import Foundation
import Store
import XCTest

/// Listing and acknowledging through the access layer: the permissions `alarms.read` and
/// `alarms.acknowledge`, audit rows for every acknowledgement and refusal (ids only).
final class AlarmBookTests: XCTestCase {
    private var fixture: AlarmFixture!

    override func setUpWithError() throws {
        fixture = try AlarmFixture()
    }

    override func tearDown() {
        fixture.remove()
    }

    private func user(_ name: String, _ permissions: Set<Permission>) -> Principal {
        Principal(kind: .user, userName: name, userID: 7, permissions: permissions, scope: .everything, participantID: nil)
    }

    func testAcknowledgingNeedsThePermissionAndIsAudited() throws {
        let store = try CallStore(path: fixture.storePath)
        for id in [1, 2] as [Int64] {
            _ = try store.insertAlarm(AlarmRecord(dedupeKey: "long_call:\(id)", rule: "long_call", severity: "low", site: "berlin",
                                                  entityKind: "extension", entity: "berlin/2001", callIDs: [id], atMs: 1000 * id,
                                                  raisedMs: 5000, message: "m\(id)"))
        }
        let audit = try fixture.auditLog()
        let book = AlarmBook(store: store, audit: audit, clock: .fixed(9000))
        let reader = user("mia", [.alarmsRead])
        let admin = user("ole", Role.admin.permissions)

        XCTAssertEqual(try book.list(state: "open", by: reader).map(\.id), [1, 2])
        XCTAssertThrowsError(try book.acknowledge(1, comment: "known", by: reader)) { error in
            XCTAssertEqual("\(error)", "not permitted to acknowledge alarms: the permission alarms.acknowledge is needed (ask an administrator)")
        }
        XCTAssertThrowsError(try book.list(state: nil, by: user("eve", [.callsReadOwn]))) { error in
            XCTAssertEqual(error as? AlarmError, .notPermitted(step: "list alarms", permission: "alarms.read"))
        }
        let acknowledged = try book.acknowledge(1, comment: "  test call by the PBX technician ", by: admin)
        XCTAssertEqual([acknowledged.state, acknowledged.acknowledgedBy, acknowledged.comment],
                       ["acknowledged", "ole", "test call by the PBX technician"])
        XCTAssertEqual(acknowledged.acknowledgedMs, 9000)
        XCTAssertThrowsError(try book.acknowledge(1, comment: nil, by: admin)) { error in
            XCTAssertEqual("\(error)", "alarm 1 is acknowledged already")
        }
        XCTAssertThrowsError(try book.acknowledge(99, comment: nil, by: admin)) { error in
            XCTAssertEqual("\(error)", "there is no alarm 99 (see tollbook alarms list)")
        }
        XCTAssertEqual(try book.list(state: "open", by: admin).map(\.id), [2])
        XCTAssertEqual(try book.list(state: "acknowledged", by: admin).map(\.id), [1])
        let rows = try audit.entries().filter { $0.action.hasPrefix("alarms.") }
        XCTAssertEqual(rows.map { "\($0.action) \($0.actor) \($0.detail) \($0.outcome)" }, [
            "alarms.acknowledge mia alarm=1 denied",
            "alarms.list eve  denied",
            "alarms.acknowledge ole alarm=1 success",
        ])
        XCTAssertEqual(rows[0].subject, rows[2].subject, "the same alarm, the same pseudonym")
        XCTAssertTrue(rows[0].subject?.hasPrefix("ps_") == true)
        XCTAssertNil(rows[1].subject)
        XCTAssertTrue(rows.allSatisfy { !$0.detail.contains("technician") }, "the comment stays out of the audit log")
    }
}
