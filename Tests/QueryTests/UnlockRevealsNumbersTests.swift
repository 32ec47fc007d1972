import Access
import Foundation
import Org
import Query
@testable import Store
import TollbookCore
import XCTest

/// Privacy P9 in the query layer: Ben (manager of T1) sees Anna's private numbers masked
/// (`+4930123XXXXX`, the default package) until an approved unlock of his reveals `number` — then
/// only for Anna's calls in May, never April, never another person's, never a protected number;
/// every output carries the watermark; after 24 hours, or once revoked, everything is masked again.
final class UnlockRevealsNumbersTests: QueryTestCase {
    private var anna: Int64 = 0
    private var cleo: Int64 = 0
    private var aprilPrivate: Int64 = 0
    private var mayPrivate: Int64 = 0
    private var mayBusiness: Int64 = 0
    private var mayProtected: Int64 = 0
    private var cleosMayPrivate: Int64 = 0
    /// Approval time: 2026-06-02T08:00:00Z.
    private let approvedAt: Int64 = 1_780_387_200_000
    private var ben: Principal { principal([.callsReadScope, .unlockRequest], scope: .subtrees([(try? node("T1")) ?? -1]), name: "ben") }

    override func setUpWithError() throws {
        try super.setUpWithError()
        try chart.addNode(at: orgPath("T1"), nowMs: 0)
        anna = try chart.addParticipant(ParticipantFields(name: "Anna"), at: orgPath("T1"), fromMs: day("2026-01-01"), nowMs: 0)
        cleo = try chart.addParticipant(ParticipantFields(name: "Cleo"), at: orgPath("T1"), fromMs: day("2026-01-01"), nowMs: 0)
        try chart.assign(.extension, "berlin/201", to: anna, fromMs: day("2026-01-01"), nowMs: 0)
        try chart.assign(.extension, "berlin/202", to: cleo, fromMs: day("2026-01-01"), nowMs: 0)
        aprilPrivate = try call(day("2026-04-20"), "berlin/201", "+493012345678", category: "private")
        mayPrivate = try call(day("2026-05-10") + 36_240_000, "berlin/201", "+493012345678", category: "private")
        mayBusiness = try call(day("2026-05-11"), "berlin/201", "+4940987654321", category: "business")
        mayProtected = try call(day("2026-05-12"), "berlin/201", "+498001110111", category: "private", protected: "counselling")
        cleosMayPrivate = try call(day("2026-05-13"), "berlin/202", "+493055566677", category: "private")
    }

    /// Stores a call of `extensionKey` to `number` in `category`; returns its id.
    private func call(_ startMs: Int64, _ extensionKey: String, _ number: String, category: String,
                      protected: String? = nil) throws -> Int64 {
        var record = CallRecord(vendorRecordID: "r\(startMs)", correlationID: "c", startMs: startMs, answerMs: startMs + 1_000,
                                endMs: startMs + 126_000)
        record.talkMs = 125_000
        record.parties.extension = "201"
        record.parties.called = number
        record.parties.remote = number
        record.pricing = CallPricing(remoteE164: number, extensionKey: extensionKey, status: .rated, costMinor: 9, currency: "EUR")
        XCTAssertTrue(try store.insert(record, sourceID: sourceID, importID: nil))
        let id = try XCTUnwrap(store.database.scalarInt("SELECT max(id) FROM calls"))
        try store.database.execute("UPDATE calls SET category = '\(category)' WHERE id = \(id)")
        if let protected { try store.database.execute("UPDATE calls SET protected_class = '\(protected)' WHERE id = \(id)") }
        return id
    }

    /// Ben's May request for Anna's numbers (requester id 7, as ``principal(_:scope:participant:name:)`` gives).
    @discardableResult
    private func requestMay(approve: Bool) throws -> Int64 {
        let id = try store.insertUnlock(requesterID: 7, requester: "ben", subjectParticipantID: anna, fromMs: day("2026-05-01"),
                                        toMs: day("2026-06-01"), fields: ["number"], purpose: "suspected misuse",
                                        createdMs: approvedAt - 3_600_000)
        if approve {
            try store.decideUnlock(id: id, status: "approved", by: "wera", nowMs: approvedAt, expiresMs: approvedAt + 86_400_000)
        }
        return id
    }

    /// (id, called, remote_e164) of `reader`'s listing at `nowMs`.
    private func numbers(_ reader: Principal, atMs nowMs: Int64, audit: RecordedAudit = RecordedAudit()) throws -> [Int64: [String]] {
        var rows: [Int64: [String]] = [:]
        try CallQuery(path: path, principal: reader, audit: audit, clock: .fixed(nowMs)).calls(CallRequest()) {
            rows[$0.id] = [$0.call.parties.called, $0.call.parties.remote, $0.call.pricing?.remoteE164 ?? ""]
        }
        return rows
    }

    private func masked(_ text: String) -> [String] { [text, text, text] }

