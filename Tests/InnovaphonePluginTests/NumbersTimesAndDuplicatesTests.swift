import TollbookCore
import XCTest

/// calls.xml calls 17–20: masked and absent numbers, a call across the DST change, a duplicate,
/// entity references.
final class NumbersTimesAndDuplicatesTests: XCTestCase {
    func testMaskedAndAbsentCallerNumbersArePassedAsWritten() throws {
        let r = try callRecords()
        assertRecord(r[29], Expected(id: fid("000a0211", "to", t + 9000, "17"), correlation: cf("17"), start: t + 9000, answer: t + 9004, end: t + 9044,
            calling: "0891234XXXX", called: "211", originalCalled: "211", connected: "211", ext: "211", remote: "0891234XXXX",
            direction: .incoming, disposition: .answered, device: "phone-211", cause: 16, extra: user("0", "to", "karl")))
        assertRecord(r[30], Expected(id: fid("000a0211", "to", t + 9600, "18"), correlation: cf("18"), start: t + 9600, answer: nil, end: t + 9612,
            called: "211", originalCalled: "211", ext: "211",
            direction: .incoming, disposition: .noAnswer, device: "phone-211", cause: 16, extra: user("0", "to", "karl")))
    }

    /// 2026-03-29T00:50:00Z to 01:10:00Z spans the EU switch to summer time at 01:00 UTC; `local`
    /// says +3600 at the start, but the record's times are UTC and the duration is 20 minutes.
    func testCallAcrossTheDSTChangeKeepsUTCTimesAndItsIDFromTheIdAttribute() throws {
        let r = try callRecords()
        let s: Int64 = 1_774_745_400
        assertRecord(r[31], Expected(id: "1d000000000000000000000000000031", correlation: cf("19"), start: s, answer: s + 10, end: s + 1200,
            calling: "201", called: "000305550100", originalCalled: "000305550100", connected: "000305550100", ext: "201", remote: "000305550100",
            direction: .outgoing, disposition: .answered, device: "phone-201", cause: 16,
            extra: user("1", "from", "anna", ["seq": "41"])))
        let other = try Innovaphone.harness().parseFixture("innovaphone/calls.xml", timeZone: "America/New_York")
        XCTAssertEqual(other.records[31].startMs, s * 1000)
        XCTAssertEqual(other.records[31].endMs, (s + 1200) * 1000)
    }

    func testEntityReferencesAreDecoded() throws {
        let r = try callRecords()
        assertRecord(r[32], Expected(id: fid("000a0212", "from", t + 10200, "20"), correlation: cf("20"), start: t + 10200, answer: t + 10205, end: t + 10235,
            calling: "212", called: "213", originalCalled: "213", connected: "213", ext: "212", remote: "213",
            direction: .internal, disposition: .answered, device: "phone-212", remoteDevice: "max/2", cause: 16,
            extra: user("1", "from", "lea&m\u{FC}ller")))
    }

    func testEveryVendorRecordIDIsUnique() throws {
        let r = try callRecords()
        XCTAssertEqual(Set(r.map(\.vendorRecordID)).count, r.count)
    }

    func testANumberAttributeThatIsNotADialStringMakesTheCDRAMalformedReject() throws {
        // The outside number as a spreadsheet would write it, then a name where a number belongs;
        // the CDR between them is read.
        let xml = """
            <cdr guid="0b1ec700000000000000000000000d01" e164="201" h323="anna" dir="from" utc="1772442000">
            <event msg="setup-to" time="0"/><event msg="rel-to" time="9" e164="4.93056E+11" type="ext" cause="16"/></cdr>
            <cdr guid="0b1ec700000000000000000000000d02" e164="201" h323="anna" dir="from" utc="1772442100">
            <event msg="setup-to" time="0" e164="202"/><event msg="rel-to" time="9" cause="16"/></cdr>
            <cdr guid="0b1ec700000000000000000000000d03" e164="Anna" h323="anna" dir="from" utc="1772442200">
            <event msg="setup-to" time="0" e164="202"/><event msg="rel-to" time="9" cause="16"/></cdr>
            """
        let outcome = try Innovaphone.text(xml)
        XCTAssertEqual(outcome.records.map(\.vendorRecordID), ["0b1ec700000000000000000000000d02:from:1772442100:"])
        XCTAssertEqual(outcome.problems, ["malformed|called|number field is not a dial string (digits and + * # X ?) or a URI",
                                          "malformed|calling|number field is not a dial string (digits and + * # X ?) or a URI"])
    }
}
