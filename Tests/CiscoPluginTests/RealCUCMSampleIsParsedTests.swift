import XCTest

/// The real CUCM files in Tests/Fixtures/cisco/samples: one internal call with two built-in-bridge
/// recording legs, and the CMR file of the same call.
final class RealCUCMSampleIsParsedTests: XCTestCase {
    func testInternalCallAndTwoRecordingLegs() throws {
        let input = try CiscoPluginHarness.sample("cdr.txt")
        let outcome = try CiscoPluginHarness.parse(input)
        XCTAssertEqual(outcome.feedStatus, 0)
        XCTAssertTrue(outcome.consumedAll)
        assertSkipped(outcome, ["header line", "field type line"])
        XCTAssertEqual(outcome.errorsRejects, [])
        let records = outcome.records
        XCTAssertEqual(records.count, 3)

        assertRecord(records.dropFirst(2).first, expectedCall(
            id: "ed56fecd-bd2d-48d4-ae03-7ee3766d6048", correlation: "cucmOHSUtest:2:25447",
            start: 1_744_993_928, answer: 1_744_993_930, end: 1_744_993_941, talkSeconds: 11,
            calling: "5033466594", called: "5033466593", originalCalled: "5033466593", connected: "5033466593",
            redirecting: "5033466593", extension: "5033466594", remote: "5033466593", direction: .internalCall,
            disposition: .answered, device: "SEPCC7F750586B7", remoteDevice: "SEPCC8E7148AD29", cause: 16,
            extra: cucmExtra(origIP: "10.248.64.14", destIP: "10.248.64.17", origCause: "16", destCause: "0", patternUsage: "2")))

        // Recording legs: b00 bridge numbers, OnBehalfOf 27, reason 354, never connected. Their
        // destCause_value (1459617833) is what CUCM wrote; it is not a Q.850 cause.
        assertRecord(records.first, expectedCall(
            id: "bde20536-1250-4382-af5b-3107ef569ae3", correlation: "cucmOHSUtest:2:25449",
            start: 1_744_993_930, end: 1_744_993_930, talkSeconds: 0,
            calling: "b002179144511001", called: "5030079981", originalCalled: "5030079981",
            direction: .unknown, disposition: .noAnswer, device: "SEPCC7F750586B7", cause: 1_459_617_833,
            flags: [.recording],
            extra: cucmExtra(origIP: "10.248.64.14", destIP: nil, origCause: "0", destCause: "1459617833",
                             lastRedirectReason: "354", joinOnBehalfOf: "27",
                             patternUsage: "5")))
        assertRecord(records.dropFirst().first, expectedCall(
            id: "0a649c5c-7d37-4bb4-a50f-b8b87c109d0f", correlation: "cucmOHSUtest:2:25448",
            start: 1_744_993_930, end: 1_744_993_930, talkSeconds: 0,
            calling: "b002179144411001", called: "5030079981", originalCalled: "5030079981",
            direction: .unknown, disposition: .noAnswer, device: "SEPCC8E7148AD29", cause: 1_459_617_833,
            flags: [.recording],
            extra: cucmExtra(origIP: "10.248.64.17", destIP: nil, origCause: "0", destCause: "1459617833",
                             lastRedirectReason: "354", joinOnBehalfOf: "27",
                             patternUsage: "5")))
        // The file ends without a line break: the last record reaches the end of the input.
        XCTAssertEqual(records.last.map { $0.sourceOffset + $0.sourceLength }, UInt64(input.count))
    }

    func testCMRSampleGivesNoRecords() throws {
        let outcome = try CiscoPluginHarness.parse(try CiscoPluginHarness.sample("cmr.txt"))
        XCTAssertTrue(outcome.consumedAll)
        XCTAssertEqual(outcome.records, [])
        assertSkipped(outcome, ["header line", "field type line", "CMR (call quality) record", "CMR (call quality) record"])
    }

    func testSamplesAreProbedAsCUCM() throws {
        XCTAssertEqual(try CiscoPluginHarness.probe(try CiscoPluginHarness.sample("cdr.txt")), 90)
        XCTAssertEqual(try CiscoPluginHarness.probe(try CiscoPluginHarness.sample("cmr.txt")), 90)
    }
}
