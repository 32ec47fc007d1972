import XCTest

/// 2025-03-03 08:00:00 UTC: the base time of the fixture calls (see Tests/Fixtures/cisco/README.md).
let fixtureBase: Int64 = 1_740_988_800

/// Builds the expected content of a record from values written by hand. Times are epoch seconds
/// (converted to microseconds here), talk time is in seconds (converted to milliseconds).
func expectedCall(
    id: String, correlation: String, start: Int64, answer: Int64? = nil, end: Int64, talkSeconds: Int64?,
    calling: String, called: String, originalCalled: String, connected: String = "", redirecting: String = "",
    extension ext: String = "", remote: String = "", direction: Direction, disposition: Disposition,
    trunk: String = "", device: String = "", remoteDevice: String = "", huntGroup: String = "",
    accountCode: String = "", pin: String = "", cause: Int64?, flags: CallFlags = [], extra: [String: String]
) -> CallFields {
    var f = CallFields()
    f.vendorRecordID = id
    f.correlationID = correlation
    f.startUs = start * 1_000_000
    f.answerUs = answer.map { $0 * 1_000_000 } ?? Int64.min
    f.endUs = end * 1_000_000
    f.talkMs = talkSeconds.map { $0 * 1000 } ?? Int64.min
    f.calling = calling
    f.called = called
    f.originalCalled = originalCalled
    f.connected = connected
    f.redirecting = redirecting
    f.extensionNumber = ext
    f.remote = remote
    f.direction = direction
    f.disposition = disposition
    f.trunk = trunk
    f.device = device
    f.remoteDevice = remoteDevice
    f.huntGroup = huntGroup
    f.accountCode = accountCode
    f.pin = pin
    f.cause = cause ?? Int64.min
    f.flags = flags
    f.extra = extra
    return f
}

/// The vendor extras of a CUCM row; nil IPs are left out (the column held 0).
func cucmExtra(origIP: String?, destIP: String?, origCause: String, destCause: String,
               lastRedirectReason: String = "0", joinOnBehalfOf: String = "0",
               patternUsage: String) -> [String: String] {
    // The plugin leaves out the columns whose value is "0" (none).
    var extra = ["orig_cause": origCause, "dest_cause": destCause, "last_redirect_reason": lastRedirectReason,
                 "join_on_behalf_of": joinOnBehalfOf, "called_pattern_usage": patternUsage].filter { $0.value != "0" }
    if let origIP { extra["orig_ip"] = origIP }
    if let destIP { extra["dest_ip"] = destIP }
    return extra
}

extension XCTestCase {
    /// Asserts that `actual` has exactly the `expected` content, naming every differing field.
    func assertRecord(_ actual: ParsedRecord?, _ expected: CallFields,
                      file: StaticString = #filePath, line: UInt = #line) {
        guard let actual else { return XCTFail("record missing", file: file, line: line) }
        XCTAssertEqual(actual.structSize, 408, "struct_size", file: file, line: line)
        XCTAssertFalse(actual.duplicateExtraKeys, "duplicate extra keys", file: file, line: line)
        let differences = actual.fields.differences(from: expected)
        XCTAssertTrue(differences.isEmpty, "record \(expected.vendorRecordID): " + differences.joined(separator: "; "),
                      file: file, line: line)
    }

    /// Parses a fixture whole and checks the plugin consumed it all without errors.
    func parseFixture(_ name: String, options: String = "{}", file: StaticString = #filePath,
                      line: UInt = #line) throws -> ParseOutcome {
        let outcome = try CiscoPluginHarness.parse(try CiscoPluginHarness.fixture(name), options: options)
        XCTAssertEqual(outcome.createStatus, 0, "create", file: file, line: line)
        XCTAssertEqual(outcome.feedStatus, 0, "feed", file: file, line: line)
        XCTAssertTrue(outcome.consumedAll, "consumed everything", file: file, line: line)
        return outcome
    }

    /// Asserts the skipped spans' messages in order.
    func assertSkipped(_ outcome: ParseOutcome, _ messages: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(outcome.skipped.map(\.message), messages, file: file, line: line)
    }
}

/// All fixture files, for the file-independent invariants.
let allFixtureNames = [
    "cdr_133_basic.txt", "cdr_129.txt", "cdr_123_cucm105.txt", "cdr_headerless_129.txt", "cdr_headerless_133.txt",
    "cdr_car_export_reordered.txt", "cdr_transfer_chain.txt", "cdr_hunt_group.txt", "cdr_forwards.txt",
    "cdr_bridge_legs.txt", "cmr.txt", "cdr_malformed.txt", "cdr_no_trailing_newline.txt", "cdr_crlf.txt",
    "cdr_refer_and_voicemail_trunk.txt", "cdr_spreadsheet_resaved.txt",
]
