import TollbookCore
import XCTest

/// calls.xml calls 9 (blind transfer) and 10 (consultative transfer).
final class TransfersAreMarkedTests: XCTestCase {
    func testBlindTransferKeepsOneCorrelationIDAndAddsATransferringRecord() throws {
        let r = try callRecords()
        assertRecord(r[12], Expected(id: fid("000a0206", "from", t + 4800, "09"), correlation: cf("09"), start: t + 4800, answer: t + 4804, end: t + 4886,
            calling: "206", called: "202", originalCalled: "201", connected: "202", ext: "206", remote: "202",
            direction: .internal, disposition: .answered, flags: .transferred, device: "phone-206", remoteDevice: "bert", cause: 16,
            extra: user("1", "from", "fred")))
        assertRecord(r[13], Expected(id: fid("000a0201", "to", t + 4801, "09"), correlation: cf("09"), start: t + 4801, answer: t + 4804, end: t + 4820,
            calling: "206", called: "201", originalCalled: "201", connected: "201", ext: "201", remote: "206",
            direction: .internal, disposition: .answered, device: "phone-201", remoteDevice: "fred", cause: 26,
            extra: user("0", "to", "anna")))
        assertRecord(r[14], Expected(id: fid("000a0201", "ct", t + 4820, "09"), correlation: cf("09"), start: t + 4820, answer: t + 4826, end: t + 4886,
            calling: "206", called: "202", originalCalled: "201", connected: "202", redirecting: "201", ext: "201", remote: "202",
            direction: .internal, disposition: .answered, flags: .transferred, cause: 16,
            extra: user("1", "ct", "anna")))
        assertRecord(r[15], Expected(id: fid("000a0202", "to", t + 4820, "09"), correlation: cf("09"), start: t + 4820, answer: t + 4826, end: t + 4886,
            calling: "206", called: "202", originalCalled: "202", connected: "202", ext: "202", remote: "206",
            direction: .internal, disposition: .answered, device: "phone-202", remoteDevice: "fred", cause: 16,
            extra: user("0", "to", "bert")))
    }

    func testConsultativeTransferKeepsTheFirstConfAndNamesTheOtherOne() throws {
        let r = try callRecords()
        assertRecord(r[16], Expected(id: fid("000a0207", "from", t + 5400, "10"), correlation: cf("10"), start: t + 5400, answer: t + 5403, end: t + 5500,
            calling: "207", called: "203", originalCalled: "201", connected: "203", ext: "207", remote: "203",
            direction: .internal, disposition: .answered, flags: .transferred, device: "phone-207", remoteDevice: "carl", cause: 16,
            extra: user("1", "from", "gina")))
        assertRecord(r[17], Expected(id: fid("000a0201", "to", t + 5401, "10"), correlation: cf("10"), start: t + 5401, answer: t + 5403, end: t + 5440,
            calling: "207", called: "201", originalCalled: "201", connected: "201", ext: "201", remote: "207",
            direction: .internal, disposition: .answered, flags: [.transferred, .transferSplit], device: "phone-201", remoteDevice: "gina", cause: 16,
            extra: user("0", "to", "anna")))
        assertRecord(r[18], Expected(id: fid("000a0201", "from", t + 5420, "11"), correlation: cf("11"), start: t + 5420, answer: t + 5424, end: t + 5440,
            calling: "201", called: "207", originalCalled: "203", connected: "207", ext: "201", remote: "207",
            direction: .internal, disposition: .answered, flags: [.transferred, .transferSplit], device: "phone-201", remoteDevice: "gina", cause: 16,
            extra: user("1", "from", "anna", ["transfer_conf": cf("10")])))
        assertRecord(r[19], Expected(id: fid("000a0203", "to", t + 5421, "11"), correlation: cf("11"), start: t + 5421, answer: t + 5424, end: t + 5500,
            calling: "201", called: "203", originalCalled: "203", connected: "203", ext: "203", remote: "201",
            direction: .internal, disposition: .answered, flags: .transferred, device: "phone-203", remoteDevice: "anna", cause: 16,
            extra: user("0", "to", "carl", ["transfer_conf": cf("10")])))
    }
}
