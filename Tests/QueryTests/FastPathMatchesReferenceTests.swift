import Access
import Query
@testable import Store
import TollbookCore
import XCTest

/// The fast listing writes exactly the bytes of the reference rendering (``CallListing/values(of:)``
/// through ``FieldValue``) for every field kind, NULLs, Unicode, quotes, control characters,
/// invalid UTF-8 and values the fast code hands back to the reference code.
final class FastPathMatchesReferenceTests: QueryTestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        let numbers = PartyNumbers(
            calling: ClassifiedNumber(e164: "+49305552001", category: "internal"),
            called: ClassifiedNumber(e164: "+49301234567", category: "local"),
            originalCalled: ClassifiedNumber(e164: "+4915112345678", category: "mobile"),
            connected: ClassifiedNumber(e164: "", category: "unknown"),
            redirecting: ClassifiedNumber(e164: "+49305552001", category: "internal"))
        var full = CallRecord(
            vendorRecordID: "pk,\"1\"", correlationID: "c:1\r\n2", startMs: 1_741_000_000_123, answerMs: 1_741_000_003_000,
            endMs: 1_741_000_064_500, ringMs: 2_900, talkMs: 61_050, direction: .outgoing, disposition: .answered,
            flags: [.forwarded, .huntGroup, .ambiguousLocalTime],
            parties: CallParties(calling: "2001", called: "0301234567", originalCalled: "Müller, Jörg", connected: "a\tb\u{1}c",
                                 redirecting: "back\\slash", extension: "2001", remote: "0301234567", accountCode: "77",
                                 pin: "1234", projectCode: "P9\n"),
            trunk: "GW1", device: "SEP001", remoteDevice: "e\u{301}", huntGroup: ",\u{301}", cause: 16, causeText: "say \"hi\"",
            chargeUnits: 3, chargeMinor: -42, chargeCurrency: "EUR", sourceOffset: 100, sourceLength: 400,
            extra: [VendorField(key: "orig_ip", value: "10.0.0.1"), VendorField(key: "q\"uote", value: "a\\b\nc|d=e"),
                    VendorField(key: "emoji", value: "📞 ☎︎")])
        full.pricing = CallPricing(
            remoteE164: "+49301234567", remoteCategory: "local", extensionKey: "ber/2001", localE164: "+49305552001",
            numbers: numbers, status: .rated, costMinor: -1234, currency: "EUR", provider: "fern,werk", tariffVersion: "2025-01-01",
            zone: "local", destination: "Berlin \"Mitte\"", bands: "day", increments: "60/60", pricing: .flat)
        var yen = CallRecord(vendorRecordID: "yen", correlationID: "", startMs: 5, answerMs: nil, endMs: 1_000)
        yen.ringMs = -1_500
        yen.talkMs = -20
        yen.flags = [.recording, .transferred]
        yen.pricing = CallPricing(remoteE164: "", status: .unrated, costMinor: 7, currency: "JPY", unratedReason: "no zone\r",
                                  previousCostMinor: 9)
        var dinar = CallRecord(vendorRecordID: "kwd", correlationID: "x", startMs: 253_402_300_800_000, answerMs: 0,
                               endMs: 253_402_300_801_000)
        dinar.direction = .internal
        dinar.disposition = .rejected
        dinar.pricing = CallPricing(remoteE164: "+965", status: .rated, costMinor: 1_005, currency: "KWD")
        let plain = CallRecord(vendorRecordID: "", correlationID: "", startMs: 0, answerMs: nil, endMs: 0)
        try store.beginBatch()
        for call in [full, yen, dinar, plain] { XCTAssertTrue(try store.insert(call, sourceID: sourceID, importID: nil)) }
        try store.commitBatch()
        // Bytes that are not UTF-8, and a text whose CR LF is one character.
        try store.database.execute("UPDATE calls SET trunk = CAST(X'61FF62' AS TEXT), device = 'line1' || char(13, 10) || 'line2' WHERE vendor_record_id = 'yen'")
        // Extras not as the store writes them (spaces, other escapes, a broken tail): decoded, not copied.
        try store.database.execute(#"UPDATE calls SET extra = '{ "a" : "x\/y", "t":"\u0009\u00e9", "b":"' WHERE vendor_record_id = 'kwd'"#)
        try store.database.execute(#"UPDATE calls SET extra = '{"c":"\u001f\"q\"","d":""}' WHERE vendor_record_id = ''"#)
    }

    /// The reference rendering of every call in `format`, as `tollbook calls` printed it before the fast path.
    private func reference(_ format: CallListingFormat) throws -> String {
        var rows: [[FieldValue]] = []
        try CallQuery(path: path, principal: .databaseOwner, audit: RecordedAudit()).calls(CallRequest()) {
            rows.append(CallListing.values(of: $0))
        }
        switch format {
        case .csv:
            return ([CallListing.fields.joined(separator: ",")] + rows.map(FieldValue.csvLine)).map { $0 + "\r\n" }.joined()
        case .jsonl:
            return rows.map { FieldValue.jsonObject(header: CallListing.fields, values: $0) + "\n" }.joined()
        case .json:
            let objects = rows.map { FieldValue.jsonObject(header: CallListing.fields, values: $0) }
            return "[" + objects.enumerated().map { ($0.offset == 0 ? "\n" : ",\n") + $0.element }.joined()
                + (objects.isEmpty ? "]\n" : "\n]\n")
        }
    }

    private func fast(_ format: CallListingFormat, capacity: Int = 1 << 20) throws -> String {
        let output = ByteOutput(.memory, capacity: capacity)
        XCTAssertEqual(try CallQuery(path: path, principal: .databaseOwner, audit: RecordedAudit())
            .writeCalls(CallRequest(), format: format, to: output), 4)
        return String(decoding: output.collected, as: UTF8.self)
    }

    func testEveryFormatMatchesTheReferenceByteForByte() throws {
        for format in CallListingFormat.allCases {
            let expected = try reference(format)
            XCTAssertEqual(try fast(format), expected, "\(format)")
            XCTAssertEqual(try fast(format, capacity: 4096), expected, "\(format) with a small buffer flushed often")
        }
    }

    func testTrickyValuesAreRenderedAsTheReferenceDoes() throws {
        let csv = try fast(.csv)
        XCTAssertTrue(csv.contains(",\"pk,\"\"1\"\"\",\"c:1\r\n2\","), "quotes doubled; a field holding CR LF is quoted (RFC 4180)")
        XCTAssertTrue(csv.contains(",a\u{FFFD}b,\"line1\r\nline2\","), "invalid UTF-8 replaced, CR LF quoted")
        XCTAssertTrue(csv.contains(",\",\u{301}\","), "a comma followed by a combining mark is still a comma: quoted")
        XCTAssertTrue(csv.contains(",\"no zone\r\","), "a lone CR is quoted")
        XCTAssertTrue(csv.hasSuffix("\r\n"), "every record ends with CR LF")
        XCTAssertTrue(csv.contains(",-1.5,-0.02,"), "negative durations")
        let json = try fast(.jsonl)
        XCTAssertTrue(json.contains("\"connected\":\"a\\tb\\u0001c\""))
        XCTAssertTrue(json.contains("\"cost\":\"-12.34\",\"cost_minor\":-1234,\"currency\":\"EUR\",\"provider\":\"fern,werk\""))
        XCTAssertTrue(json.contains("\"cost\":\"7\",\"cost_minor\":7,\"currency\":\"JPY\""))
        XCTAssertTrue(json.contains("\"cost\":\"1.005\""))
        XCTAssertTrue(json.contains("\"start\":\"10000-01-01T00:00:00Z\""))
        XCTAssertTrue(json.contains("\"start\":\"2025-03-03T11:06:40.123Z\""))
        XCTAssertTrue(json.contains("\"flags\":[\"forwarded\",\"hunt_group\",\"ambiguous_local_time\"]"))
        XCTAssertTrue(json.contains("\"calling_e164\":\"+49305552001\",\"calling_category\":\"internal\",\"called_e164\":\"+49301234567\""))
        XCTAssertTrue(json.contains("\"extra\":{\"orig_ip\":\"10.0.0.1\",\"q\\\"uote\":\"a\\\\b\\nc|d=e\",\"emoji\":\"📞 ☎︎\"}"))
        XCTAssertTrue(json.contains(#""extra":{"a":"x/y","t":"\té"}"#), "re-encoded as the reference does")
        XCTAssertTrue(json.contains(#""extra":{"c":"\u001f\"q\"","d":""}"#))
        XCTAssertTrue(csv.contains(",a=x/y|t=\té,"), "CSV of decoded extras")
    }

    func testAnEmptyListing() throws {
        let output = ByteOutput(.memory)
        let nobody = principal([.callsReadOwn], participant: 999)
        XCTAssertEqual(try CallQuery(path: path, principal: nobody, audit: RecordedAudit()).writeCalls(CallRequest(), format: .json, to: output), 0)
        XCTAssertEqual(String(decoding: output.collected, as: UTF8.self), "[]\n")
    }
}
