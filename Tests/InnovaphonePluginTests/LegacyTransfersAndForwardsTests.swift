import PluginTestSupport
import TollbookCore
import XCTest

/// Transfers (`A:X` / `B:X`) and forwards (`src_dgpn`) in the real gateway captures (savecdrs
/// SampleCDRs). `TEL1` is the ISDN line to the outside, `GW1` the side of the PBX (44, 55).
final class LegacyTransfersAndForwardsTests: XCTestCase {
    private let outside = #"{"trunk_interfaces":["TEL1"]}"#

    func testS3TransferKeepsTheTalkBeforeTheTransferAsItsOwnLeg() throws {
        // 070317300932 → 44, answered at 1665; 44 transfers to 55 at 1684 (B:X); 55 talks until 1689.
        let ref = "e6bab23ae909d311b89e009033060014"
        let outcome = try Innovaphone.sample("gateway-legacy/s3.txt", options: outside)
        XCTAssertEqual(outcome.problems, [])
        XCTAssertEqual(outcome.records.count, 2)
        assertRecord(outcome.records.first, Expected(id: "\(ref):1684:x1", correlation: ref, start: 1663, answer: 1665, end: 1684,
            calling: "070317300932", called: "44", originalCalled: "44", connected: "44", ext: "44", remote: "070317300932",
            direction: .incoming, disposition: .answered, flags: .transferSplit, trunk: "TEL1", device: "GW1", cause: nil,
            extra: ["src_if": "TEL1", "dst_if": "GW1", "event": "B:X"]))
        assertRecord(outcome.records.last, Expected(id: "\(ref):1691:1", correlation: ref, start: 1684, answer: 1684, end: 1689,
            calling: "070317300932", called: "55", originalCalled: "44", connected: "55", redirecting: "44", ext: "44",
            remote: "070317300932", direction: .incoming, disposition: .answered, flags: .transferred, trunk: "TEL1",
            device: "GW1", cause: nil, extra: ["src_if": "TEL1", "dst_if": "GW1"]))
        // The call: answered after 2 s of ringing, 24 s of talk (19 s with 44, 5 s with 55), a transfer.
        XCTAssertEqual(outcome.records.map(\.ringMs), [2000, 0])
        XCTAssertEqual(outcome.records.map(\.talkMs), [19_000, 5000])
        XCTAssertEqual(outcome.records.map(\.legKind), [.transfer, .transfer])
    }

    func testS8TransferConnectingTwoOutsideCallsChargesBothToTheTransferringExtension() throws {
        // 44 calls 07033529969 (0d765a…) and 070317300932 (0d923f…), then connects them (A:X on both).
        let first = "0d765ac8e909d311a8d6009033031089", second = "0d923f15e909d311a8d6009033031089"
        let outcome = try Innovaphone.sample("gateway-legacy/s8.txt", options: outside)
        XCTAssertEqual(outcome.problems, [])
        XCTAssertEqual(outcome.records.count, 4)
        let r = outcome.records
        assertRecord(r[0], Expected(id: "\(first):2120:x1", correlation: first, start: 2097, answer: 2101, end: 2120,
            calling: "44", called: "07033529969", originalCalled: "07033529969", connected: "07033529969", ext: "44",
            remote: "07033529969", direction: .outgoing, disposition: .answered, flags: .transferSplit, trunk: "TEL1",
            device: "GW1", extra: ["src_if": "GW1", "dst_if": "TEL1", "event": "A:X"]))
        assertRecord(r[1], Expected(id: "\(second):2120:x1", correlation: second, start: 2104, answer: 2113, end: 2120,
            calling: "44", called: "070317300932", originalCalled: "070317300932", connected: "070317300932", ext: "44",
            remote: "070317300932", direction: .outgoing, disposition: .answered, flags: .transferSplit, trunk: "TEL1",
            device: "GW1", extra: ["src_if": "GW1", "dst_if": "TEL1", "event": "A:X", "transfer_ref": first]))
        // From the second X block on (same second, same transferor 44), the two calls name each other.
        assertRecord(r[2], Expected(id: "\(second):2126:1", correlation: second, start: 2120, answer: 2120, end: 2126,
            calling: "007033529969", called: "070317300932", originalCalled: "070317300932", connected: "070317300932",
            redirecting: "44", ext: "44", remote: "070317300932", direction: .outgoing, disposition: .answered,
            flags: .transferred, trunk: "TEL1", device: "GW1", cause: 16,
            extra: ["src_if": "GW1", "dst_if": "TEL1", "transfer_ref": first]))
        assertRecord(r[3], Expected(id: "\(first):2128:1", correlation: first, start: 2120, answer: 2120, end: 2126,
            calling: "0070317300932", called: "07033529969", originalCalled: "07033529969", connected: "07033529969",
            redirecting: "44", ext: "44", remote: "07033529969", direction: .outgoing, disposition: .answered,
            flags: .transferred, trunk: "TEL1", device: "GW1", cause: 16,
            extra: ["src_if": "GW1", "dst_if": "TEL1", "transfer_ref": second]))
    }

