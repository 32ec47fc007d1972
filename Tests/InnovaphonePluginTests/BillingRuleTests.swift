import TollbookCore
import XCTest

/// innovaphone's rule (SDK doc/pbx/cdr.htm, "Billing"): a user is billed for its CDRs with dir
/// "from", "cf" or "ct". Trunk CDRs describe the same external call again and are marked
/// `billable=0`, so summing `billable=1` records bills every external call once.
final class BillingRuleTests: XCTestCase {
    private func billable(_ r: CallRecord) -> String? { r.extra.first { $0.key == "billable" }?.value }

    func testEachExternalCallHasExactlyOneBillableRecord() throws {
        let records = try callRecords()
        for conf in ["04", "05", "06", "13", "19"] {
            let legs = records.filter { $0.correlationID == cf(conf) }
            let billed = legs.filter { billable($0) == "1" }
            XCTAssertEqual(billed.count, conf == "06" ? 0 : 1, "conf \(conf)")
        }
    }

    func testTrunkAndDirToRecordsAreNeverBillable() throws {
        let records = try callRecords()
        XCTAssertEqual(records.filter { !$0.trunk.isEmpty }.map { billable($0) }, ["0", "0"])
        let dirTo = records.filter { $0.extra.contains(VendorField(key: "dir", value: "to")) }
        XCTAssertEqual(dirTo.count, 17)
        XCTAssertTrue(dirTo.allSatisfy { billable($0) == "0" })
    }

    func testTrunkObjectsOptionTurnsAnUnmarkedObjectIntoATrunk() throws {
        let xml = """
            <cdr guid="0b1ec700000000000000000000000c02" cn="Line 2" e164="9" h323="isdn-2" dir="from" utc="1772442000">
            <user/>
            <event msg="setup-from" time="0" e164="004930555060" type="ext" conf="c0f000000000000000000000000000a1"/>
            <event msg="conn-to" time="4" e164="205" h323="emil"/>
            <event msg="rel-to" time="14" cause="16"/>
            </cdr>
            """
        let plain = try Innovaphone.text(xml).records
        XCTAssertEqual(plain.first?.direction, .internal)  // read as a user calling 205
        XCTAssertEqual(plain.first?.trunk, "")
        XCTAssertEqual(plain.first.map(billable), "1")
        let withOption = try Innovaphone.text(xml, options: #"{"trunk_objects":"pstn, ISDN-2"}"#).records
        assertRecord(withOption.first, Expected(id: "0b1ec700000000000000000000000c02:from:1772442000:c0f000000000000000000000000000a1",
            correlation: "c0f000000000000000000000000000a1", start: t, answer: t + 4, end: t + 14,
            calling: "004930555060", called: "205", originalCalled: "205", connected: "205", ext: "205", remote: "004930555060",
            direction: .incoming, disposition: .answered, trunk: "isdn-2", remoteDevice: "emil", cause: 16,
            extra: ["billable": "0", "dir": "from", "object": "isdn-2"]))
    }
}