    func testWithoutAnApprovedUnlockPrivateNumbersAreMasked() throws {
        try requestMay(approve: false)
        let shown = try numbers(ben, atMs: approvedAt)
        XCTAssertEqual(shown[mayPrivate], masked("+4930123XXXXX"))
        XCTAssertEqual(shown[aprilPrivate], masked("+4930123XXXXX"))
        XCTAssertEqual(shown[mayBusiness], masked("+4940987654321"), "business numbers are shown in full")
        XCTAssertEqual(shown[cleosMayPrivate], masked("+4930555XXXXX"))
        XCTAssertNil(try CallQuery(path: path, principal: ben, audit: RecordedAudit(), clock: .fixed(approvedAt)).watermark)
    }

    func testAnApprovedUnlockRevealsTheSubjectsNumbersInThePeriodOnlyAndIsAudited() throws {
        let id = try requestMay(approve: true)
        let audit = RecordedAudit()
        let shown = try numbers(ben, atMs: approvedAt + 60_000, audit: audit)
        XCTAssertEqual(shown[mayPrivate], masked("+493012345678"), "Anna's May call, unlocked")
        XCTAssertEqual(shown[aprilPrivate], masked("+4930123XXXXX"), "April is outside the unlocked period")
        XCTAssertEqual(shown[cleosMayPrivate], masked("+4930555XXXXX"), "another subject stays masked")
        XCTAssertEqual(shown[mayProtected], ["protected: counselling", "protected: counselling", ""],
                       "a protected number is never revealed")
        XCTAssertEqual(shown[mayBusiness], masked("+4940987654321"))
        let uses = audit.events.filter { $0.action == "unlock.use" }
        XCTAssertEqual(uses, [AuditEvent(action: "unlock.use", actor: "ben", subject: "participant:\(anna)", outcome: .success,
                                         detail: "unlock=\(id) read=calls.list rows=1")])
        // Anna herself, and a token of Ben's, see her package: unlocks are the requester's, for humans.
        let annaHerself = Principal(kind: .user, userName: "anna", userID: 8, permissions: [.callsReadOwn], scope: .subtrees([]),
                                    participantID: anna)
        XCTAssertEqual(try numbers(annaHerself, atMs: approvedAt)[mayPrivate], masked("+4930123XXXXX"))
        var token = ben
        token.kind = .token
        XCTAssertEqual(try numbers(token, atMs: approvedAt)[mayPrivate], masked("+4930123XXXXX"))
    }

    func testTheUnlockEndsAfterTwentyFourHoursAndWhenRevoked() throws {
        let id = try requestMay(approve: true)
        XCTAssertEqual(try numbers(ben, atMs: approvedAt + 86_400_000 - 1)[mayPrivate], masked("+493012345678"))
        XCTAssertEqual(try numbers(ben, atMs: approvedAt + 86_400_000)[mayPrivate], masked("+4930123XXXXX"), "next day: masked again")
        try store.revokeUnlock(id: id, by: "wera", nowMs: approvedAt + 1)
        XCTAssertEqual(try numbers(ben, atMs: approvedAt + 2)[mayPrivate], masked("+4930123XXXXX"))
    }

    func testEveryOutputUnderAnUnlockIsWatermarkedAndTheFastPathMatches() throws {
        try requestMay(approve: true)
        let query = try CallQuery(path: path, principal: ben, audit: RecordedAudit(), clock: .fixed(approvedAt))
        let watermark = "UNLOCKED (four-eyes): shown to ben under unlock 1 until 2026-06-03T08:00:00Z; read-only, do not pass on"
        XCTAssertEqual(query.watermark, watermark)
        let json = ByteOutput(.memory)
        XCTAssertEqual(try query.writeCalls(CallRequest(), format: .json, to: json), 5)
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.collected)) as? [[String: Any]])
        XCTAssertEqual(rows.map { $0["watermark"] as? String }, Array(repeating: watermark, count: 5))
        XCTAssertEqual(rows.map { $0["called"] as? String },
                       ["+4930123XXXXX", "+493012345678", "+4940987654321", "protected: counselling", "+4930555XXXXX"])
        // The streamed rows equal the reference rendering of the same (masked or revealed) calls.
        var reference: [String] = []
        try query.callValues(CallRequest()) { reference.append(FieldValue.jsonObject(header: CallListing.fields, values: $0)) }
        let streamed = String(decoding: json.collected, as: UTF8.self).split(separator: "\n").dropFirst().dropLast()
        let encodedMark = "," + "\"watermark\":" + FieldValue.text(watermark).json + "}"
        XCTAssertEqual(streamed.map { String($0.hasSuffix(",") ? $0.dropLast() : $0) },
                       reference.map { String($0.dropLast()) + encodedMark })
        let csv = ByteOutput(.memory)
        try query.writeCalls(CallRequest(), format: .csv, to: csv)
        let lines = String(decoding: csv.collected, as: UTF8.self).split(separator: "\r\n")
        XCTAssertEqual(lines.first.map { String($0) }, CallListing.fields.joined(separator: ",") + ",watermark")
        XCTAssertEqual(lines.dropFirst().filter { $0.hasSuffix("," + FieldValue.text(watermark).csv) }.count, 5)
    }
}
