import Foundation
import PluginTestSupport
import TollbookCore
import XCTest

/// A call that starts before the clocks go back and ends after: its local end time lies before
/// its local start time, and the host resolves the repeated hour so that the call lasts 20 minutes.
final class CallAcrossTheAutumnChangeTests: XCTestCase {
    func testEndInTheRepeatedHourTakesTheLaterInstant() throws {
        let fixture = try PluginHarness.fixture("swyx/swyx_cdr.txt")
        let header = String(decoding: fixture.prefix { $0 != 0x0A }, as: UTF8.self) + "\n"
        let row = #""2001","201","","202","","202","","26.10.2025","02:50:00","","","","","26.10.2025","02:50:05","# +
            #""26.10.2025","02:10:00","","","","","","","","SwyxIt! 201","SwyxIt! 202","","","0","0","0","","","CallDisconnected""# + "\n"
        let outcome = try PluginHarness(product: "TollbookSwyx").parse(Array((header + row).utf8), timeZone: "Europe/Berlin")
        XCTAssertEqual(outcome.rejects, [])
        let call = try XCTUnwrap(outcome.records.first)
        XCTAssertEqual(UTCTimestamp.iso8601(milliseconds: call.startMs), "2025-10-26T00:50:00Z", "02:50 summer time")
        XCTAssertEqual(call.answerMs.map(UTCTimestamp.iso8601(milliseconds:)), "2025-10-26T00:50:05Z")
        XCTAssertEqual(UTCTimestamp.iso8601(milliseconds: call.endMs), "2025-10-26T01:10:00Z", "02:10 winter time")
        XCTAssertEqual(call.ringMs, 5_000)
        XCTAssertEqual(call.talkMs, 1_195_000)
        XCTAssertTrue(call.flags.contains(.ambiguousLocalTime))
    }

    func testEndMoreThanAnHourBeforeStartIsStillRejected() throws {
        let fixture = try PluginHarness.fixture("swyx/swyx_cdr.txt")
        let header = String(decoding: fixture.prefix { $0 != 0x0A }, as: UTF8.self) + "\n"
        let row = #""2002","201","","202","","202","","03.03.2025","10:00:00","","","","","","","03.03.2025","08:30:00","# +
            #""","","","","","","","SwyxIt! 201","SwyxIt! 202","","","0","0","0","","","CallDisconnected""# + "\n"
        let outcome = try PluginHarness(product: "TollbookSwyx").parse(Array((header + row).utf8))
        XCTAssertEqual(outcome.records, [])
        XCTAssertEqual(outcome.rejects.map(\.reason), [.outOfRange])
        XCTAssertEqual(outcome.rejects.first?.message, "end lies before start")
    }
}