    func testS6TransferToAnOutsideNumberChargesTheGatewaysNewCallToTheTransferringExtension() throws {
        // 070317300932 → 44 (answered 1953); 44 transfers to 07033529969 at 1960 (B:X); the
        // gateway then calls 07033529969 from GW1 out through TEL1 with the caller's number.
        let ref = "32a6d992e909d311b89e009033060014"
        let outcome = try Innovaphone.sample("gateway-legacy/s6.txt", options: outside)
        XCTAssertEqual(outcome.problems, [])
        XCTAssertEqual(outcome.records.count, 3)
        let r = outcome.records
        assertRecord(r[0], Expected(id: "\(ref):1960:x1", correlation: ref, start: 1952, answer: 1953, end: 1960,
            calling: "070317300932", called: "44", originalCalled: "44", connected: "44", ext: "44", remote: "070317300932",
            direction: .incoming, disposition: .answered, flags: .transferSplit, trunk: "TEL1", device: "GW1",
            extra: ["src_if": "TEL1", "dst_if": "GW1", "event": "B:X"]))
        assertRecord(r[1], Expected(id: "\(ref):1968:1", correlation: ref, start: 1960, answer: 1960, end: 1968,
            calling: "070317300932", called: "007033529969", originalCalled: "44", connected: "007033529969",
            redirecting: "44", ext: "44", remote: "070317300932", direction: .incoming, disposition: .answered,
            flags: .transferred, trunk: "TEL1", device: "GW1", cause: 16, extra: ["src_if": "TEL1", "dst_if": "GW1"]))
        assertRecord(r[2], Expected(id: "\(ref):1971:2", correlation: ref, start: 1960, answer: 1964, end: 1968,
            calling: "0070317300932", called: "07033529969", originalCalled: "07033529969", connected: "07033529969",
            redirecting: "44", ext: "44", remote: "07033529969", direction: .outgoing, disposition: .answered,
            flags: .transferred, trunk: "TEL1", device: "GW1", cause: 16, extra: ["src_if": "GW1", "dst_if": "TEL1"]))
    }

    func testS12TransferWhileRingingGivesAnUnansweredSplitLegAndTheAnsweredLeg() throws {
        // The B:X block names neither the caller nor its interface: both come from the earlier blocks.
        let ref = "8767257ce909d311b89e009033060014"
        let outcome = try Innovaphone.sample("gateway-legacy/s12.txt")
        XCTAssertEqual(outcome.problems, [])
        XCTAssertEqual(outcome.records.count, 2)
        assertRecord(outcome.records.first, Expected(id: "\(ref):55005:x1", correlation: ref, start: 54999, answer: nil, end: 55005,
            calling: "070317300932", called: "0", originalCalled: "0", disposition: .noAnswer, flags: .transferSplit,
            device: "TEL1", remoteDevice: "GW1", extra: ["src_if": "TEL1", "dst_if": "GW1", "event": "B:X"]))
        assertRecord(outcome.records.last, Expected(id: "\(ref):55013:1", correlation: ref, start: 55005, answer: 55005, end: 55011,
            calling: "070317300932", called: "55", originalCalled: "10", connected: "55", redirecting: "0",
            disposition: .answered, flags: .transferred, device: "TEL1", remoteDevice: "GW1",
            extra: ["src_if": "TEL1", "dst_if": "GW1"]))
    }

    func testS5ForwardToAnOutsideNumberIsChargedToTheDivertingExtension() throws {
        // 070317300932 → 44; 44 forwards to 07033529969: the gateway places a second call for 44
        // (src_dgpn 44) from GW1 out through TEL1, starting at 1880.
        let ref = "d8fe8305e909d311b89e009033060014"
        let outcome = try Innovaphone.sample("gateway-legacy/s5.txt", options: outside)
        XCTAssertEqual(outcome.problems, [])
        XCTAssertEqual(outcome.records.count, 2)
        assertRecord(outcome.records.first, Expected(id: "\(ref):1889:1", correlation: ref, start: 1880, answer: 1885, end: 1889,
            calling: "0070317300932", called: "07033529969", originalCalled: "44", connected: "07033529969",
            redirecting: "44", ext: "44", remote: "07033529969", direction: .outgoing, disposition: .answered,
            flags: .forwarded, trunk: "TEL1", device: "GW1", cause: 16, extra: ["src_if": "GW1", "dst_if": "TEL1"]))
        XCTAssertEqual(outcome.records.first?.ringMs, 5000)
        XCTAssertEqual(outcome.records.first?.legKind, .forward)
        assertRecord(outcome.records.last, Expected(id: "\(ref):1891:2", correlation: ref, start: 1865, answer: 1885, end: 1889,
            calling: "070317300932", called: "44", originalCalled: "44", connected: "44", ext: "44", remote: "070317300932",
            direction: .incoming, disposition: .answered, trunk: "TEL1", device: "GW1", cause: 16,
            extra: ["src_if": "TEL1", "dst_if": "GW1"]))
    }

    func testS5WithoutTrunkInterfacesStillNamesTheDivertingParty() throws {
        let outcome = try Innovaphone.sample("gateway-legacy/s5.txt")
        let forwarded = try XCTUnwrap(outcome.records.first)
        XCTAssertEqual(forwarded.parties.redirecting, "44")
        XCTAssertEqual(forwarded.parties.originalCalled, "44")
        XCTAssertEqual(forwarded.parties.extension, "")
        XCTAssertEqual(forwarded.direction, .unknown)
        XCTAssertEqual(forwarded.flags, .forwarded)
        XCTAssertEqual(forwarded.startMs, 1_880_000)
    }

    func testStoredTalkTimeOfTheTwelveCapturesEqualsTheSumOfTheirTalkSegments() throws {
        // Talk segments (connect_time → disc_time of every X and Rel block of the B side), per capture.
        let talkSeconds: [String: Int64] = [
            "s1": 4, "s2": 5, "s3": 19 + 5, "s4": 4 + 9, "s5": 4 + 4, "s6": 7 + 8 + 4, "s7": 17 + 4 + 5 + 5,
            "s8": 19 + 7 + 6 + 6, "s9": 12 + 6 + 6 + 6, "s10": 6, "s11": 4, "s12": 0 + 6,
        ]
        var total: Int64 = 0
        for (name, seconds) in talkSeconds {
            let outcome = try Innovaphone.sample("gateway-legacy/\(name).txt", options: outside)
            let talk = outcome.records.reduce(0) { $0 + $1.talkMs }
            XCTAssertEqual(talk, seconds * 1000, name)
            total += talk
        }
        XCTAssertEqual(total, 188_000)
    }

    func testADamagedNumberIsRejectedAsMalformedNamingTheField() throws {
        let text = "event B:Rel\ntime 900\nref 01\nsrc_cgpn 7.03173E+10\nsrc_if TEL1\ndst_if GW1\ndst_cdpn 44\nend\n"
            + "event B:Rel\ntime 950\nref 02\nsrc_cgpn 0703173\nsrc_if TEL1\ndst_if GW1\ndst_cdpn 4a4\nend\n"
        let outcome = try Innovaphone.text(text)
        XCTAssertEqual(outcome.records, [])
        XCTAssertEqual(outcome.problems, ["malformed|calling|number field is not a dial string (digits and + * # X ?) or a URI",
                                          "malformed|called|number field is not a dial string (digits and + * # X ?) or a URI"])
    }
}
